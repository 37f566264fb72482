import { describe, expect, it } from "vitest";
import type { LiveRequest } from "./buyer-request-plan";
import { planAnswer } from "./buyer-request-plan";

const cancel = (over: Partial<LiveRequest> = {}): LiveRequest => ({ kind: "cancellation", id: "58001", type: "BUYER_CANCEL", status: "CANCELLATION_REQUEST_PENDING", pending: true, ...over });
const ret = (type: string, over: Partial<LiveRequest> = {}): LiveRequest => ({ kind: "return", id: "46001", type, status: "RETURN_OR_REFUND_REQUEST_PENDING", pending: true, ...over });
const LEAVE = { buyerCancellations: "leave", buyerReturns: "leave" } as const;
const APPROVE = { buyerCancellations: "approveIfNotShipped", buyerReturns: "approve" } as const;

describe("answering a buyer request", () => {
  it("does nothing but close its exceptions once it no longer waits for the seller", () => {
    expect(planAnswer(cancel({ pending: false, status: "CANCELLATION_REQUEST_CANCELLED" }), APPROVE)).toEqual({ do: "close", why: "the request is cancellation request cancelled on TikTok Shop" });
    expect(planAnswer(ret("REFUND", { pending: false, status: "RETURN_OR_REFUND_REQUEST_COMPLETE" }), APPROVE)).toMatchObject({ do: "close" });
  });

  it("notes the request on the timeline when it is left to Seller Center", () => {
    expect(planAnswer(cancel(), LEAVE)).toMatchObject({ do: "note", message: expect.stringContaining("asked to cancel") });
    expect(planAnswer(ret("RETURN_AND_REFUND"), LEAVE)).toMatchObject({ do: "note", message: expect.stringContaining("asked for a return") });
  });

  it("approves a cancellation only after the shipment check, a refund or return with its type's decision", () => {
    expect(planAnswer(cancel(), APPROVE)).toEqual({ do: "approve-if-not-shipped" });
    expect(planAnswer(ret("REFUND"), APPROVE)).toEqual({ do: "approve-return", decision: "APPROVE_REFUND" });
    expect(planAnswer(ret("RETURN_AND_REFUND"), APPROVE)).toEqual({ do: "approve-return", decision: "APPROVE_RETURN" });
  });

  it("never approves a replacement automatically", () => {
    expect(planAnswer(ret("REPLACEMENT"), APPROVE)).toMatchObject({ do: "note", message: expect.stringContaining("replacements are answered in Seller Center") });
    expect(planAnswer(ret("REPLACEMENT", { status: "REPLACEMENT_REQUEST_PENDING" }), APPROVE)).toMatchObject({ do: "note" });
  });
});
