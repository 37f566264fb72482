import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { connections, webhookEvents } from "@/lib/db/schema";
import { getTikTokShopClient } from "@/lib/connections/clients";
import { markAuthorizationLost } from "@/lib/connections/connection-status";
import { TikTokShopError } from "@/lib/connectors/tiktok-shop/errors";
import { AppError } from "@/lib/errors";
import { defineJob, PermanentJobError } from "@/lib/jobs/define-job";

/**
 * Works one recorded TikTok Shop webhook. Authorization events update the
 * shop's connection; order, cancellation and return events re-read the order
 * from TikTok Shop (webhooks carry only ids and a status, and may arrive out
 * of order) and record what it now is. Turning that into Acumatica documents
 * is the sync engine's job, which will start from these events.
 */
export const processTikTokWebhook = defineJob({
  name: "tiktok-shop.process-webhook",
  schema: z.object({ eventId: z.string().uuid() }),
  options: { retryLimit: 8, retryDelay: 5, retryBackoff: true },
  async onFailure({ eventId }, reason, { db }) {
    await db.update(webhookEvents).set({ status: "failed", statusMessage: reason, processedAt: sql`now()` }).where(eq(webhookEvents.id, eventId));
  },
  async handler({ eventId }, { db }) {
    const [event] = await db.select().from(webhookEvents).where(eq(webhookEvents.id, eventId));
    if (!event) throw new PermanentJobError(`webhook event ${eventId} not found`);
    if (event.status === "processed" || event.status === "ignored") return;
    const finish = (status: "processed" | "ignored", message: string) =>
      db.update(webhookEvents).set({ status, statusMessage: message, processedAt: sql`now()` }).where(eq(webhookEvents.id, eventId));

    if (!event.workspaceId || !event.connectionId) return void (await finish("ignored", `No workspace has shop ${event.shopId} connected.`));

    const [conn] = await db
      .select({ status: connections.status })
      .from(connections)
      .where(and(eq(connections.id, event.connectionId), eq(connections.workspaceId, event.workspaceId)));
    // A disconnected shop's events are kept but not worked: there is no authorization to read with.
    if (conn?.status !== "connected" && conn?.status !== "error") return void (await finish("ignored", `Shop ${event.shopId} is not connected.`));

    const data = event.payload.data as Record<string, unknown> | undefined;
    switch (event.topic) {
      case "SELLER_DEAUTHORIZATION":
        await markAuthorizationLost(db, { workspaceId: event.workspaceId, provider: "tiktok_shop", connectionIds: [event.connectionId], reason: "seller_deauthorized" });
        return void (await finish("processed", "Shop marked deauthorized."));
      case "UPCOMING_AUTHORIZATION_EXPIRATION": {
        const at = Number(data?.expiration_time ?? 0);
        const when = at ? new Date(at * 1000).toISOString().slice(0, 10) : "soon";
        await db
          .update(connections)
          .set({ statusMessage: `The TikTok Shop authorization expires ${when}. Click Reconnect before then.`, updatedAt: sql`now()` })
          .where(and(eq(connections.id, event.connectionId), eq(connections.workspaceId, event.workspaceId)));
        return void (await finish("processed", `Authorization expiry ${when} recorded.`));
      }
      case "ORDER_STATUS_CHANGE":
      case "CANCELLATION_STATUS_CHANGE":
      case "RETURN_STATUS_CHANGE": {
        const orderId = String(data?.order_id ?? "");
        if (!orderId) return void (await finish("ignored", "The event names no order."));
        try {
          const client = await getTikTokShopClient(db, event.workspaceId, event.connectionId);
          const [order] = await client.getOrderDetails([orderId]);
          if (!order) return void (await finish("ignored", `Order ${orderId} is not visible to this shop.`));
          return void (await finish("processed", `Order ${orderId} is ${order.status} with ${order.line_items.length} line item(s).`));
        } catch (err) {
          if (err instanceof TikTokShopError && !err.retryable) throw new PermanentJobError(err.message, { code: err.code, kind: err.kind });
          if (err instanceof AppError) throw new PermanentJobError(err.message, { code: err.code });
          throw err;
        }
      }
      default:
        return void (await finish("ignored", `Topic ${event.topic} is not used by OrderBridge.`));
    }
  },
});
