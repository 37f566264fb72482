import { describe, expect, it } from "vitest";
import { ANSWER_CODES, approveReturnTransition, rejectReasonsFor, rejectReturnTransition } from "./aftersale-answers";

const pending = (type: "REFUND" | "RETURN_AND_REFUND" | "REPLACEMENT") => ({ type, status: "RETURN_OR_REFUND_REQUEST_PENDING" });

describe("Approve Return's decisions", () => {
  it("takes each request type to its next status", () => {
    expect(approveReturnTransition(pending("REFUND"), "APPROVE_REFUND", false)).toEqual({ next: ["RETURN_OR_REFUND_REQUEST_SUCCESS", "RETURN_OR_REFUND_REQUEST_COMPLETE"] });
    expect(approveReturnTransition(pending("RETURN_AND_REFUND"), "APPROVE_RETURN", false)).toEqual({ next: ["AWAITING_BUYER_SHIP"] });
    expect(approveReturnTransition(pending("RETURN_AND_REFUND"), "APPROVE_RETURN", true)).toEqual({ next: ["RETURN_OR_REFUND_REQUEST_SUCCESS", "RETURN_OR_REFUND_REQUEST_COMPLETE"] });
    expect(approveReturnTransition(pending("REPLACEMENT"), "ISSUE_REPLACEMENT_REFUND", false)).toEqual({ next: ["REPLACEMENT_REQUEST_REFUND_SUCCESS"] });
    expect(approveReturnTransition({ type: "RETURN_AND_REFUND", status: "BUYER_SHIPPED_ITEM" }, "APPROVE_RECEIVED_PACKAGE", false)).toEqual({ next: ["RETURN_OR_REFUND_REQUEST_COMPLETE"] });
  });

  it("refuses a decision of another type, a request no longer pending, and unknown decisions", () => {
    expect(approveReturnTransition(pending("REFUND"), "APPROVE_RETURN", false)).toMatchObject({ code: ANSWER_CODES.DECISION_NOT_MATCH_TYPE });
    expect(approveReturnTransition({ type: "REFUND", status: "RETURN_OR_REFUND_REQUEST_CANCEL" }, "APPROVE_REFUND", false)).toMatchObject({ code: ANSWER_CODES.ALREADY_CANCELLED });
    expect(approveReturnTransition({ type: "REFUND", status: "RETURN_OR_REFUND_REQUEST_COMPLETE" }, "APPROVE_REFUND", false)).toMatchObject({ code: ANSWER_CODES.CANNOT_APPROVE });
    expect(approveReturnTransition(pending("RETURN_AND_REFUND"), "APPROVE_RECEIVED_PACKAGE", false)).toMatchObject({ code: ANSWER_CODES.CANNOT_APPROVE_RECEIVE });
    expect(approveReturnTransition(pending("REFUND"), "APPROVE_REFUND", true)).toMatchObject({ code: ANSWER_CODES.INVALID_PARAM });
    expect(approveReturnTransition(pending("REFUND"), "", false)).toMatchObject({ code: ANSWER_CODES.INVALID_PARAM });
  });
});

describe("Reject Return's decisions", () => {
  it("rejects a pending request of the decision's type; an approved one no longer", () => {
    expect(rejectReturnTransition(pending("REFUND"), "REJECT_REFUND")).toEqual({ next: ["REFUND_OR_RETURN_REQUEST_REJECT"] });
    expect(rejectReturnTransition(pending("REPLACEMENT"), "REJECT_REPLACEMENT")).toEqual({ next: ["REPLACEMENT_REQUEST_REJECT"] });
    expect(rejectReturnTransition({ type: "RETURN_AND_REFUND", status: "BUYER_SHIPPED_ITEM" }, "REJECT_RECEIVED_PACKAGE")).toEqual({ next: ["REJECT_RECEIVE_PACKAGE"] });
    expect(rejectReturnTransition(pending("REFUND"), "REJECT_RETURN")).toMatchObject({ code: ANSWER_CODES.DECISION_NOT_MATCH_TYPE });
    expect(rejectReturnTransition({ type: "RETURN_AND_REFUND", status: "AWAITING_BUYER_SHIP" }, "REJECT_RETURN")).toMatchObject({ code: ANSWER_CODES.ALREADY_APPROVED });
    expect(rejectReturnTransition({ type: "RETURN_AND_REFUND", status: "RETURN_OR_REFUND_REQUEST_CANCEL" }, "REJECT_RETURN")).toMatchObject({ code: ANSWER_CODES.CANNOT_REJECT });
  });

  it("lists reasons per kind of request: a cancellation's are not a return's", () => {
    const cancel = Object.keys(rejectReasonsFor({ kind: "cancellation" }));
    const ret = Object.keys(rejectReasonsFor({ kind: "return", status: "RETURN_OR_REFUND_REQUEST_PENDING" }));
    const parcel = Object.keys(rejectReasonsFor({ kind: "return", status: "BUYER_SHIPPED_ITEM" }));
    expect(cancel).toContain("seller_reject_apply_product_has_been_packed");
    expect(ret).not.toContain("seller_reject_apply_product_has_been_packed");
    expect(parcel.every((r) => !ret.includes(r))).toBe(true);
  });
});
