import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { orderRefunds, orders, syncExceptions } from "@/lib/db/schema";
import type { RequestContext } from "@/lib/auth/context-types";
import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import type { JobTx } from "@/lib/jobs/transaction";
import { withJobTransaction } from "@/lib/jobs/transaction";
import { writeAudit } from "@/lib/workspaces/service";
import { JOBS } from "@/lib/sync/jobs/catalog";
import { BUYER_REQUEST_CAUSES } from "./causes";

type Row = typeof syncExceptions.$inferSelect;

/** Queues the work that can clear an exception: the order's push (or its cancel), the answer to a buyer's request, the refund's return order, or the workspace's pending work. */
async function requeue(tx: JobTx, e: Pick<Row, "workspaceId" | "entityType" | "entityId" | "cause" | "subject">) {
  if (e.entityType === "order") {
    if (e.cause === "cancel_refused") await tx.enqueue(JOBS.cancelSalesOrder, { workspaceId: e.workspaceId, orderId: e.entityId }, { singletonKey: e.entityId });
    else await tx.enqueue(JOBS.pushSalesOrder, { workspaceId: e.workspaceId, orderId: e.entityId }, { singletonKey: e.entityId });
  } else if (e.entityType === "fulfillment") {
    await tx.enqueue(JOBS.pushFulfillment, { workspaceId: e.workspaceId, fulfillmentId: e.entityId }, { singletonKey: e.entityId });
  } else if (e.entityType === "refund" && (BUYER_REQUEST_CAUSES as readonly string[]).includes(e.cause)) {
    const [request] = await tx.db.select({ externalId: orderRefunds.externalId }).from(orderRefunds).where(and(eq(orderRefunds.workspaceId, e.workspaceId), eq(orderRefunds.id, e.entityId)));
    if (request) await tx.enqueue(JOBS.answerBuyerRequest, { workspaceId: e.workspaceId, refundId: e.entityId }, { singletonKey: request.externalId });
  } else if (e.entityType === "refund") {
    await tx.enqueue(JOBS.pushReturnOrder, { workspaceId: e.workspaceId, refundId: e.entityId }, { singletonKey: e.entityId });
  } else if (e.entityType === "product") {
    // A refused listing is pushed again to its shop (the subject); a catalog conflict waits for the next pull of the item.
    if (e.cause === "inventory_sku_refused") {
      const connectionId = e.subject.split("|")[0]!;
      await tx.enqueue(JOBS.pushInventoryToTikTok, { workspaceId: e.workspaceId, connectionId }, { singletonKey: connectionId });
    } else if (e.cause === "listing_refused") {
      const connectionId = e.subject.split("|")[0]!;
      await tx.enqueue(JOBS.pushProduct, { workspaceId: e.workspaceId, connectionId, productId: e.entityId }, { singletonKey: `${connectionId}:${e.entityId}` });
    } else {
      await tx.enqueue(JOBS.pullProducts, { workspaceId: e.workspaceId }, { singletonKey: e.workspaceId });
    }
  } else if (e.entityType === "location") {
    await tx.enqueue(JOBS.syncLocations, { workspaceId: e.workspaceId }, { singletonKey: e.workspaceId });
  } else if (e.cause === "tiktok_warehouse_unmapped") {
    await tx.enqueue(JOBS.pushInventoryToTikTok, { workspaceId: e.workspaceId, connectionId: e.entityId }, { singletonKey: e.entityId });
  } else if (e.cause === "inventory_adjustment_refused") {
    await tx.enqueue(JOBS.pushInventoryToErp, { workspaceId: e.workspaceId }, { singletonKey: e.workspaceId });
  } else {
    await tx.enqueue(JOBS.enqueuePending, { workspaceId: e.workspaceId }, { singletonKey: e.workspaceId });
  }
}

/** Retry one exception now; it closes itself when the retry succeeds. */
export async function retryException(db: Db, ctx: RequestContext, id: string): Promise<void> {
  assertCan(ctx, "connectors:write");
  await withJobTransaction(db, async (tx) => {
    const [e] = await tx.db.select().from(syncExceptions).where(and(eq(syncExceptions.workspaceId, ctx.workspaceId), eq(syncExceptions.id, id)));
    if (!e) throw new AppError("not_found", "That exception is not in this workspace.");
    if (e.status !== "open") throw new AppError("conflict", "That exception is already closed.");
    await requeue(tx, e);
    await writeAudit(tx.db, ctx, "exception.retry", id, { cause: e.cause });
  });
}

/** Retry every open exception of a cause (after fixing the setting they share). */
export async function retryCause(db: Db, ctx: RequestContext, cause: string): Promise<{ queued: number }> {
  assertCan(ctx, "connectors:write");
  return withJobTransaction(db, async (tx) => {
    const open = await tx.db.select().from(syncExceptions).where(and(eq(syncExceptions.workspaceId, ctx.workspaceId), eq(syncExceptions.cause, cause), eq(syncExceptions.status, "open")));
    for (const e of open) await requeue(tx, e);
    await writeAudit(tx.db, ctx, "exception.retry_all", cause, { count: open.length });
    return { queued: open.length };
  });
}

/** Closes an exception by hand with a reason (the record is left as it is; a new failure opens a new exception). */
export async function dismissException(db: Db, ctx: RequestContext, input: { id: string; reason: string }): Promise<void> {
  assertCan(ctx, "connectors:write");
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(syncExceptions)
      .set({ status: "dismissed", closedAt: sql`now()`, closedBy: ctx.userId, resolution: `dismissed: ${input.reason}` })
      .where(and(eq(syncExceptions.workspaceId, ctx.workspaceId), inArray(syncExceptions.id, [input.id]), eq(syncExceptions.status, "open")))
      .returning({ id: syncExceptions.id, cause: syncExceptions.cause });
    if (!rows.length) throw new AppError("not_found", "That exception is not open in this workspace.");
    await writeAudit(tx, ctx, "exception.dismiss", input.id, { cause: rows[0]!.cause, reason: input.reason });
  });
}

/** Queue the push of one order now (Retry on the order page). */
export async function retryOrder(db: Db, ctx: RequestContext, orderId: string, opts: { test?: boolean } = {}): Promise<void> {
  assertCan(ctx, "connectors:write");
  await withJobTransaction(db, async (tx) => {
    const [order] = await tx.db.select({ id: orders.id }).from(orders).where(and(eq(orders.workspaceId, ctx.workspaceId), eq(orders.id, orderId)));
    if (!order) throw new AppError("not_found", "That order is not in this workspace.");
    // A test push has its own key, so an ordinary push already queued does not swallow it (the database claim keeps it to one sales order).
    await tx.enqueue(JOBS.pushSalesOrder, { workspaceId: ctx.workspaceId, orderId, test: !!opts.test }, { singletonKey: opts.test ? `test:${orderId}` : orderId });
    await writeAudit(tx.db, ctx, opts.test ? "order.test_push" : "order.retry", orderId);
  });
}
