import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import type { Role } from "@/lib/db/schema";
import { auditLog, memberships, users, workspaces } from "@/lib/db/schema";

export interface WorkspaceSummary {
  id: string;
  name: string;
  role: Role;
}

/** Workspaces a user belongs to, oldest membership first. */
export async function listUserWorkspaces(db: DbOrTx, userId: string): Promise<WorkspaceSummary[]> {
  return db
    .select({ id: workspaces.id, name: workspaces.name, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt), asc(workspaces.name));
}

export async function listMembers(db: DbOrTx, workspaceId: string) {
  return db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, since: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(memberships.createdAt));
}

export async function getMembership(db: DbOrTx, workspaceId: string, userId: string) {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  return row ?? null;
}

export async function countUsers(db: DbOrTx): Promise<number> {
  const rows = await db.select({ id: users.id }).from(users).limit(1);
  return rows.length;
}

/** Who did `action` to each of `targets` most recently (their e-mail; null when the account is gone), from the audit log. */
export async function listAuditActors(db: DbOrTx, workspaceId: string, action: string, targets: string[]): Promise<Map<string, string | null>> {
  if (targets.length === 0) return new Map();
  const rows = await db
    .select({ target: auditLog.target, email: users.email })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(eq(auditLog.workspaceId, workspaceId), eq(auditLog.action, action), inArray(auditLog.target, targets)))
    .orderBy(desc(auditLog.createdAt));
  const out = new Map<string, string | null>();
  for (const r of rows) if (r.target && !out.has(r.target)) out.set(r.target, r.email);
  return out;
}
