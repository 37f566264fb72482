import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { orderRefunds } from "@/lib/db/schema";
import { defineJob } from "@/lib/jobs/define-job";
import { logger } from "@/lib/logger";
import { addEvent } from "@/lib/sync/acumatica/context";
import { syncProblems } from "@/lib/sync/exceptions/service";
import { answerBuyerRequest } from "@/lib/sync/tiktok/answer-buyer-request";
import { JOBS } from "./catalog";
import { engineDeps } from "./engine-deps";

async function requestOf(db: Db, workspaceId: string, refundId: string) {
  const [row] = await db.select({ externalId: orderRefunds.externalId, orderId: orderRefunds.orderId }).from(orderRefunds).where(and(eq(orderRefunds.workspaceId, workspaceId), eq(orderRefunds.id, refundId)));
  return row ?? null;
}

/** One buyer request answered per the shop's settings, once (see lib/sync/tiktok/answer-buyer-request.ts). */
export const answerBuyerRequestJob = defineJob({
  ...JOBS.answerBuyerRequest,
  async handler(data, ctx) {
    const outcome = await answerBuyerRequest(engineDeps(ctx), data);
    if (outcome.kind === "wait") {
      const request = await requestOf(ctx.db, data.workspaceId, data.refundId);
      if (request) await ctx.enqueue(JOBS.answerBuyerRequest, data, { singletonKey: request.externalId, startAfterSeconds: Math.max(1, Math.ceil(outcome.retryInMs / 1000)) });
    }
    logger.debug("answer buyer request", { refundId: data.refundId, outcome: outcome.kind });
  },
  async onFailure(data, reason, { db }) {
    const request = await requestOf(db, data.workspaceId, data.refundId);
    const message = `Answering the buyer's request ${request?.externalId ?? ""} on TikTok Shop kept failing and was given up: ${reason}. Retry it, or answer it in Seller Center.`;
    await syncProblems(db, { workspaceId: data.workspaceId, entityType: "refund", entityId: data.refundId, orderId: request?.orderId ?? null }, [{ cause: "buyer_request_unanswered", subject: request?.externalId ?? "", message }], "superseded", ["buyer_request_unanswered"]);
    if (request) await addEvent(db, data.workspaceId, request.orderId, "gave-up", message);
  },
});
