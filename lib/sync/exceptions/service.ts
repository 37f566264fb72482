import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { syncExceptions } from "@/lib/db/schema";
import type { Problem } from "./causes";
import { fixOf } from "./causes";

export interface ExceptionEntity {
  workspaceId: string;
  entityType: "order" | "refund" | "connection" | "fulfillment" | "product" | "location";
  entityId: string;
  orderId: string | null;
}

const keyOf = (p: { cause: string; subject?: string | null }) => `${p.cause}\u0000${p.subject ?? ""}`;

/**
 * Makes the open exceptions of one record exactly `problems`: each problem is
 * opened (or, if already open, counted again with its latest message and raw
 * answer), and every other open exception of the record is closed with
 * `resolution` — a record's exceptions always describe its current state.
 * `scope` limits which open exceptions this check may close (a push does not
 * close a cancellation's exception).
 */
export async function syncProblems(db: DbOrTx, entity: ExceptionEntity, problems: Problem[], resolution: string, scope?: readonly string[]): Promise<void> {
  const where = and(
    eq(syncExceptions.workspaceId, entity.workspaceId),
    eq(syncExceptions.entityType, entity.entityType),
    eq(syncExceptions.entityId, entity.entityId),
    eq(syncExceptions.status, "open"),
    scope ? inArray(syncExceptions.cause, [...scope]) : undefined,
  );
  const open = await db.select({ id: syncExceptions.id, cause: syncExceptions.cause, subject: syncExceptions.subject }).from(syncExceptions).where(where);
  const wanted = new Set(problems.map(keyOf));
  const stale = open.filter((o) => !wanted.has(keyOf(o))).map((o) => o.id);
  if (stale.length) {
    await db
      .update(syncExceptions)
      .set({ status: "closed", closedAt: sql`now()`, resolution })
      .where(and(eq(syncExceptions.workspaceId, entity.workspaceId), inArray(syncExceptions.id, stale)));
  }
  for (const p of problems) {
    const fix = fixOf(p.cause, p.subject ?? "", entity.orderId);
    await db
      .insert(syncExceptions)
      .values({
        workspaceId: entity.workspaceId,
        entityType: entity.entityType,
        entityId: entity.entityId,
        orderId: entity.orderId,
        cause: p.cause,
        subject: p.subject ?? "",
        message: p.message,
        fixPath: fix.path,
        fixLabel: fix.label,
        raw: p.raw ?? null,
      })
      .onConflictDoUpdate({
        target: [syncExceptions.workspaceId, syncExceptions.entityType, syncExceptions.entityId, syncExceptions.cause, syncExceptions.subject],
        targetWhere: sql`${syncExceptions.status} = 'open'`,
        set: {
          message: p.message,
          raw: p.raw ?? null,
          fixPath: fix.path,
          fixLabel: fix.label,
          occurrences: sql`${syncExceptions.occurrences} + 1`,
          lastSeenAt: sql`now()`,
        },
      });
  }
}

/** Closes every open exception of a record (it synced), optionally only some causes. */
export function closeProblems(db: DbOrTx, entity: ExceptionEntity, resolution: string, scope?: readonly string[]) {
  return syncProblems(db, entity, [], resolution, scope);
}

/** Closes the open exceptions of a cause across a workspace (e.g. "Acumatica not connected" once connected). */
export async function closeCause(db: DbOrTx, workspaceId: string, causes: readonly string[], resolution: string, except: string[] = []): Promise<number> {
  const rows = await db
    .update(syncExceptions)
    .set({ status: "closed", closedAt: sql`now()`, resolution })
    .where(
      and(
        eq(syncExceptions.workspaceId, workspaceId),
        eq(syncExceptions.status, "open"),
        inArray(syncExceptions.cause, [...causes]),
        except.length ? notInArray(syncExceptions.id, except) : undefined,
      ),
    )
    .returning({ id: syncExceptions.id });
  return rows.length;
}

/** Closes the open exceptions of one cause whose subject is one of `subjects` (e.g. a SKU that is fine now), whatever their record. */
export async function closeSubjects(db: DbOrTx, workspaceId: string, cause: string, subjects: readonly string[], resolution: string): Promise<number> {
  if (subjects.length === 0) return 0;
  const rows = await db
    .update(syncExceptions)
    .set({ status: "closed", closedAt: sql`now()`, resolution })
    .where(and(eq(syncExceptions.workspaceId, workspaceId), eq(syncExceptions.status, "open"), eq(syncExceptions.cause, cause), inArray(syncExceptions.subject, [...subjects])))
    .returning({ id: syncExceptions.id });
  return rows.length;
}
