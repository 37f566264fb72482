import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/client";
import type { Role } from "@/lib/db/schema";
import { auditLog, memberships, users, workspaces } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import type { RequestContext } from "@/lib/auth/context-types";
import { assertCan } from "@/lib/auth/permissions";
import type { AddMemberInput, WorkspaceNameInput } from "./schemas";

export async function writeAudit(
  db: DbOrTx,
  ctx: Pick<RequestContext, "workspaceId" | "userId">,
  action: string,
  target: string | null,
  details: Record<string, unknown> = {},
) {
  await db.insert(auditLog).values({ workspaceId: ctx.workspaceId, actorUserId: ctx.userId, action, target, details });
}

/** Creates a workspace with its first owner (used at first start and by tests). */
export async function createWorkspaceWithOwner(
  db: Db,
  params: { workspaceName: string; email: string; password: string; name?: string },
) {
  const passwordHash = await hashPassword(params.password);
  return db.transaction(async (tx) => {
    const [ws] = await tx.insert(workspaces).values({ name: params.workspaceName }).returning();
    const [user] = await tx
      .insert(users)
      .values({ email: params.email.toLowerCase(), name: params.name ?? "", passwordHash })
      .returning({ id: users.id, email: users.email });
    if (!ws || !user) throw new Error("insert returned nothing");
    await tx.insert(memberships).values({ workspaceId: ws.id, userId: user.id, role: "owner" });
    await tx.insert(auditLog).values({ workspaceId: ws.id, actorUserId: user.id, action: "workspace.create", target: ws.id });
    return { workspaceId: ws.id, userId: user.id, email: user.email };
  });
}

export async function renameWorkspace(db: Db, ctx: RequestContext, input: WorkspaceNameInput) {
  assertCan(ctx, "settings:write");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(workspaces)
      .set({ name: input.name })
      .where(eq(workspaces.id, ctx.workspaceId))
      .returning({ id: workspaces.id, name: workspaces.name });
    if (!row) throw new AppError("not_found", "Workspace not found");
    await writeAudit(tx, ctx, "workspace.rename", ctx.workspaceId, { name: input.name });
    return row;
  });
}

/** Adds a person to the current workspace, creating their account when the e-mail is new. */
export async function addMember(db: Db, ctx: RequestContext, input: AddMemberInput) {
  assertCan(ctx, "members:write");
  if (input.role === "owner" && ctx.role !== "owner") throw new AppError("forbidden", "Only an owner can add another owner");
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    const userId =
      existing?.id ??
      (await tx.insert(users).values({ email: input.email, name: input.name, passwordHash }).returning({ id: users.id }))[0]!.id;
    const [already] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.workspaceId, ctx.workspaceId), eq(memberships.userId, userId)));
    if (already) throw new AppError("conflict", `${input.email} is already a member`, { email: ["Already a member of this workspace"] });
    await tx.insert(memberships).values({ workspaceId: ctx.workspaceId, userId, role: input.role as Role });
    await writeAudit(tx, ctx, "member.add", userId, { email: input.email, role: input.role });
    return { userId };
  });
}
