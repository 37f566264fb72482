import { and, count, desc, eq, ilike, or } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import type { FulfillmentStatus } from "@/lib/db/schema";
import { connections, fulfillments, orderShipments, orders } from "@/lib/db/schema";
import { tiktokShopSettingsSchema } from "@/lib/connections/stored-settings";

export interface FulfillmentListFilters {
  status?: FulfillmentStatus;
  /** A tracking number, or a TikTok order id (prefix). */
  q?: string;
}

export interface FulfillmentRow {
  id: string;
  orderId: string;
  orderExternalId: string;
  shopName: string;
  shipmentNbr: string;
  packageKey: string;
  trackingNumber: string;
  carrier: string | null;
  status: FulfillmentStatus;
  tiktokPackageId: string | null;
  pushedAt: Date | null;
  lastError: string | null;
  createdAt: Date;
}

/**
 * A page of fulfillments (one per package of a confirmed Acumatica shipment),
 * newest first, with their order and push state; filtered by status and by a
 * tracking number or TikTok order id.
 */
export async function listFulfillments(db: DbOrTx, workspaceId: string, p: { filters: FulfillmentListFilters; page: number; pageSize: number }): Promise<{ rows: FulfillmentRow[]; total: number }> {
  const q = p.filters.q?.trim().replace(/[%_\\]/g, "");
  const where = and(
    eq(fulfillments.workspaceId, workspaceId),
    p.filters.status ? eq(fulfillments.status, p.filters.status) : undefined,
    q ? or(ilike(fulfillments.trackingNumber, `%${q}%`), ilike(orders.externalId, `${q}%`)) : undefined,
  );
  const base = () =>
    db
      .select({
        id: fulfillments.id,
        orderId: fulfillments.orderId,
        orderExternalId: orders.externalId,
        shopName: connections.displayName,
        shipmentNbr: orderShipments.shipmentNbr,
        packageKey: fulfillments.packageKey,
        trackingNumber: fulfillments.trackingNumber,
        carrier: fulfillments.carrier,
        status: fulfillments.status,
        tiktokPackageId: fulfillments.tiktokPackageId,
        pushedAt: fulfillments.pushedAt,
        lastError: fulfillments.lastError,
        createdAt: fulfillments.createdAt,
      })
      .from(fulfillments)
      .innerJoin(orders, and(eq(orders.id, fulfillments.orderId), eq(orders.workspaceId, workspaceId)))
      .innerJoin(orderShipments, eq(orderShipments.id, fulfillments.shipmentId))
      .leftJoin(connections, eq(connections.id, orders.connectionId));
  const [rows, [total]] = await Promise.all([
    base().where(where).orderBy(desc(fulfillments.createdAt), desc(fulfillments.id)).limit(p.pageSize).offset(p.page * p.pageSize),
    db
      .select({ n: count() })
      .from(fulfillments)
      .innerJoin(orders, and(eq(orders.id, fulfillments.orderId), eq(orders.workspaceId, workspaceId)))
      .where(where),
  ]);
  return { rows: rows.map((r) => ({ ...r, shopName: r.shopName ?? "" })), total: total?.n ?? 0 };
}

/** Each TikTok shop's Push fulfillments toggle (the other half of "Fulfillment data isn't reaching TikTok Shop"). */
export async function listPushFulfillmentShops(db: DbOrTx, workspaceId: string): Promise<Array<{ id: string; name: string; connected: boolean; pushFulfillments: boolean }>> {
  const shops = await db
    .select({ id: connections.id, name: connections.displayName, status: connections.status, settings: connections.settings })
    .from(connections)
    .where(and(eq(connections.workspaceId, workspaceId), eq(connections.provider, "tiktok_shop")))
    .orderBy(connections.createdAt);
  return shops.map((s) => {
    const parsed = tiktokShopSettingsSchema.safeParse(s.settings);
    return { id: s.id, name: s.name, connected: s.status === "connected", pushFulfillments: parsed.success ? parsed.data.pushFulfillments : true };
  });
}
