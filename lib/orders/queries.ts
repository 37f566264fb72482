import { and, asc, count, desc, eq, exists, gte, inArray, lt, notExists, or, sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import type { OrderStatus } from "@/lib/db/schema";
import { connections, orderEvents, orderLines, orderRefunds, orders, syncBindings, syncExceptions } from "@/lib/db/schema";
import { JOBS } from "@/lib/sync/jobs/catalog";
import type { HubOrder } from "./types";

export interface OrderListFilters {
  status?: OrderStatus;
  /** TikTok shop connection id. */
  shop?: string;
  /** ISO dates (inclusive from, exclusive to) on the TikTok creation time. */
  from?: string;
  to?: string;
  hasException?: boolean;
  pushed?: boolean;
  /** TikTok order id (prefix) or Acumatica order number. */
  q?: string;
}

export const ORDER_SORTS = ["createdAt", "total", "status"] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];

export interface OrderListRow {
  id: string;
  externalId: string;
  shopName: string;
  status: OrderStatus;
  channelStatus: string;
  total: string;
  currency: string;
  createdAt: Date;
  unitCount: number;
  erp: { state: string; orderType: string | null; orderNbr: string | null } | null;
  openExceptions: number;
}

const bindingOf = (workspaceId: string) =>
  and(eq(syncBindings.workspaceId, workspaceId), eq(syncBindings.entityType, "order"), eq(syncBindings.entityId, orders.id), eq(syncBindings.target, "acumatica"));

const openExceptionOf = (workspaceId: string) => and(eq(syncExceptions.workspaceId, workspaceId), eq(syncExceptions.orderId, orders.id), eq(syncExceptions.status, "open"));

function whereOf(db: DbOrTx, workspaceId: string, f: OrderListFilters): SQL | undefined {
  const created = db.select({ one: sql`1` }).from(syncBindings).where(and(bindingOf(workspaceId), eq(syncBindings.state, "created")));
  const q = f.q?.trim();
  return and(
    eq(orders.workspaceId, workspaceId),
    f.status ? eq(orders.status, f.status) : undefined,
    f.shop ? eq(orders.connectionId, f.shop) : undefined,
    f.from ? gte(orders.channelCreatedAt, new Date(f.from)) : undefined,
    f.to ? lt(orders.channelCreatedAt, new Date(f.to)) : undefined,
    f.hasException === true ? exists(db.select({ one: sql`1` }).from(syncExceptions).where(openExceptionOf(workspaceId))) : undefined,
    f.hasException === false ? notExists(db.select({ one: sql`1` }).from(syncExceptions).where(openExceptionOf(workspaceId))) : undefined,
    f.pushed === true ? exists(created) : f.pushed === false ? notExists(created) : undefined,
    // One index look-up each (a TikTok id prefix, an Acumatica number), not a scan: an IN over their union.
    q
      ? sql`${orders.id} in (select o.id from orders o where o.workspace_id = ${workspaceId} and o.external_id like ${`${q.replace(/[%_\\]/g, "")}%`}
          union all select b.entity_id from sync_bindings b where b.workspace_id = ${workspaceId} and b.target = 'acumatica' and b.entity_type = 'order' and b.external_id = ${q})`
      : undefined,
  );
}

/**
 * One page of the Orders screen, filtered and sorted in the database (indexes
 * on workspace + creation time, status and shop keep it fast at 200k orders).
 */
export async function listOrders(
  db: DbOrTx,
  workspaceId: string,
  p: { page: number; pageSize: number; sort?: OrderSort; desc?: boolean; filters?: OrderListFilters },
): Promise<{ rows: OrderListRow[]; total: number }> {
  const where = whereOf(db, workspaceId, p.filters ?? {});
  const dir = p.desc === false ? asc : desc;
  const sortCol = p.sort === "total" ? orders.total : p.sort === "status" ? orders.status : orders.channelCreatedAt;
  // The page's ids first, from the orders alone (an index walk, however deep the page), then the 50 rows' details:
  // joining and counting exceptions for every skipped row made page 1,000 cost as much as 50,000 rows.
  const page = db
    .select({ id: orders.id })
    .from(orders)
    .where(where)
    .orderBy(dir(sortCol), dir(orders.id))
    .limit(p.pageSize)
    .offset(p.page * p.pageSize)
    .as("page");
  const [rows, [totalRow]] = await Promise.all([
    db
      .select({
        id: orders.id,
        externalId: orders.externalId,
        shopName: sql<string>`coalesce(${connections.displayName}, ${orders.shopId})`,
        status: orders.status,
        channelStatus: orders.channelStatus,
        total: orders.total,
        currency: orders.currency,
        createdAt: orders.channelCreatedAt,
        unitCount: orders.unitCount,
        erpState: syncBindings.state,
        erpType: syncBindings.externalType,
        erpNbr: syncBindings.externalId,
        openExceptions: sql<number>`(select count(*)::int from ${syncExceptions} e where e.workspace_id = ${orders.workspaceId} and e.order_id = ${orders.id} and e.status = 'open')`,
      })
      .from(page)
      .innerJoin(orders, and(eq(orders.workspaceId, workspaceId), eq(orders.id, page.id)))
      .leftJoin(connections, eq(connections.id, orders.connectionId))
      .leftJoin(syncBindings, bindingOf(workspaceId))
      .orderBy(dir(sortCol), dir(orders.id)),
    db.select({ n: count() }).from(orders).where(where),
  ]);
  return {
    total: totalRow?.n ?? 0,
    rows: rows.map((r) => ({
      id: r.id,
      externalId: r.externalId,
      shopName: r.shopName,
      status: r.status,
      channelStatus: r.channelStatus,
      total: r.total,
      currency: r.currency,
      createdAt: r.createdAt,
      unitCount: r.unitCount,
      erp: r.erpState ? { state: r.erpState, orderType: r.erpType, orderNbr: r.erpNbr } : null,
      openExceptions: r.openExceptions,
    })),
  };
}

export type OrderDetail = NonNullable<Awaited<ReturnType<typeof getOrderDetail>>>;

/** Everything the order page shows: the order, its lines, refunds, the Acumatica document, the timeline, and its exceptions. */
export async function getOrderDetail(db: DbOrTx, workspaceId: string, orderId: string) {
  const [row] = await db
    .select({ order: orders, shopName: connections.displayName })
    .from(orders)
    .leftJoin(connections, eq(connections.id, orders.connectionId))
    .where(and(eq(orders.workspaceId, workspaceId), eq(orders.id, orderId)));
  if (!row) return null;
  const [lines, refunds, bindings, events, exceptions] = await Promise.all([
    db.select().from(orderLines).where(and(eq(orderLines.workspaceId, workspaceId), eq(orderLines.orderId, orderId))).orderBy(orderLines.lineNo),
    db.select().from(orderRefunds).where(and(eq(orderRefunds.workspaceId, workspaceId), eq(orderRefunds.orderId, orderId))).orderBy(orderRefunds.createdAt),
    db
      .select()
      .from(syncBindings)
      .where(
        and(
          eq(syncBindings.workspaceId, workspaceId),
          eq(syncBindings.target, "acumatica"),
          or(
            and(eq(syncBindings.entityType, "order"), eq(syncBindings.entityId, orderId)),
            and(eq(syncBindings.entityType, "refund"), inArray(syncBindings.entityId, db.select({ id: orderRefunds.id }).from(orderRefunds).where(eq(orderRefunds.orderId, orderId)))),
          ),
        ),
      ),
    db.select().from(orderEvents).where(and(eq(orderEvents.workspaceId, workspaceId), eq(orderEvents.orderId, orderId))).orderBy(asc(orderEvents.at)),
    db.select().from(syncExceptions).where(and(eq(syncExceptions.workspaceId, workspaceId), eq(syncExceptions.orderId, orderId))).orderBy(desc(syncExceptions.lastSeenAt)),
  ]);
  const salesOrder = bindings.find((b) => b.entityType === "order") ?? null;
  return {
    order: row.order,
    hub: row.order.detail as unknown as HubOrder,
    shopName: row.shopName ?? row.order.shopId,
    lines,
    refunds: refunds.map((r) => ({ ...r, binding: bindings.find((b) => b.entityType === "refund" && b.entityId === r.id) ?? null })),
    salesOrder,
    events,
    exceptions,
  };
}

export interface OrderActivity {
  events: Array<{ id: string; at: string; kind: string; message: string }>;
  /** The sales order's binding state ("created", "creating", …), null when nothing was sent. */
  salesOrderState: string | null;
  openExceptions: number;
  /** Something is on its way (a queued or running push or cancel, a create in flight or being settled): worth polling. */
  pending: boolean;
  /** Changes whenever anything the order page shows from the engine changes. */
  version: string;
}

const ORDER_JOBS = [JOBS.pushSalesOrder.name, JOBS.cancelSalesOrder.name];

/** The order's queued or running push and cancel jobs (pg-boss keeps them in its own schema; the payload names workspace and order). */
async function countQueuedOrderJobs(db: DbOrTx, workspaceId: string, orderId: string): Promise<number> {
  try {
    const res = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from pgboss.job
      where name in (${sql.join(ORDER_JOBS.map((n) => sql`${n}`), sql`, `)}) and state in ('created', 'retry', 'active')
        and data->>'workspaceId' = ${workspaceId} and data->>'orderId' = ${orderId}`);
    return res.rows[0]?.n ?? 0;
  } catch (err) {
    // No worker has created the queue yet (42P01: undefined table): nothing is queued.
    if ((err as { code?: string }).code === "42P01" || (err as { cause?: { code?: string } }).cause?.code === "42P01") return 0;
    throw err;
  }
}

/** What the order page polls while the engine works on the order: its timeline and whether anything is pending. */
export async function getOrderActivity(db: DbOrTx, workspaceId: string, orderId: string): Promise<OrderActivity | null> {
  const [row] = await db
    .select({ status: orders.status, updatedAt: orders.updatedAt })
    .from(orders)
    .where(and(eq(orders.workspaceId, workspaceId), eq(orders.id, orderId)));
  if (!row) return null;
  const [events, [binding], [exceptions], queued] = await Promise.all([
    db
      .select({ id: orderEvents.id, at: orderEvents.at, kind: orderEvents.kind, message: orderEvents.message })
      .from(orderEvents)
      .where(and(eq(orderEvents.workspaceId, workspaceId), eq(orderEvents.orderId, orderId)))
      .orderBy(asc(orderEvents.at)),
    db.select({ state: syncBindings.state, updatedAt: syncBindings.updatedAt }).from(syncBindings)
      .where(and(eq(syncBindings.workspaceId, workspaceId), eq(syncBindings.entityType, "order"), eq(syncBindings.entityId, orderId), eq(syncBindings.target, "acumatica"))),
    db
      .select({ open: sql<number>`count(*) filter (where ${syncExceptions.status} = 'open')::int`, all: count(), last: sql<string | null>`max(${syncExceptions.lastSeenAt})::text` })
      .from(syncExceptions)
      .where(and(eq(syncExceptions.workspaceId, workspaceId), eq(syncExceptions.orderId, orderId))),
    countQueuedOrderJobs(db, workspaceId, orderId),
  ]);
  const state = binding?.state ?? null;
  const jobs = queued;
  return {
    events: events.map((e) => ({ id: e.id, at: e.at.toISOString(), kind: e.kind, message: e.message })),
    salesOrderState: state,
    openExceptions: exceptions?.open ?? 0,
    pending: jobs > 0 || state === "creating" || state === "unknown",
    version: [row.status, row.updatedAt.toISOString(), state, binding?.updatedAt.toISOString(), events.length, exceptions?.all, exceptions?.open, exceptions?.last].join("|"),
  };
}
