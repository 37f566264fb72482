import { and, count, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/client";
import { uniqueViolation } from "@/lib/db/errors";
import type { Role } from "@/lib/db/schema";
import { auditLog, memberships, users, workspaces } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import type { RequestContext } from "@/lib/auth/context-types";
import { assertCan } from "@/lib/auth/permissions";
import type { AddMemberInput, ChangePasswordInput, ChangeRoleInput, RemoveMemberInput, WorkspaceNameInput } from "./schemas";

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

/**
 * Adds a person to the current workspace. A new e-mail gets an account with
 * the given initial password; an e-mail that already has an account keeps its
 * own password. The answer does not say which (that would tell one workspace
 * about accounts of others); the screen says both cases.
 */
export async function addMember(db: Db, ctx: RequestContext, input: AddMemberInput): Promise<{ userId: string }> {
  assertCan(ctx, "members:write");
  if (input.role === "owner" && ctx.role !== "owner") throw new AppError("forbidden", "Only an owner can add another owner");
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
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
      await writeAudit(tx, ctx, "member.add", userId, { email: input.email, role: input.role, existingAccount: !!existing });
      return { userId };
    });
  } catch (err) {
    if (uniqueViolation(err) !== null) throw new AppError("conflict", `${input.email} was just added by someone else. Reload the page.`, { email: ["Just added"] });
    throw err;
  }
}

/** Loads a member of the current workspace for a change, with the rules every change obeys. */
async function memberForChange(tx: DbOrTx, ctx: RequestContext, userId: string) {
  // Member changes of one workspace take turns, so two owners cannot demote each other at once and leave none.
  await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, ctx.workspaceId)).for("no key update");
  const [target] = await tx
    .select({ role: memberships.role, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, ctx.workspaceId), eq(memberships.userId, userId)))
    .for("update");
  if (!target) throw new AppError("not_found", "That person is not a member of this workspace.");
  if (target.role === "owner" && ctx.role !== "owner") throw new AppError("forbidden", "Only an owner can change or remove an owner.");
  return target;
}

async function assertAnotherOwner(tx: DbOrTx, workspaceId: string) {
  const [row] = await tx
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, "owner")));
  if (Number(row?.n ?? 0) <= 1) throw new AppError("conflict", "A workspace needs at least one owner. Make someone else owner first.");
}

export async function changeMemberRole(db: Db, ctx: RequestContext, input: ChangeRoleInput) {
  assertCan(ctx, "members:write");
  if (input.role === "owner" && ctx.role !== "owner") throw new AppError("forbidden", "Only an owner can make someone an owner.");
  return db.transaction(async (tx) => {
    const target = await memberForChange(tx, ctx, input.userId);
    if (target.role === input.role) return { userId: input.userId };
    if (target.role === "owner") await assertAnotherOwner(tx, ctx.workspaceId);
    await tx.update(memberships).set({ role: input.role }).where(and(eq(memberships.workspaceId, ctx.workspaceId), eq(memberships.userId, input.userId)));
    await writeAudit(tx, ctx, "member.role", input.userId, { email: target.email, from: target.role, to: input.role });
    return { userId: input.userId };
  });
}

export async function removeMember(db: Db, ctx: RequestContext, input: RemoveMemberInput) {
  assertCan(ctx, "members:write");
  return db.transaction(async (tx) => {
    const target = await memberForChange(tx, ctx, input.userId);
    if (target.role === "owner") await assertAnotherOwner(tx, ctx.workspaceId);
    await tx.delete(memberships).where(and(eq(memberships.workspaceId, ctx.workspaceId), eq(memberships.userId, input.userId)));
    await writeAudit(tx, ctx, "member.remove", input.userId, { email: target.email, role: target.role });
    return { userId: input.userId };
  });
}

/** Changes the signed-in person's own password (any role); the current one must be given. */
export async function changeOwnPassword(db: Db, ctx: RequestContext, input: ChangePasswordInput) {
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, ctx.userId));
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new AppError("validation", "The current password is not right.", { currentPassword: ["The current password is not right"] });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, ctx.userId));
    await writeAudit(tx, ctx, "user.password", ctx.userId);
  });
  return { changed: true };
}
