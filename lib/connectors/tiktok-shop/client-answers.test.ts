import { describe, expect, it } from "vitest";
import { answerIdempotencyKey, approveDecisionFor } from "./client-answers";

describe("answers to buyer requests", () => {
  it("derive one idempotency key per request and answer, stable across retries", () => {
    const id = "4035319218955782461";
    expect(answerIdempotencyKey("approve-cancellation", id)).toBe(answerIdempotencyKey("approve-cancellation", id));
    expect(answerIdempotencyKey("approve-cancellation", id)).not.toBe(answerIdempotencyKey("reject-cancellation", id));
    expect(answerIdempotencyKey("approve-return", id)).toContain(id);
    expect(answerIdempotencyKey("reject-return", id).length).toBeLessThanOrEqual(255);
  });

  it("approve a return with the decision of its type", () => {
    expect(approveDecisionFor("REFUND")).toBe("APPROVE_REFUND");
    expect(approveDecisionFor("RETURN_AND_REFUND")).toBe("APPROVE_RETURN");
    expect(approveDecisionFor("REPLACEMENT")).toBe("APPROVE_REPLACEMENT");
    expect(approveDecisionFor("SOMETHING_NEW")).toBeNull();
  });
});
