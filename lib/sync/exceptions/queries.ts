import { and, count, desc, eq, max, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import type { ExceptionStatus } from "@/lib/db/schema";
import { orders, syncExceptions, users } from "@/lib/db/schema";
import type { Cause } from "./causes";
import { CAUSES } from "./causes";

export interface ExceptionGroup {
  cause: Cause;
  title: string;
  count: number;
  lastSeenAt: Date;
  /** Where to fix the whole cause when it is one setting or one subject (else each exception has its own link). */
  fix: { path: string; label: string } | null;
}

/** Open exceptions grouped by cause, most frequent first. */
export async function listExceptionGroups(db: DbOrTx, workspaceId: string): Promise<ExceptionGroup[]> {
  const rows = await db
    .select({ cause: syncExceptions.cause, n: count(), last: max(syncExceptions.lastSeenAt), subjects: sql<number>`count(distinct ${syncExceptions.subject})::int`, subject: sql<string>`min(${syncExceptions.subject})` })
    .from(syncExceptions)
    .where(and(eq(syncExceptions.workspaceId, workspaceId), eq(syncExceptions.status, "open")))
    .groupBy(syncExceptions.cause)
    .orderBy(desc(count()));
  return rows.map((r) => {
    const info = CAUSES[r.cause as Cause];
    return {
      cause: r.cause as Cause,
      title: info?.title ?? r.cause,
      count: r.n,
      lastSeenAt: r.last ?? new Date(0),
      // A cause that is one setting for the whole workspace has one place to fix it; per-record causes link from each row.
      fix: info && (r.cause === "generic_customer_missing" || r.cause === "payment_method_unmapped" || r.cause === "acumatica_not_connected" || r.cause === "authorization_lost" || (r.subjects === 1 && r.cause !== "changed_after_push")) ? info.fix(r.subjects === 1 ? r.subject : "", null) : null,
    };
  });
}

export interface ExceptionRow {
  id: string;
  cause: string;
  title: string;
  subject: string;
  message: string;
  fixPath: string;
  fixLabel: string;
  status: ExceptionStatus;
  occurrences: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  closedAt: Date | null;
  resolution: string | null;
  orderId: string | null;
  orderExternalId: string | null;
  raw: Record<string, unknown> | null;
  /** Who dismissed it (closed by hand). */
  closedByEmail: string | null;
}

export async function listExceptions(
  db: DbOrTx,
  workspaceId: string,
  p: { status: "open" | "closed"; cause?: string; page: number; pageSize: number },
): Promise<{ rows: ExceptionRow[]; total: number }> {
  const where = and(
    eq(syncExceptions.workspaceId, workspaceId),
    p.status === "open" ? eq(syncExceptions.status, "open") : sql`${syncExceptions.status} <> 'open'`,
    p.cause ? eq(syncExceptions.cause, p.cause) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({ e: syncExceptions, orderExternalId: orders.externalId, closedByEmail: users.email })
      .from(syncExceptions)
      .leftJoin(orders, and(eq(orders.id, syncExceptions.orderId), eq(orders.workspaceId, workspaceId)))
      .leftJoin(users, eq(users.id, syncExceptions.closedBy))
      .where(where)
      .orderBy(desc(p.status === "open" ? syncExceptions.lastSeenAt : syncExceptions.closedAt), desc(syncExceptions.id))
      .limit(p.pageSize)
      .offset(p.page * p.pageSize),
    db.select({ n: count() }).from(syncExceptions).where(where),
  ]);
  return {
    total: total?.n ?? 0,
    rows: rows.map(({ e, orderExternalId, closedByEmail }) => ({
      id: e.id,
      cause: e.cause,
      title: CAUSES[e.cause as Cause]?.title ?? e.cause,
      subject: e.subject,
      message: e.message,
      fixPath: e.fixPath,
      fixLabel: e.fixLabel,
      status: e.status,
      occurrences: e.occurrences,
      firstSeenAt: e.firstSeenAt,
      lastSeenAt: e.lastSeenAt,
      closedAt: e.closedAt,
      resolution: e.resolution,
      orderId: e.orderId,
      orderExternalId,
      raw: e.raw,
      closedByEmail,
    })),
  };
}

export async function countOpenExceptions(db: DbOrTx, workspaceId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(syncExceptions).where(and(eq(syncExceptions.workspaceId, workspaceId), eq(syncExceptions.status, "open")));
  return row?.n ?? 0;
}
