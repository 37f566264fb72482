import { and, eq, sql } from "drizzle-orm";
import { connections, orderRefunds } from "@/lib/db/schema";
import { defineJob } from "@/lib/jobs/define-job";
import type { JobContext } from "@/lib/jobs/define-job";
import { logger } from "@/lib/logger";
import { getOrderSettings } from "@/lib/order-settings/queries";
import { cancelSalesOrder } from "@/lib/sync/acumatica/cancel-order";
import { addEvent } from "@/lib/sync/acumatica/context";
import { pushSalesOrder } from "@/lib/sync/acumatica/push-order";
import { pushReturnOrder } from "@/lib/sync/acumatica/push-return";
import { enqueuePendingWork } from "@/lib/sync/acumatica/recheck";
import { syncProblems } from "@/lib/sync/exceptions/service";
import { JOBS } from "./catalog";
import { engineDeps } from "./engine-deps";

/** An outcome that says "not yet": the same work is queued again for later (the job itself completes). */
async function later(ctx: JobContext, spec: typeof JOBS.pushSalesOrder | typeof JOBS.cancelSalesOrder | typeof JOBS.pushReturnOrder, data: Record<string, unknown>, key: string, retryInMs: number) {
  await ctx.enqueue(spec as typeof JOBS.pushSalesOrder, data as never, { singletonKey: key, startAfterSeconds: Math.max(1, Math.ceil(retryInMs / 1000)) });
}

export const pushSalesOrderJob = defineJob({
  ...JOBS.pushSalesOrder,
  async handler(data, ctx) {
    const outcome = await pushSalesOrder(engineDeps(ctx), data);
    if (outcome.kind === "wait") await later(ctx, JOBS.pushSalesOrder, data, data.orderId, outcome.retryInMs);
    if (outcome.kind !== "held" && outcome.kind !== "exists") logger.debug("push sales order", { orderId: data.orderId, outcome: outcome.kind });
  },
  async onFailure(data, reason, { db }) {
    // Transient failures (rate limit, outage) past every retry: now a person should look.
    await syncProblems(db, { workspaceId: data.workspaceId, entityType: "order", entityId: data.orderId, orderId: data.orderId }, [
      { cause: "retries_exhausted", message: `Sending to Acumatica kept failing and was given up: ${reason}. Retry it once Acumatica answers again.` },
    ], "superseded", ["retries_exhausted"]);
    await addEvent(db, data.workspaceId, data.orderId, "gave-up", `Gave up sending to Acumatica after retries: ${reason}`);
  },
});

export const cancelSalesOrderJob = defineJob({
  ...JOBS.cancelSalesOrder,
  async handler(data, ctx) {
    const outcome = await cancelSalesOrder(engineDeps(ctx), data);
    if (outcome.kind === "wait") await later(ctx, JOBS.cancelSalesOrder, data, data.orderId, outcome.retryInMs);
    if (outcome.kind === "skipped") await addEvent(ctx.db, data.workspaceId, data.orderId, "cancel-skipped", outcome.reason);
  },
  async onFailure(data, reason, { db }) {
    await addEvent(db, data.workspaceId, data.orderId, "gave-up", `Gave up canceling in Acumatica after retries: ${reason}`);
  },
});

export const pushReturnOrderJob = defineJob({
  ...JOBS.pushReturnOrder,
  async handler(data, ctx) {
    const outcome = await pushReturnOrder(engineDeps(ctx), data);
    if (outcome.kind === "wait") await later(ctx, JOBS.pushReturnOrder, data, data.refundId, outcome.retryInMs);
  },
  async onFailure(data, reason, { db }) {
    const [refund] = await db.select({ orderId: orderRefunds.orderId }).from(orderRefunds).where(eq(orderRefunds.id, data.refundId));
    await syncProblems(db, { workspaceId: data.workspaceId, entityType: "refund", entityId: data.refundId, orderId: refund?.orderId ?? null }, [
      { cause: "retries_exhausted", message: `Sending the return order to Acumatica kept failing and was given up: ${reason}.` },
    ], "superseded", ["retries_exhausted"]);
  },
});

export const enqueuePendingJob = defineJob({
  ...JOBS.enqueuePending,
  async handler({ workspaceId }, ctx) {
    const { settings } = await getOrderSettings(ctx.db, workspaceId);
    const counts = await enqueuePendingWork(ctx.db, (fn) => ctx.transaction(fn), workspaceId, settings);
    if (counts.orders || counts.cancels || counts.refunds) logger.info("queued pending Acumatica work", { workspaceId, ...counts });
  },
});

export const sweepJob = defineJob({
  ...JOBS.sweep,
  async handler(_data, ctx) {
    const rows = await ctx.db
      .select({ workspaceId: connections.workspaceId })
      .from(connections)
      .where(and(eq(connections.provider, "acumatica"), eq(connections.status, "connected"), sql`${connections.settings} ? 'orders'`));
    for (const { workspaceId } of rows) await ctx.enqueue(JOBS.enqueuePending, { workspaceId }, { singletonKey: workspaceId });
  },
});
