import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/db/schema";
import { memberships, users, workspaces } from "@/lib/db/schema";
import { hashPassword } from "@/lib/auth/password";
import type { RequestContext } from "@/lib/auth/context-types";

let passwordHashCache: Promise<string> | undefined;
export const TEST_PASSWORD = "correct-horse-battery";

/** Seeds a workspace and one member with `role`; returns the context lib functions take. */
export async function seedWorkspace(db: Db, opts: { name: string; email: string; role?: Role }): Promise<RequestContext> {
  passwordHashCache ??= hashPassword(TEST_PASSWORD);
  const passwordHash = await passwordHashCache;
  const [ws] = await db.insert(workspaces).values({ name: opts.name }).returning();
  const [user] = await db.insert(users).values({ email: opts.email.toLowerCase(), passwordHash }).returning();
  const role = opts.role ?? "owner";
  await db.insert(memberships).values({ workspaceId: ws!.id, userId: user!.id, role });
  return { userId: user!.id, email: user!.email, workspaceId: ws!.id, workspaceName: ws!.name, role };
}

/** Adds an existing user of another context to a workspace with a role. */
export async function addToWorkspace(db: Db, ctx: RequestContext, workspaceId: string, role: Role): Promise<RequestContext> {
  await db.insert(memberships).values({ workspaceId, userId: ctx.userId, role });
  return { ...ctx, workspaceId, role };
}
