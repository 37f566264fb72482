import { and, eq, isNull, sql } from "drizzle-orm";
import { connections, orders, syncBindings, syncCursors } from "@/lib/db/schema";
import { getTikTokShopClient } from "@/lib/connections/clients";
import { tiktokShopSettingsSchema } from "@/lib/connections/stored-settings";
import { TikTokShopError } from "@/lib/connectors/tiktok-shop/errors";
import { syncProblems } from "@/lib/sync/exceptions/service";
import type { EngineDeps } from "./context";
import { acumaticaFor, addEvent, ParkedError } from "./context";

/**
 * Acumatica is the system of record: a sales order canceled there (out of
 * stock, a bad address) is canceled on TikTok Shop too, as a seller
 * cancellation with the market's matching reason. An order canceled because
 * TikTok canceled it first (externalCanceledAt set by the cancellation flow)
 * is left alone, so neither side echoes the other.
 */
const STREAM = "acumatica.sales-orders";
const OVERLAP_MS = 2 * 60_000;
/** TikTok's seller-cancel reason for a paid order, per market (the cancel-reasons page). */
const REASON: Record<string, string> = { US: "seller_cancel_reason_out_of_stock", GB: "seller_cancel_reason_out_of_stock_uk", UK: "seller_cancel_reason_out_of_stock_uk" };

export async function followErpCancellations(deps: EngineDeps, p: { workspaceId: string; now?: Date }): Promise<{ canceled: number } | { skipped: string }> {
  let client;
  try {
    client = await acumaticaFor(deps, p.workspaceId);
  } catch (err) {
    if (err instanceof ParkedError) return { skipped: err.message };
    throw err;
  }
  const [cursor] = await deps.db.select().from(syncCursors).where(and(eq(syncCursors.workspaceId, p.workspaceId), eq(syncCursors.stream, STREAM)));
  const since = new Date((cursor ? Date.parse(cursor.position) : (p.now ?? new Date()).getTime() - 86_400_000) - OVERLAP_MS);
  let canceled = 0;
  for await (const page of client.salesOrders.listModifiedSince(since, { pageSize: 200, select: ["OrderType", "OrderNbr", "Status", "LastModified"], filter: "Status eq 'Canceled'" })) {
    for (const so of page) {
      const [bound] = await deps.db
        .select({ binding: syncBindings, order: orders, shop: connections })
        .from(syncBindings)
        .innerJoin(orders, eq(orders.id, syncBindings.entityId))
        .leftJoin(connections, eq(connections.id, orders.connectionId))
        .where(
          and(
            eq(syncBindings.workspaceId, p.workspaceId),
            eq(syncBindings.entityType, "order"),
            eq(syncBindings.externalType, so.OrderType ?? ""),
            eq(syncBindings.externalId, so.OrderNbr ?? ""),
            isNull(syncBindings.externalCanceledAt),
          ),
        );
      if (!bound || bound.order.channelStatus === "CANCELLED" || !bound.shop || bound.shop.status !== "connected") continue;
      const entity = { workspaceId: p.workspaceId, entityType: "order" as const, entityId: bound.order.id, orderId: bound.order.id };
      const region = tiktokShopSettingsSchema.parse(bound.shop.settings).region ?? "US";
      try {
        const tiktok = await getTikTokShopClient(deps.db, p.workspaceId, bound.shop.id);
        await tiktok.cancelOrder({ orderId: bound.order.externalId, cancelReason: REASON[region.toUpperCase()] ?? REASON.US! });
      } catch (err) {
        if (!(err instanceof TikTokShopError) || err.retryable) throw err;
        await syncProblems(deps.db, entity, [
          {
            cause: "cancel_refused",
            subject: "tiktok",
            message: `${so.OrderType} ${so.OrderNbr} was canceled in Acumatica, but TikTok Shop refused to cancel order ${bound.order.externalId}: ${err.message} Cancel it in Seller Center (it may have shipped already).`,
            raw: { code: err.code, message: err.message },
          },
        ], "superseded", ["cancel_refused"]);
        continue;
      }
      await deps.transaction(async (tx) => {
        await tx.db.update(syncBindings).set({ externalCanceledAt: sql`now()`, updatedAt: sql`now()` }).where(eq(syncBindings.id, bound.binding.id));
        await addEvent(tx.db, p.workspaceId, bound.order.id, "canceled-on-tiktok", `${so.OrderType} ${so.OrderNbr} was canceled in Acumatica: canceled order ${bound.order.externalId} on TikTok Shop (seller cancellation).`);
      });
      canceled++;
    }
    const newest = page.map((s) => s.LastModified).filter((d): d is string => !!d).sort().at(-1);
    if (newest) {
      await deps.db
        .insert(syncCursors)
        .values({ workspaceId: p.workspaceId, stream: STREAM, position: new Date(newest).toISOString() })
        .onConflictDoUpdate({ target: [syncCursors.workspaceId, syncCursors.stream], set: { position: sql`greatest(${syncCursors.position}, excluded.position)`, updatedAt: sql`now()` } });
    }
  }
  return { canceled };
}
