import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections, fulfillments, orders, syncBindings } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { defineJob } from "@/lib/jobs/define-job";
import { logger } from "@/lib/logger";
import { addEvent } from "@/lib/sync/acumatica/context";
import { followErpCancellations } from "@/lib/sync/acumatica/follow-erp-cancels";
import { pullShipments } from "@/lib/sync/acumatica/pull-shipments";
import { syncProblems } from "@/lib/sync/exceptions/service";
import { pushFulfillment } from "@/lib/sync/tiktok/push-fulfillment";
import { pushFulfillmentBatch } from "@/lib/sync/tiktok/push-fulfillment-batch";
import { JOBS } from "./catalog";
import { engineDeps } from "./engine-deps";

/** Orders in Acumatica that have not shipped completely yet. */
async function ordersAwaitingShipment(db: Db, workspaceId: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(orders)
    .innerJoin(syncBindings, and(eq(syncBindings.entityId, orders.id), eq(syncBindings.entityType, "order"), eq(syncBindings.state, "created")))
    .where(and(eq(orders.workspaceId, workspaceId), inArray(orders.status, ["readyForFulfillment", "sentToFulfillment", "partialFulfillment"])))
    .limit(1);
  return !!row;
}

/** Every minute: each connected workspace that pulls shipping requests or fulfillments reads Acumatica's changed shipments. */
export const pullAllShipmentsJob = defineJob({
  ...JOBS.pullAllShipments,
  async handler(_data, ctx) {
    const rows = await ctx.db
      .select({ workspaceId: connections.workspaceId })
      .from(connections)
      .where(
        and(
          eq(connections.provider, "acumatica"),
          eq(connections.status, "connected"),
          sql`(${connections.settings}->'orders'->'catalog'->>'pullShippingRequests' = 'true' or ${connections.settings}->'orders'->'catalog'->>'pullFulfillments' = 'true')`,
        ),
      );
    for (const { workspaceId } of rows) await ctx.enqueue(JOBS.pullShipments, { workspaceId }, { singletonKey: workspaceId });
  },
});

export const pullShipmentsJob = defineJob({
  ...JOBS.pullShipments,
  async handler({ workspaceId }, ctx) {
    const deps = engineDeps(ctx);
    const result = await pullShipments(deps, { workspaceId });
    if ("shipments" in result && result.shipments) logger.info("acumatica shipments", { workspaceId, ...result });
    // Acumatica drives the flow: an order it canceled is canceled on TikTok Shop too.
    if ("shipments" in result) await followErpCancellations(deps, { workspaceId });
    // While orders wait to ship, look again soon (the minute schedule restarts it after idle spells).
    if ("shipments" in result && (await ordersAwaitingShipment(ctx.db, workspaceId))) {
      await ctx.enqueue(JOBS.pullShipments, { workspaceId }, { singletonKey: workspaceId, startAfterSeconds: env().ACUMATICA_SHIPMENT_POLL_SECONDS });
    }
  },
});

export const pushFulfillmentJob = defineJob({
  ...JOBS.pushFulfillment,
  async handler(data, ctx) {
    const outcome = await pushFulfillment(engineDeps(ctx), data);
    if (outcome.kind === "wait") {
      await ctx.enqueue(JOBS.pushFulfillment, data, { singletonKey: data.fulfillmentId, startAfterSeconds: Math.max(1, Math.ceil(outcome.retryInMs / 1000)) });
    }
  },
  // A batch reads its orders from TikTok once (per 50), under the orders' packages leases.
  async handleBatch(items, ctx) {
    const results = await pushFulfillmentBatch(engineDeps(ctx), items.map((i) => ({ key: i.id, ...i.data })), JOBS.pushFulfillment.options.concurrency ?? 1);
    const failures = new Map<string, unknown>();
    for (const item of items) {
      const r = results.get(item.id);
      if (!r) continue;
      if ("error" in r) failures.set(item.id, r.error);
      else if (r.outcome.kind === "wait") {
        await ctx.enqueue(JOBS.pushFulfillment, item.data, { singletonKey: item.data.fulfillmentId, startAfterSeconds: Math.max(1, Math.ceil(r.outcome.retryInMs / 1000)) });
      }
    }
    return failures;
  },
  async onFailure(data, reason, { db }) {
    const [f] = await db.select({ orderId: fulfillments.orderId }).from(fulfillments).where(eq(fulfillments.id, data.fulfillmentId));
    await db.update(fulfillments).set({ status: "failed", lastError: reason, updatedAt: sql`now()` }).where(eq(fulfillments.id, data.fulfillmentId));
    await syncProblems(db, { workspaceId: data.workspaceId, entityType: "fulfillment", entityId: data.fulfillmentId, orderId: f?.orderId ?? null }, [
      { cause: "retries_exhausted", message: `Sending the package to TikTok Shop kept failing and was given up: ${reason}. Retry it once TikTok answers again.` },
    ], "superseded", ["retries_exhausted"]);
    if (f) await addEvent(db, data.workspaceId, f.orderId, "gave-up", `Gave up sending a package to TikTok Shop after retries: ${reason}`);
  },
});
