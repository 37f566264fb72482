import { and, asc, count, desc, eq, exists, gte, ilike, inArray, lt, notExists, or, sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import type { OrderStatus } from "@/lib/db/schema";
import { connections, orderEvents, orderLines, orderRefunds, orders, syncBindings, syncExceptions } from "@/lib/db/schema";
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
    q
      ? or(
          ilike(orders.externalId, `${q.replace(/[%_\\]/g, "")}%`),
          exists(db.select({ one: sql`1` }).from(syncBindings).where(and(bindingOf(workspaceId), eq(syncBindings.externalId, q)))),
        )
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
      .from(orders)
      .leftJoin(connections, eq(connections.id, orders.connectionId))
      .leftJoin(syncBindings, bindingOf(workspaceId))
      .where(where)
      .orderBy(dir(sortCol), dir(orders.id))
      .limit(p.pageSize)
      .offset(p.page * p.pageSize),
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
