import type { ApiContext, ApiRoute } from "./http";
import { ApiError } from "./http";
import type { World } from "./lifecycle";
import { resolveCancellation, setReturnStatus } from "./lifecycle";
import type { CancellationState, ReturnState, SandboxState } from "./state";

/**
 * The seller's answers to buyer requests (spec §6.1): Approve / Reject
 * Cancellation, Approve / Reject Return, Get Reject Reasons. Only a request
 * waiting for the seller can be answered; a reject needs a reason key that
 * Get Reject Reasons lists for that request. An `idempotency_key` seen before
 * with the same request replays the first answer instead of answering again.
 * Codes are those of the API reference pages of these endpoints.
 */
export const ANSWER_CODES = {
  INVALID_PARAM: 25001001,
  NOT_FOUND: 25007006,
  UNKNOWN_REASON: 25001014,
  REASON_NOT_MATCH_ACTION: 25001016,
  ORDER_SHIPPED: 25001045,
  CANNOT_REJECT: 25011011,
  CANNOT_APPROVE: 25011012,
  CANNOT_APPROVE_RECEIVE: 25011013,
  DECISION_NOT_MATCH_TYPE: 25020004,
  ALREADY_CANCELLED: 25020009,
  ALREADY_APPROVED: 25020010,
  CANNOT_REJECT_RECEIVE: 25020012,
} as const;

/** Reject reasons per kind of request (names in TikTok's `seller_reject_apply_*` style; texts in English whatever the locale). */
export const REJECT_REASONS = {
  cancellation: {
    seller_reject_apply_product_has_been_packed: "The product has been packed",
    seller_reject_apply_package_has_been_shipped: "The package has been shipped",
    seller_reject_apply_you_have_reached_an_agreement_with_the_buyer: "You have reached an agreement with the buyer",
  },
  request: {
    seller_reject_apply_you_have_reached_an_agreement_with_the_buyer: "You have reached an agreement with the buyer",
    seller_reject_apply_package_has_not_exceeded_estimated_delivery_time: "The package has not exceeded the estimated delivery time",
    seller_reject_apply_product_not_eligible_for_return: "The product is not eligible for return",
  },
  receivedPackage: {
    seller_reject_receive_package_item_damaged_by_buyer: "The returned item was damaged by the buyer",
    seller_reject_receive_package_wrong_item_returned: "The returned item is not the one sold",
  },
} as const satisfies Record<string, Record<string, string>>;

type ReasonList = keyof typeof REJECT_REASONS;

const PENDING_RETURN = new Set(["RETURN_OR_REFUND_REQUEST_PENDING", "REPLACEMENT_REQUEST_PENDING"]);
const APPROVED_RETURN = new Set(["AWAITING_BUYER_SHIP", "BUYER_SHIPPED_ITEM", "RETURN_OR_REFUND_REQUEST_SUCCESS", "RETURN_OR_REFUND_REQUEST_COMPLETE", "REPLACEMENT_REQUEST_REFUND_SUCCESS", "REPLACEMENT_REQUEST_COMPLETE"]);
const CANCELLED_RETURN = new Set(["RETURN_OR_REFUND_REQUEST_CANCEL", "REPLACEMENT_REQUEST_CANCEL"]);

function reasonListOfReturn(r: Pick<ReturnState, "status">): ReasonList {
  return r.status === "BUYER_SHIPPED_ITEM" ? "receivedPackage" : "request";
}

/** The reason keys a seller may give to reject this request. */
export function rejectReasonsFor(request: { kind: "cancellation" } | { kind: "return"; status: string }): Record<string, string> {
  return REJECT_REASONS[request.kind === "cancellation" ? "cancellation" : reasonListOfReturn(request)];
}

/** 25001014 for a key no list has, 25001016 for a key of another kind of answer. */
function checkReason(reason: unknown, wanted: ReasonList): string {
  if (typeof reason !== "string" || reason === "") throw new ApiError(ANSWER_CODES.INVALID_PARAM, "An invalid request parameter was passed: reject_reason is required.");
  if (reason in REJECT_REASONS[wanted]) return reason;
  const elsewhere = Object.values(REJECT_REASONS).some((list) => reason in list);
  if (elsewhere) throw new ApiError(ANSWER_CODES.REASON_NOT_MATCH_ACTION, `reverse reason not match action type: ${reason} is not a reason for this request.`);
  throw new ApiError(ANSWER_CODES.UNKNOWN_REASON, "Unknown return reason. Please ensure you are passing a valid return reason.");
}

function optionalComment(body: Record<string, unknown>): void {
  const c = body.comment;
  if (c !== undefined && (typeof c !== "string" || c.length > 1000)) throw new ApiError(ANSWER_CODES.INVALID_PARAM, "An invalid request parameter was passed: comment must be a string of at most 1000 characters.");
}

export type ReturnTransition = { next: string[] } | { code: number; message: string };

/**
 * Where Approve Return takes a return request: its decision must suit the request's type and status. Refunds and
 * received packages complete (the refund is issued); a return waits for the buyer to ship; buyer_keep_item refunds
 * without the item coming back.
 */
export function approveReturnTransition(r: Pick<ReturnState, "type" | "status">, decision: string, buyerKeepItem: boolean): ReturnTransition {
  const forType: Record<string, ReturnState["type"][]> = {
    APPROVE_REFUND: ["REFUND"],
    APPROVE_RETURN: ["RETURN_AND_REFUND"],
    APPROVE_REPLACEMENT: ["REPLACEMENT"],
    ISSUE_REPLACEMENT_REFUND: ["REPLACEMENT"],
    APPROVE_RECEIVED_PACKAGE: ["RETURN_AND_REFUND", "REPLACEMENT"],
  };
  if (decision === "OFFER_PARTIAL_REFUND") return { code: ANSWER_CODES.INVALID_PARAM, message: "The sandbox does not model partial refund offers (OFFER_PARTIAL_REFUND)." };
  const types = forType[decision];
  if (!types) return { code: ANSWER_CODES.INVALID_PARAM, message: `An invalid request parameter was passed: decision ${decision || "(missing)"} is not an approval.` };
  if (buyerKeepItem && decision !== "APPROVE_RETURN") return { code: ANSWER_CODES.INVALID_PARAM, message: "An invalid request parameter was passed: buyer_keep_item goes with APPROVE_RETURN only." };
  if (!types.includes(r.type)) return { code: ANSWER_CODES.DECISION_NOT_MATCH_TYPE, message: `decision not match reverse type: ${decision} does not apply to a ${r.type} request.` };
  if (CANCELLED_RETURN.has(r.status)) return { code: ANSWER_CODES.ALREADY_CANCELLED, message: "reverse already cancelled" };
  if (decision === "APPROVE_RECEIVED_PACKAGE") {
    if (r.status !== "BUYER_SHIPPED_ITEM") return { code: ANSWER_CODES.CANNOT_APPROVE_RECEIVE, message: `reverse status cannot approve receive (${r.status})` };
    return { next: [r.type === "REPLACEMENT" ? "REPLACEMENT_REQUEST_COMPLETE" : "RETURN_OR_REFUND_REQUEST_COMPLETE"] };
  }
  if (!PENDING_RETURN.has(r.status)) return { code: ANSWER_CODES.CANNOT_APPROVE, message: `reverse status cannot approve application (${r.status})` };
  if (decision === "APPROVE_REFUND" || buyerKeepItem) return { next: ["RETURN_OR_REFUND_REQUEST_SUCCESS", "RETURN_OR_REFUND_REQUEST_COMPLETE"] };
  if (decision === "ISSUE_REPLACEMENT_REFUND") return { next: ["REPLACEMENT_REQUEST_REFUND_SUCCESS"] };
  return { next: ["AWAITING_BUYER_SHIP"] };
}

/** Where Reject Return takes a return request (the reason is checked separately). */
export function rejectReturnTransition(r: Pick<ReturnState, "type" | "status">, decision: string): ReturnTransition {
  const forType: Record<string, ReturnState["type"][]> = {
    REJECT_REFUND: ["REFUND"],
    REJECT_RETURN: ["RETURN_AND_REFUND"],
    REJECT_REPLACEMENT: ["REPLACEMENT"],
    REJECT_RECEIVED_PACKAGE: ["RETURN_AND_REFUND", "REPLACEMENT"],
  };
  const types = forType[decision];
  if (!types) return { code: ANSWER_CODES.INVALID_PARAM, message: `An invalid request parameter was passed: decision ${decision || "(missing)"} is not a rejection.` };
  if (!types.includes(r.type)) return { code: ANSWER_CODES.DECISION_NOT_MATCH_TYPE, message: `decision not match reverse type: ${decision} does not apply to a ${r.type} request.` };
  if (decision === "REJECT_RECEIVED_PACKAGE") {
    if (r.status !== "BUYER_SHIPPED_ITEM") return { code: ANSWER_CODES.CANNOT_REJECT_RECEIVE, message: `status can't reject receive (${r.status})` };
    return { next: ["REJECT_RECEIVE_PACKAGE"] };
  }
  if (APPROVED_RETURN.has(r.status)) return { code: ANSWER_CODES.ALREADY_APPROVED, message: "Aftersales has been approved and cannot be rejected." };
  if (!PENDING_RETURN.has(r.status)) return { code: ANSWER_CODES.CANNOT_REJECT, message: `reverse status cannot reject application (${r.status})` };
  return { next: [r.type === "REPLACEMENT" ? "REPLACEMENT_REQUEST_REJECT" : "REFUND_OR_RETURN_REQUEST_REJECT"] };
}

// ---- idempotency and the record of answers ---------------------------------------------

export interface AnswerRecord {
  at: number;
  requestId: string;
  action: "approve-cancellation" | "reject-cancellation" | "approve-return" | "reject-return";
  idempotencyKey: string | null;
  /** A resend recognised by its idempotency key: answered with the first answer, nothing applied again. */
  replayed: boolean;
}

interface AnswerBook {
  byKey: Map<string, { fingerprint: string; data: unknown }>;
  answers: AnswerRecord[];
}

const books = new WeakMap<SandboxState, AnswerBook>();

function bookOf(state: SandboxState): AnswerBook {
  let book = books.get(state);
  if (!book) books.set(state, (book = { byKey: new Map(), answers: [] }));
  return book;
}

/** Every answer the sandbox received (tests and the operator read it): applied ones and replays. */
export function answersOf(state: SandboxState): readonly AnswerRecord[] {
  return bookOf(state).answers;
}

/** Applies `apply` once per idempotency key; the same key with the same request replays, with another request is refused. */
function once(ctx: ApiContext, action: AnswerRecord["action"], requestId: string, apply: () => unknown): unknown {
  const key = ctx.query.get("idempotency_key");
  if (key !== null && (key === "" || key.length > 255)) throw new ApiError(ANSWER_CODES.INVALID_PARAM, "An invalid request parameter was passed: idempotency_key must be 1 to 255 characters.");
  const book = bookOf(ctx.state);
  const fingerprint = `${ctx.req.method} ${ctx.req.url.pathname} ${ctx.req.rawBody.toString("utf8")}`;
  const slot = key === null ? null : `${ctx.shop!.id}|${key}`;
  const seen = slot ? book.byKey.get(slot) : undefined;
  if (seen) {
    if (seen.fingerprint !== fingerprint) throw new ApiError(ANSWER_CODES.INVALID_PARAM, "An invalid request parameter was passed: this idempotency_key was used for a different request.");
    book.answers.push({ at: Date.now(), requestId, action, idempotencyKey: key, replayed: true });
    return seen.data;
  }
  const data = apply() ?? {};
  if (slot) book.byKey.set(slot, { fingerprint, data });
  book.answers.push({ at: Date.now(), requestId, action, idempotencyKey: key, replayed: false });
  return data;
}

// ---- routes -------------------------------------------------------------------------------

function cancellationOf(ctx: ApiContext): CancellationState {
  const c = ctx.state.cancellations.get(ctx.params.cancel_id ?? "");
  if (!c || c.shopId !== ctx.shop!.id) throw new ApiError(ANSWER_CODES.NOT_FOUND, `Order not found: no cancellation ${ctx.params.cancel_id} in this shop.`);
  return c;
}

function returnOf(ctx: ApiContext): ReturnState {
  const r = ctx.state.returns.get(ctx.params.return_id ?? "");
  if (!r || r.shopId !== ctx.shop!.id) throw new ApiError(ANSWER_CODES.NOT_FOUND, `Order not found: no return ${ctx.params.return_id} in this shop.`);
  return r;
}

const world = (ctx: ApiContext): World => ({ state: ctx.state, events: ctx.events });

function applyReturn(ctx: ApiContext, r: ReturnState, t: ReturnTransition): unknown {
  if ("code" in t) throw new ApiError(t.code, t.message);
  for (const status of t.next) setReturnStatus(world(ctx), r, status);
  return {};
}

export const answerRoutes: ApiRoute[] = [
  {
    method: "POST",
    path: "/return_refund/202309/cancellations/:cancel_id/approve",
    shopCipher: "required",
    handle(ctx) {
      const c = cancellationOf(ctx);
      return once(ctx, "approve-cancellation", c.id, () => {
        if (c.type !== "BUYER_CANCEL") throw new ApiError(ANSWER_CODES.DECISION_NOT_MATCH_TYPE, "decision not match reverse type: only a buyer's cancellation request is approved by the seller.");
        if (c.status === "CANCELLATION_REQUEST_CANCEL") throw new ApiError(ANSWER_CODES.ALREADY_CANCELLED, "reverse already cancelled");
        if (c.status !== "CANCELLATION_REQUEST_PENDING") throw new ApiError(ANSWER_CODES.CANNOT_APPROVE, `reverse status cannot approve application (${c.status})`);
        const order = ctx.state.orders.get(c.orderId);
        const shipped = (order?.packageIds ?? []).some((id) => ctx.state.packages.get(id)?.shippedAt !== undefined);
        if (shipped) throw new ApiError(ANSWER_CODES.ORDER_SHIPPED, "The order has already been shipped and we are unable to cancel shipment with the courier.");
        resolveCancellation(world(ctx), c, "approve");
        return {};
      });
    },
  },
  {
    method: "POST",
    path: "/return_refund/202309/cancellations/:cancel_id/reject",
    shopCipher: "required",
    handle(ctx) {
      const c = cancellationOf(ctx);
      return once(ctx, "reject-cancellation", c.id, () => {
        checkReason(ctx.body.reject_reason, "cancellation");
        optionalComment(ctx.body);
        if (c.type !== "BUYER_CANCEL") throw new ApiError(ANSWER_CODES.DECISION_NOT_MATCH_TYPE, "decision not match reverse type: only a buyer's cancellation request is rejected by the seller.");
        if (c.status === "CANCELLATION_REQUEST_SUCCESS" || c.status === "CANCELLATION_REQUEST_COMPLETE") throw new ApiError(ANSWER_CODES.ALREADY_APPROVED, "Aftersales has been approved and cannot be rejected.");
        if (c.status !== "CANCELLATION_REQUEST_PENDING") throw new ApiError(ANSWER_CODES.CANNOT_REJECT, `reverse status cannot reject application (${c.status})`);
        resolveCancellation(world(ctx), c, "reject");
        return {};
      });
    },
  },
  {
    method: "POST",
    path: "/return_refund/202309/returns/:return_id/approve",
    shopCipher: "required",
    handle(ctx) {
      const r = returnOf(ctx);
      return once(ctx, "approve-return", r.id, () => {
        const keep = ctx.body.buyer_keep_item;
        if (keep !== undefined && typeof keep !== "boolean") throw new ApiError(ANSWER_CODES.INVALID_PARAM, "An invalid request parameter was passed: buyer_keep_item must be a boolean.");
        const decision = typeof ctx.body.decision === "string" ? ctx.body.decision : "";
        return applyReturn(ctx, r, approveReturnTransition(r, decision, keep === true));
      });
    },
  },
  {
    method: "POST",
    path: "/return_refund/202309/returns/:return_id/reject",
    shopCipher: "required",
    handle(ctx) {
      const r = returnOf(ctx);
      return once(ctx, "reject-return", r.id, () => {
        const decision = typeof ctx.body.decision === "string" ? ctx.body.decision : "";
        const t = rejectReturnTransition(r, decision);
        if ("code" in t) throw new ApiError(t.code, t.message);
        checkReason(ctx.body.reject_reason, reasonListOfReturn(r));
        optionalComment(ctx.body);
        return applyReturn(ctx, r, t);
      });
    },
  },
  {
    method: "GET",
    path: "/return_refund/202309/reject_reasons",
    shopCipher: "required",
    handle(ctx) {
      const id = ctx.query.get("return_or_cancel_id");
      if (!id) throw new ApiError(ANSWER_CODES.INVALID_PARAM, "An invalid request parameter was passed: return_or_cancel_id is required.");
      const c = ctx.state.cancellations.get(id);
      const r = ctx.state.returns.get(id);
      let reasons: Record<string, string>;
      if (c && c.shopId === ctx.shop!.id) reasons = rejectReasonsFor({ kind: "cancellation" });
      else if (r && r.shopId === ctx.shop!.id) reasons = rejectReasonsFor({ kind: "return", status: r.status });
      else throw new ApiError(ANSWER_CODES.NOT_FOUND, `Order not found: no cancellation or return ${id} in this shop.`);
      return { reasons: Object.entries(reasons).map(([name, text]) => ({ name, text })) };
    },
  },
];
