import { and, eq, inArray, sql } from "drizzle-orm";
import { connections, webhookEvents } from "@/lib/db/schema";
import { markAuthorizationLost } from "@/lib/connections/connection-status";
import { TikTokShopError } from "@/lib/connectors/tiktok-shop/errors";
import { AppError } from "@/lib/errors";
import { defineJob, PermanentJobError } from "@/lib/jobs/define-job";
import type { JobContext } from "@/lib/jobs/define-job";
import { fetchAndIngestOrders, fetchAndIngestRefunds } from "@/lib/sync/tiktok/pull";
import { JOBS } from "./catalog";

type Event = typeof webhookEvents.$inferSelect;
const ORDER_TOPICS = new Set(["ORDER_STATUS_CHANGE", "RECIPIENT_ADDRESS_UPDATE"]);
const AFTER_SALE_TOPICS = new Set(["CANCELLATION_STATUS_CHANGE", "RETURN_STATUS_CHANGE"]);

/** A vendor or app refusal that retrying cannot fix. */
function classify(err: unknown): unknown {
  if (err instanceof TikTokShopError && !err.retryable) return new PermanentJobError(err.message, { code: err.code, kind: err.kind });
  if (err instanceof AppError) return new PermanentJobError(err.message, { code: err.code });
  return err;
}

/**
 * Works recorded TikTok Shop webhooks, a batch at a time. Authorization events
 * update the shop's connection. Order, cancellation and return events carry
 * only ids: the orders they name are read back from TikTok — one call per 50
 * orders of a shop — with their cancellations and returns, and ingested (which
 * queues the push to Acumatica). One event failing does not fail the others.
 */
export const processTikTokWebhook = defineJob({
  ...JOBS.processTikTokWebhook,
  async onFailure({ eventId }, reason, { db }) {
    await db.update(webhookEvents).set({ status: "failed", statusMessage: reason, processedAt: sql`now()` }).where(eq(webhookEvents.id, eventId));
  },
  async handler({ eventId }, ctx) {
    const outcome = (await handleEvents([{ id: ctx.id, data: { eventId } }], ctx)).get(ctx.id);
    if (outcome) throw outcome;
  },
  handleBatch: (items, ctx) => handleEvents(items, ctx),
});

async function handleEvents(items: Array<{ id: string; data: { eventId: string } }>, ctx: Omit<JobContext, "id">): Promise<Map<string, unknown>> {
  const { db } = ctx;
  const outcomes = new Map<string, unknown>();
  const rows = await db.select().from(webhookEvents).where(inArray(webhookEvents.id, items.map((i) => i.data.eventId)));
  const byEvent = new Map(rows.map((r) => [r.id, r]));
  const finish = (id: string, status: "processed" | "ignored", message: string) =>
    db.update(webhookEvents).set({ status, statusMessage: message, processedAt: sql`now()` }).where(eq(webhookEvents.id, id));

  // Orders to read, per shop connection: job ids waiting on each.
  const reads = new Map<string, { workspaceId: string; connectionId: string; shopId: string; orders: Map<string, Array<{ jobId: string; event: Event }>>; afterSale: Set<string> }>();
  for (const item of items) {
    const event = byEvent.get(item.data.eventId);
    if (!event) {
      outcomes.set(item.id, new PermanentJobError(`webhook event ${item.data.eventId} not found`));
      continue;
    }
    if (event.status === "processed" || event.status === "ignored") continue;
    if (!event.workspaceId || !event.connectionId) {
      await finish(event.id, "ignored", `No workspace has shop ${event.shopId} connected.`);
      continue;
    }
    const [conn] = await db
      .select({ status: connections.status })
      .from(connections)
      .where(and(eq(connections.id, event.connectionId), eq(connections.workspaceId, event.workspaceId)));
    // A disconnected shop's events are kept but not worked: there is no authorization to read with.
    if (conn?.status !== "connected" && conn?.status !== "error") {
      await finish(event.id, "ignored", `Shop ${event.shopId} is not connected.`);
      continue;
    }
    const data = event.payload.data as Record<string, unknown> | undefined;
    if (event.topic === "SELLER_DEAUTHORIZATION") {
      await markAuthorizationLost(db, { workspaceId: event.workspaceId, provider: "tiktok_shop", connectionIds: [event.connectionId], reason: "seller_deauthorized" });
      await finish(event.id, "processed", "Shop marked deauthorized.");
      continue;
    }
    if (event.topic === "UPCOMING_AUTHORIZATION_EXPIRATION") {
      const at = Number(data?.expiration_time ?? 0);
      const when = at ? new Date(at * 1000).toISOString().slice(0, 10) : "soon";
      await db
        .update(connections)
        .set({ statusMessage: `The TikTok Shop authorization expires ${when}. Click Reconnect before then.`, updatedAt: sql`now()` })
        .where(and(eq(connections.id, event.connectionId), eq(connections.workspaceId, event.workspaceId)));
      await finish(event.id, "processed", `Authorization expiry ${when} recorded.`);
      continue;
    }
    if (!ORDER_TOPICS.has(event.topic) && !AFTER_SALE_TOPICS.has(event.topic)) {
      await finish(event.id, "ignored", `Topic ${event.topic} is not used by OrderBridge.`);
      continue;
    }
    const orderId = String(data?.order_id ?? "");
    if (!orderId) {
      await finish(event.id, "ignored", "The event names no order.");
      continue;
    }
    const group = reads.get(event.connectionId) ?? { workspaceId: event.workspaceId, connectionId: event.connectionId, shopId: event.shopId ?? "", orders: new Map(), afterSale: new Set<string>() };
    reads.set(event.connectionId, group);
    group.orders.set(orderId, [...(group.orders.get(orderId) ?? []), { jobId: item.id, event }]);
    if (AFTER_SALE_TOPICS.has(event.topic)) group.afterSale.add(orderId);
  }

  for (const group of reads.values()) {
    const source = { workspaceId: group.workspaceId, connectionId: group.connectionId, shopId: group.shopId };
    const waiting = [...group.orders.values()].flat();
    try {
      const { found } = await fetchAndIngestOrders(ctx, source, [...group.orders.keys()]);
      if (group.afterSale.size) await fetchAndIngestRefunds(ctx, source, [...group.afterSale]);
      for (const [orderId, entries] of group.orders) {
        for (const { event } of entries) {
          if (found.has(orderId)) await finish(event.id, "processed", `Order ${orderId} read back from TikTok Shop and synced.`);
          else await finish(event.id, "ignored", `Order ${orderId} is not visible to this shop.`);
        }
      }
    } catch (err) {
      const failure = classify(err);
      for (const { jobId } of waiting) outcomes.set(jobId, failure);
    }
  }
  return outcomes;
}
