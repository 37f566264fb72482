import { z } from "zod";
import type { RejectReason } from "./api-types";
import { rejectReasonsDataSchema } from "./api-types";
import type { Requester } from "./client";

/**
 * The seller's answers to buyer requests (spec §6.1, return_refund 202309):
 * approve or reject a buyer's cancellation or return, and the reject reasons
 * TikTok accepts for one request. Every answer carries an `idempotency_key`
 * derived from the request and the answer, so a resent answer (a retry after
 * a lost response) is recognised by TikTok and applied once.
 */

/** Approve Return's `decision`, per request type and status. */
export type ApproveReturnDecision = "APPROVE_REFUND" | "APPROVE_RETURN" | "APPROVE_RECEIVED_PACKAGE" | "APPROVE_REPLACEMENT" | "ISSUE_REPLACEMENT_REFUND";
/** Reject Return's `decision`, per request type and status. */
export type RejectReturnDecision = "REJECT_REFUND" | "REJECT_RETURN" | "REJECT_RECEIVED_PACKAGE" | "REJECT_REPLACEMENT";

export type AnswerAction = "approve-cancellation" | "reject-cancellation" | "approve-return" | "reject-return";

/** The key of one answer to one request: stable across retries and processes, distinct per answer (≤ 255 characters). */
export function answerIdempotencyKey(action: AnswerAction, requestId: string): string {
  return `orderbridge-${action}-${requestId}`;
}

/** The decision that approves a pending request of this return type (a refund-only request, a return, a replacement). */
export function approveDecisionFor(returnType: string): ApproveReturnDecision | null {
  if (returnType === "REFUND") return "APPROVE_REFUND";
  if (returnType === "RETURN_AND_REFUND") return "APPROVE_RETURN";
  if (returnType === "REPLACEMENT") return "APPROVE_REPLACEMENT";
  return null;
}

const noData = z.unknown();

export function buyerRequestAnswers(request: Requester) {
  const answer = (action: AnswerAction, path: string, requestId: string, body: Record<string, unknown>) =>
    request({
      method: "POST",
      path,
      shopScoped: true,
      query: { idempotency_key: answerIdempotencyKey(action, requestId) },
      // TikTok applies a repeated key once, so resending after a lost answer is harmless.
      resend: "safe",
      body,
      schema: noData,
    }).then(() => undefined);

  return {
    /** Approves a buyer's pending cancellation request: TikTok cancels the order (or its lines) and refunds the buyer. */
    approveCancellation(cancelId: string): Promise<void> {
      return answer("approve-cancellation", `/return_refund/202309/cancellations/${encodeURIComponent(cancelId)}/approve`, cancelId, {});
    },

    /** Rejects a buyer's pending cancellation request with a reason key from `getRejectReasons`. */
    rejectCancellation(cancelId: string, input: { reason: string; comment?: string }): Promise<void> {
      return answer("reject-cancellation", `/return_refund/202309/cancellations/${encodeURIComponent(cancelId)}/reject`, cancelId, {
        reject_reason: input.reason,
        ...(input.comment ? { comment: input.comment } : {}),
      });
    },

    /** Approves a return, refund or replacement request (or a received return package) with the decision its type takes. */
    approveReturn(returnId: string, input: { decision: ApproveReturnDecision; buyerKeepItem?: boolean }): Promise<void> {
      return answer("approve-return", `/return_refund/202309/returns/${encodeURIComponent(returnId)}/approve`, returnId, {
        decision: input.decision,
        ...(input.buyerKeepItem !== undefined ? { buyer_keep_item: input.buyerKeepItem } : {}),
      });
    },

    /** Rejects a return, refund or replacement request (or a received return package) with a reason key from `getRejectReasons`. */
    rejectReturn(returnId: string, input: { decision: RejectReturnDecision; reason: string; comment?: string }): Promise<void> {
      return answer("reject-return", `/return_refund/202309/returns/${encodeURIComponent(returnId)}/reject`, returnId, {
        decision: input.decision,
        reject_reason: input.reason,
        ...(input.comment ? { comment: input.comment } : {}),
      });
    },

    /** The reasons a seller may give to reject this cancellation or return request. */
    async getRejectReasons(requestId: string, opts: { locale?: string } = {}): Promise<RejectReason[]> {
      const data = await request({
        method: "GET",
        path: "/return_refund/202309/reject_reasons",
        shopScoped: true,
        query: { return_or_cancel_id: requestId, locale: opts.locale ?? "en-US" },
        schema: rejectReasonsDataSchema,
      });
      return data.reasons;
    },
  };
}
