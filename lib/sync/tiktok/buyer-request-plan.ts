import type { ApproveReturnDecision } from "@/lib/connectors/tiktok-shop/client-answers";
import { approveDecisionFor } from "@/lib/connectors/tiktok-shop/client-answers";
import type { TikTokShopSettings } from "@/lib/connections/stored-settings";

/** A buyer's request as TikTok reports it now (read before any answer). */
export interface LiveRequest {
  kind: "cancellation" | "return";
  id: string;
  /** TikTok's cancel_type (BUYER_CANCEL, CANCEL) or return_type (REFUND, RETURN_AND_REFUND, REPLACEMENT). */
  type: string;
  status: string;
  /** It waits for the seller's answer. */
  pending: boolean;
}

export type AnswerPlan =
  | { do: "close"; why: string }
  | { do: "note"; message: string }
  | { do: "approve-if-not-shipped" }
  | { do: "approve-return"; decision: ApproveReturnDecision };

const human = (s: string) => s.replace(/_/g, " ").toLowerCase();

/** Statuses a request reaches once the seller (or OrderBridge) approved it. */
const APPROVED = new Set([
  "CANCELLATION_REQUEST_SUCCESS",
  "CANCELLATION_REQUEST_COMPLETE",
  "AWAITING_BUYER_SHIP",
  "BUYER_SHIPPED_ITEM",
  "RETURN_OR_REFUND_REQUEST_SUCCESS",
  "RETURN_OR_REFUND_REQUEST_COMPLETE",
]);

export const isApprovedStatus = (status: string) => APPROVED.has(status);

/**
 * What to do with a buyer's request, from what TikTok says now and the shop's
 * settings: nothing once it no longer waits (its exceptions close); a note on
 * the timeline when it is left to Seller Center; otherwise an approval — a
 * cancellation only after checking Acumatica has not shipped the order, a
 * refund or return with the decision of its type. Replacements (a new item
 * ships) are never approved automatically.
 */
export function planAnswer(live: LiveRequest, settings: Pick<TikTokShopSettings, "buyerCancellations" | "buyerReturns">): AnswerPlan {
  if (!live.pending) return { do: "close", why: `the request is ${human(live.status)} on TikTok Shop` };
  if (live.kind === "cancellation") {
    if (settings.buyerCancellations === "approveIfNotShipped") return { do: "approve-if-not-shipped" };
    return { do: "note", message: `The buyer asked to cancel the order (request ${live.id}). Left to TikTok Shop Seller Center: Buyer cancellation requests is "Leave to Seller Center".` };
  }
  const what = live.type === "REFUND" ? "a refund" : live.type === "REPLACEMENT" ? "a replacement" : "a return";
  const decision = live.status === "RETURN_OR_REFUND_REQUEST_PENDING" && live.type !== "REPLACEMENT" ? approveDecisionFor(live.type) : null;
  if (settings.buyerReturns === "approve" && decision) return { do: "approve-return", decision };
  const why = settings.buyerReturns === "approve" ? "replacements are answered in Seller Center" : 'Buyer return requests is "Leave to Seller Center"';
  return { do: "note", message: `The buyer asked for ${what} (request ${live.id}). Left to TikTok Shop Seller Center: ${why}.` };
}
