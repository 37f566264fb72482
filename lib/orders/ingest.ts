import { createHash } from "node:crypto";
import type { PgInsertValue } from "drizzle-orm/pg-core";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { OrderStatus } from "@/lib/db/schema";
import { channelShippingOptions, orderEvents, orderLines, orderRefunds, orders } from "@/lib/db/schema";
import type { EnqueueItem } from "@/lib/jobs/enqueue";
import type { JobTx } from "@/lib/jobs/transaction";
import type { OrderSettings } from "@/lib/order-settings/schemas";
import { holdsOf } from "@/lib/sync/acumatica/evaluate";
import { BUYER_REQUEST_CAUSES } from "@/lib/sync/exceptions/causes";
import { closeProblems } from "@/lib/sync/exceptions/service";
import { JOBS } from "@/lib/sync/jobs/catalog";
import type { HubOrder, HubRefund } from "./types";

export interface OrderSource {
  workspaceId: string;
  connectionId: string;
  shopId: string;
}

export interface IngestResult {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Hub ids of the orders written. */
  orderIds: string[];
}

export const contentHash = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("base64url");

/** The hub status after a channel update: the hub's own steps (sent to fulfillment, refunded) survive a status the channel repeats. */
function mergeStatus(previous: OrderStatus | undefined, next: OrderStatus): OrderStatus {
  if (previous === "sentToFulfillment" && next === "readyForFulfillment") return previous;
  if (previous === "refunded" && (next === "fulfilled" || next === "readyForFulfillment" || next === "sentToFulfillment")) return previous;
  return next;
}

const HUMAN_STATUS = (s: string) => s.replace(/_/g, " ").toLowerCase();

/** What a newer version of an order rewrites (all but its identity and creation time). */
const UPSERT_COLUMNS = [
  "connectionId",
  "status",
  "channelStatus",
  "channelCreatedAt",
  "channelUpdatedAt",
  "paidAt",
  "canceledAt",
  "currency",
  "productTotal",
  "sellerDiscount",
  "platformDiscount",
  "subtotal",
  "shippingFee",
  "tax",
  "fees",
  "total",
  "shippingOptionId",
  "shippingOptionName",
  "shippingType",
  "fulfillmentType",
  "paymentMethodName",
  "buyerMessage",
  "shipTo",
  "detail",
  "lineCount",
  "unitCount",
  "contentHash",
  "updatedAt",
] as const satisfies ReadonlyArray<keyof typeof orders.$inferInsert>;

/**
 * Writes channel orders into the hub, once per version: an order whose
 * content is unchanged is not rewritten, an older read never overwrites a
 * newer one. In the same transaction it records the timeline, the shipping
 * options seen, and enqueues what the change calls for (push to Acumatica,
 * cancel there) — so a crash cannot lose a follow-up.
 */
export async function ingestOrders(tx: JobTx, source: OrderSource, incoming: HubOrder[], settings: OrderSettings): Promise<IngestResult> {
  const result: IngestResult = { inserted: 0, updated: 0, unchanged: 0, orderIds: [] };
  if (incoming.length === 0) return result;
  // The newest version of each order in this batch (a page may repeat one).
  const byId = new Map<string, HubOrder>();
  for (const o of incoming) {
    const cur = byId.get(o.externalId);
    if (!cur || cur.updatedAt <= o.updatedAt) byId.set(o.externalId, o);
  }
  const ids = [...byId.keys()];
  const existing = await tx.db
    .select({ id: orders.id, externalId: orders.externalId, status: orders.status, channelStatus: orders.channelStatus, contentHash: orders.contentHash, channelUpdatedAt: orders.channelUpdatedAt })
    .from(orders)
    .where(and(eq(orders.workspaceId, source.workspaceId), eq(orders.channel, "tiktok_shop"), eq(orders.shopId, source.shopId), inArray(orders.externalId, ids)));
  const known = new Map(existing.map((e) => [e.externalId, e]));

  const options = new Map<string, string>();
  const lineRows: Array<typeof orderLines.$inferInsert> = [];
  const eventRows: Array<typeof orderEvents.$inferInsert> = [];
  const followUps: EnqueueItem[] = [];
  const pending: Array<{ hub: HubOrder; prev: (typeof existing)[number] | undefined; status: OrderStatus; values: PgInsertValue<typeof orders> }> = [];
  for (const hub of byId.values()) {
    if (hub.shippingOption) options.set(hub.shippingOption.id, hub.shippingOption.name);
    const prev = known.get(hub.externalId);
    const hash = contentHash(hub);
    if (prev && (prev.contentHash === hash || prev.channelUpdatedAt.getTime() > Date.parse(hub.updatedAt))) {
      result.unchanged++;
      continue;
    }
    const status = mergeStatus(prev?.status, hub.status);
    const values = {
      workspaceId: source.workspaceId,
      connectionId: source.connectionId,
      channel: "tiktok_shop",
      shopId: source.shopId,
      externalId: hub.externalId,
      status,
      channelStatus: hub.channelStatus,
      channelCreatedAt: new Date(hub.createdAt),
      channelUpdatedAt: new Date(hub.updatedAt),
      paidAt: hub.paidAt ? new Date(hub.paidAt) : null,
      canceledAt: hub.canceledAt ? new Date(hub.canceledAt) : null,
      currency: hub.currency,
      productTotal: hub.amounts.productTotal,
      sellerDiscount: hub.amounts.sellerDiscount,
      platformDiscount: hub.amounts.platformDiscount,
      subtotal: hub.amounts.subtotal,
      shippingFee: hub.amounts.shippingFee,
      tax: hub.amounts.tax,
      fees: hub.amounts.retailDeliveryFee,
      total: hub.amounts.total,
      shippingOptionId: hub.shippingOption?.id ?? null,
      shippingOptionName: hub.shippingOption?.name ?? null,
      shippingType: hub.shippingType,
      fulfillmentType: hub.fulfillmentType,
      paymentMethodName: hub.paymentMethodName,
      buyerMessage: hub.buyerMessage,
      shipTo: hub.shipTo ? { ...hub.shipTo } : null,
      detail: hub as unknown as Record<string, unknown>,
      lineCount: hub.lines.length,
      unitCount: hub.lines.reduce((s, l) => s + l.quantity, 0),
      contentHash: hash,
      updatedAt: sql`now()`,
    } satisfies PgInsertValue<typeof orders>;
    pending.push({ hub, prev, status, values });
  }
  // One upsert for the page's changed orders (not one per order).
  const written = pending.length
    ? await tx.db
        .insert(orders)
        .values(pending.map((p) => p.values))
        .onConflictDoUpdate({
          target: [orders.workspaceId, orders.channel, orders.shopId, orders.externalId],
          set: Object.fromEntries(UPSERT_COLUMNS.map((c) => [c, sql.raw(`excluded.${orders[c].name}`)])),
          // Another worker may have written a newer version meanwhile.
          setWhere: sql`${orders.channelUpdatedAt} <= excluded.channel_updated_at`,
        })
        // xmax = 0: this statement inserted the row. Another transaction may have inserted it after `known` was read
        // (a pull and a webhook at once), so whether lines exist is decided here, not from `prev`.
        .returning({ id: orders.id, externalId: orders.externalId, inserted: sql<boolean>`(xmax = 0)` })
    : [];
  const rowOf = new Map(written.map((r) => [r.externalId, r]));
  const replacedLines: string[] = [];
  for (const { hub, prev, status } of pending) {
    const row = rowOf.get(hub.externalId);
    if (!row) {
      result.unchanged++;
      continue;
    }
    if (!row.inserted) {
      result.updated++;
      replacedLines.push(row.id);
    } else result.inserted++;
    result.orderIds.push(row.id);
    if (hub.lines.length) {
      lineRows.push(
        ...hub.lines.map((l) => ({
          workspaceId: source.workspaceId,
          orderId: row.id,
          lineNo: l.lineNo,
          sku: l.sku,
          channelSkuId: l.channelSkuId,
          productName: l.productName,
          variantName: l.variantName,
          quantity: l.quantity,
          canceledQuantity: l.canceledQuantity,
          unitPrice: l.unitPrice,
          sellerDiscount: l.sellerDiscount,
          platformDiscount: l.platformDiscount,
          tax: l.tax,
          channelLineIds: l.channelLineIds,
        })),
      );
    }
    const event = !prev
      ? { kind: "received", message: `Received from TikTok Shop (${HUMAN_STATUS(hub.channelStatus)}), total ${hub.amounts.total} ${hub.currency}.` }
      : prev.channelStatus !== hub.channelStatus
        ? { kind: "status", message: `TikTok Shop status: ${HUMAN_STATUS(prev.channelStatus)} → ${HUMAN_STATUS(hub.channelStatus)}.` }
        : { kind: "updated", message: "Updated on TikTok Shop." };
    eventRows.push({ workspaceId: source.workspaceId, orderId: row.id, ...event, data: { channelStatus: hub.channelStatus } });
    followUps.push(...followUpsOf(source, row.id, hub, status, prev?.channelStatus ?? null, settings));
  }
  // One statement each for the page's replaced lines, lines, timeline entries and follow-up jobs (not one per order).
  if (replacedLines.length) await tx.db.delete(orderLines).where(and(eq(orderLines.workspaceId, source.workspaceId), inArray(orderLines.orderId, replacedLines)));
  if (lineRows.length) await tx.db.insert(orderLines).values(lineRows);
  if (eventRows.length) await tx.db.insert(orderEvents).values(eventRows);
  await tx.enqueueMany(followUps);
  if (options.size) {
    await tx.db
      .insert(channelShippingOptions)
      .values([...options].map(([optionId, name]) => ({ workspaceId: source.workspaceId, connectionId: source.connectionId, optionId, name, source: "order" })))
      .onConflictDoUpdate({
        target: [channelShippingOptions.workspaceId, channelShippingOptions.connectionId, channelShippingOptions.optionId],
        set: { name: sql`excluded.name`, lastSeenAt: sql`now()` },
      });
  }
  return result;
}

function followUpsOf(source: OrderSource, orderId: string, hub: HubOrder, status: OrderStatus, previousChannelStatus: string | null, settings: OrderSettings): EnqueueItem[] {
  const out: EnqueueItem[] = [];
  if (hub.channelStatus === "CANCELLED" && previousChannelStatus !== "CANCELLED") {
    out.push({ def: JOBS.cancelSalesOrder, data: { workspaceId: source.workspaceId, orderId }, singletonKey: orderId });
  }
  // Only what settings and status allow is queued; a settings change queues the rest (acumatica.enqueue-pending),
  // and the push job itself does nothing for an order already in Acumatica.
  const holds = holdsOf({ order: { ...hub, status }, connectionId: source.connectionId, settings });
  if (holds.length === 0) out.push({ def: JOBS.pushSalesOrder, data: { workspaceId: source.workspaceId, orderId }, singletonKey: orderId });
  return out;
}

/**
 * Writes refunds (returns, refund-only requests, cancellations) of orders
 * already in the hub. A completed return or refund is queued for Acumatica
 * (its own gate decides); an order whose every unit came back is `refunded`.
 */
export async function ingestRefunds(tx: JobTx, source: OrderSource, refunds: HubRefund[], settings: OrderSettings): Promise<{ written: number; missingOrders: string[] }> {
  const out = { written: 0, missingOrders: [] as string[] };
  if (refunds.length === 0) return out;
  const orderRows = await tx.db
    .select({ id: orders.id, externalId: orders.externalId, unitCount: orders.unitCount, status: orders.status })
    .from(orders)
    .where(and(eq(orders.workspaceId, source.workspaceId), eq(orders.channel, "tiktok_shop"), eq(orders.shopId, source.shopId), inArray(orders.externalId, [...new Set(refunds.map((r) => r.orderExternalId))])));
  const byExternal = new Map(orderRows.map((o) => [o.externalId, o]));
  for (const r of refunds) {
    const order = byExternal.get(r.orderExternalId);
    if (!order) {
      out.missingOrders.push(r.orderExternalId);
      continue;
    }
    const [prev] = await tx.db
      .select({ id: orderRefunds.id, completed: orderRefunds.completed, channelStatus: orderRefunds.channelStatus, updatedAt: orderRefunds.channelUpdatedAt })
      .from(orderRefunds)
      .where(and(eq(orderRefunds.workspaceId, source.workspaceId), eq(orderRefunds.orderId, order.id), eq(orderRefunds.kind, r.kind), eq(orderRefunds.externalId, r.externalId)));
    if (prev && (prev.channelStatus === r.channelStatus || prev.updatedAt.getTime() > Date.parse(r.updatedAt))) continue;
    const values = {
      workspaceId: source.workspaceId,
      orderId: order.id,
      externalId: r.externalId,
      kind: r.kind,
      channelStatus: r.channelStatus,
      completed: r.completed,
      currency: r.currency,
      total: r.total,
      subtotal: r.subtotal,
      shipping: r.shipping,
      tax: r.tax,
      lines: r.lines as unknown as Array<Record<string, unknown>>,
      channelUpdatedAt: new Date(r.updatedAt),
      updatedAt: sql`now()`,
    };
    const [row] = await tx.db
      .insert(orderRefunds)
      .values(values)
      .onConflictDoUpdate({ target: [orderRefunds.workspaceId, orderRefunds.orderId, orderRefunds.kind, orderRefunds.externalId], set: values })
      .returning({ id: orderRefunds.id });
    out.written++;
    const what = r.kind === "cancellation" ? "Cancellation" : r.kind === "refund" ? "Refund" : "Return";
    await tx.db.insert(orderEvents).values({
      workspaceId: source.workspaceId,
      orderId: order.id,
      kind: "refund",
      message: `${what} ${r.externalId} on TikTok Shop: ${HUMAN_STATUS(r.channelStatus)} (${r.total} ${r.currency}, ${r.lines.reduce((s, l) => s + l.quantity, 0)} unit(s)).`,
      data: { refundId: row!.id },
    });
    // A buyer's request waiting for the seller is answered (or noted) per the shop's settings; once it no longer waits, its exceptions close.
    if (r.awaitingSeller) {
      await tx.enqueue(JOBS.answerBuyerRequest, { workspaceId: source.workspaceId, refundId: row!.id }, { singletonKey: r.externalId });
    } else if (prev) {
      const entity = { workspaceId: source.workspaceId, entityType: "refund" as const, entityId: row!.id, orderId: order.id };
      await closeProblems(tx.db, entity, `closed: the request is ${HUMAN_STATUS(r.channelStatus)} on TikTok Shop`, BUYER_REQUEST_CAUSES);
    }
    if (r.completed && !prev?.completed) {
      if (r.kind !== "cancellation" && settings.sync.allowRefunds) {
        await tx.enqueue(JOBS.pushReturnOrder, { workspaceId: source.workspaceId, refundId: row!.id }, { singletonKey: row!.id });
      }
      const [sum] = await tx.db
        .select({ units: sql<number>`coalesce(sum((l->>'quantity')::int), 0)::int` })
        .from(sql`${orderRefunds}, jsonb_array_elements(${orderRefunds.lines}) l`)
        .where(and(eq(orderRefunds.orderId, order.id), eq(orderRefunds.completed, true), sql`${orderRefunds.kind} <> 'cancellation'`));
      if ((sum?.units ?? 0) >= order.unitCount && order.unitCount > 0 && order.status !== "canceled") {
        await tx.db.update(orders).set({ status: "refunded", updatedAt: sql`now()` }).where(eq(orders.id, order.id));
      }
    }
  }
  return out;
}
