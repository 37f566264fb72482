import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMemoryTokenStore } from "../shared/token-store";
import type { TikTokShopClient } from "./client";
import { createTikTokShopClient } from "./client";
import { answerIdempotencyKey } from "./client-answers";
import type { TikTokShopError } from "./errors";
import { TIKTOK_CODES } from "./errors";
import { answersOf } from "./sandbox/aftersale-answers";
import type { TikTokSandbox } from "./sandbox/server";
import { connectedClient, operate, placeOrder, shopFixture, startTestSandbox, TEST_APP } from "./sandbox/testing";

/** Approve / Reject Cancellation, Approve / Reject Return and Get Reject Reasons against the sandbox (spec §6.1). */
let sandbox: TikTokSandbox;
let us: TikTokShopClient;
let tokens: Awaited<ReturnType<typeof connectedClient>>["tokens"];
const UPS = "6617675021119438850";

beforeAll(async () => {
  sandbox = await startTestSandbox();
  ({ us, tokens } = await connectedClient(sandbox));
});
afterAll(() => sandbox.close());
beforeEach(() => operate(sandbox, "DELETE", "/faults"));

const fail = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as TikTokShopError);

async function pendingBuyerCancel(sku = "MUG-WHT", quantity = 1) {
  const placed = await placeOrder(sandbox, { items: [{ seller_sku: sku, quantity }], pay: true, release_hold: true });
  const { cancel_id } = await operate<{ cancel_id: string }>(sandbox, "POST", `/orders/${placed.id}/buyer-cancel`);
  return { orderId: placed.id, cancelId: cancel_id };
}

async function deliveredWithReturn(type: "REFUND" | "RETURN_AND_REFUND") {
  const placed = await placeOrder(sandbox, { items: [{ seller_sku: "HOODIE-GRY-M", quantity: 1 }], pay: true, release_hold: true });
  await us.markPackageAsShipped(placed.id, { trackingNumber: `1Z-ANS-${placed.id.slice(-8)}`, shippingProviderId: UPS });
  await operate(sandbox, "POST", `/orders/${placed.id}/advance`, { status: "DELIVERED" });
  const { return_id } = await operate<{ return_id: string }>(sandbox, "POST", `/orders/${placed.id}/returns`, { type });
  return { orderId: placed.id, returnId: return_id };
}

const cancellation = async (id: string) => (await us.searchCancellations({ filter: { cancelIds: [id] } })).items[0]!;
const returnOf = async (id: string) => (await us.searchReturns({ filter: { returnIds: [id] } })).items[0]!;
const applied = (id: string) => answersOf(sandbox.state()).filter((a) => a.requestId === id && !a.replayed);

describe("Approve Cancellation", () => {
  it("is signed, carries an idempotency key derived from the request, and cancels the order on TikTok", async () => {
    const { orderId, cancelId } = await pendingBuyerCancel("MUG-WHT", 2);
    await us.approveCancellation(cancelId);
    const [call] = (await operate<{ requests: Array<{ method: string; query: Record<string, string>; body: string; code: number }> }>(sandbox, "GET", `/requests?path_contains=/cancellations/${cancelId}/approve`)).requests;
    expect(call).toMatchObject({ method: "POST", body: "{}", code: 0 });
    expect(call!.query).toMatchObject({ idempotency_key: answerIdempotencyKey("approve-cancellation", cancelId), shop_cipher: shopFixture("US").cipher });
    expect(call!.query.sign).toMatch(/^[0-9a-f]{64}$/);
    expect((await cancellation(cancelId)).cancel_status).toBe("CANCELLATION_REQUEST_COMPLETE");
    const [order] = await us.getOrderDetails([orderId]);
    expect(order).toMatchObject({ status: "CANCELLED", cancellation_initiator: "BUYER", is_buyer_request_cancel: false });
  });

  it("a resend with the same key (a retry after a lost answer) is applied once", async () => {
    const { cancelId } = await pendingBuyerCancel();
    await operate(sandbox, "POST", "/faults", { kind: "drop_response", path_contains: `/cancellations/${cancelId}/approve` });
    await us.approveCancellation(cancelId);
    await us.approveCancellation(cancelId);
    const answers = answersOf(sandbox.state()).filter((a) => a.requestId === cancelId);
    expect(answers.map((a) => a.replayed)).toEqual([false, true, true]);
    expect((await cancellation(cancelId)).cancel_status).toBe("CANCELLATION_REQUEST_COMPLETE");
  });

  it("answers only a buyer's pending request: withdrawn 25020009, a seller's own 25020004, unknown 25007006", async () => {
    const { cancelId } = await pendingBuyerCancel();
    await operate(sandbox, "POST", `/cancellations/${cancelId}/resolve`, { outcome: "withdraw" });
    expect(await fail(us.approveCancellation(cancelId))).toMatchObject({ code: TIKTOK_CODES.REQUEST_ALREADY_CANCELLED, kind: "conflict", retryable: false });

    const placed = await placeOrder(sandbox, { items: [{ seller_sku: "CAP-BLK", quantity: 1 }], pay: true, release_hold: true });
    const seller = await us.cancelOrder({ orderId: placed.id, cancelReason: "seller_cancel_reason_out_of_stock" });
    expect(await fail(us.approveCancellation(seller.cancel_id))).toMatchObject({ code: TIKTOK_CODES.DECISION_NOT_MATCH_TYPE });

    expect(await fail(us.approveCancellation("5800000000000000001"))).toMatchObject({ code: TIKTOK_CODES.AFTERSALE_NOT_FOUND, kind: "not_found" });
    expect(applied(cancelId)).toHaveLength(0);
  });

  it("a wrong signature is refused before anything is applied", async () => {
    const { cancelId } = await pendingBuyerCancel();
    const forged = createTikTokShopClient({ apiBaseUrl: sandbox.url, authBaseUrl: sandbox.url, ...TEST_APP, appSecret: "not-the-secret", tokenStore: createMemoryTokenStore(tokens) }).forShop(shopFixture("US").cipher);
    expect(await fail(forged.approveCancellation(cancelId))).toMatchObject({ code: TIKTOK_CODES.INVALID_SIGN, kind: "invalid_signature", httpStatus: 401 });
    expect((await cancellation(cancelId)).cancel_status).toBe("CANCELLATION_REQUEST_PENDING");
  });
});

describe("Reject Cancellation and reject reasons", () => {
  it("needs a reason key Get Reject Reasons lists for the request; the order stays to ship", async () => {
    const { orderId, cancelId } = await pendingBuyerCancel();
    const reasons = await us.getRejectReasons(cancelId);
    expect(reasons.map((r) => r.name)).toContain("seller_reject_apply_product_has_been_packed");
    expect(reasons.every((r) => r.text.length > 0)).toBe(true);

    expect(await fail(us.rejectCancellation(cancelId, { reason: "" }))).toMatchObject({ code: TIKTOK_CODES.AFTERSALE_INVALID_PARAM, kind: "invalid_request" });
    expect(await fail(us.rejectCancellation(cancelId, { reason: "because" }))).toMatchObject({ code: TIKTOK_CODES.REJECT_REASON_UNKNOWN });
    expect(await fail(us.rejectCancellation(cancelId, { reason: "seller_reject_apply_product_not_eligible_for_return" }))).toMatchObject({ code: TIKTOK_CODES.REJECT_REASON_NOT_MATCH_ACTION });
    expect((await cancellation(cancelId)).cancel_status).toBe("CANCELLATION_REQUEST_PENDING");

    await us.rejectCancellation(cancelId, { reason: "seller_reject_apply_product_has_been_packed", comment: "Packed before the request" });
    expect((await cancellation(cancelId)).cancel_status).toBe("CANCELLATION_REQUEST_CANCELLED");
    const [order] = await us.getOrderDetails([orderId]);
    expect(order).toMatchObject({ status: "AWAITING_SHIPMENT", is_buyer_request_cancel: false });
    // answered: neither answer applies any more
    expect(await fail(us.approveCancellation(cancelId))).toMatchObject({ code: TIKTOK_CODES.REQUEST_ALREADY_CANCELLED });
  });

  it("an approved request cannot be rejected (25020010); reasons of an unknown request: 25007006", async () => {
    const { cancelId } = await pendingBuyerCancel();
    await us.approveCancellation(cancelId);
    expect(await fail(us.rejectCancellation(cancelId, { reason: "seller_reject_apply_product_has_been_packed" }))).toMatchObject({ code: TIKTOK_CODES.REQUEST_ALREADY_APPROVED, kind: "conflict" });
    expect(await fail(us.getRejectReasons("4600000000000000001"))).toMatchObject({ code: TIKTOK_CODES.AFTERSALE_NOT_FOUND });
  });
});

describe("Approve / Reject Return", () => {
  it("a refund-only request takes APPROVE_REFUND and completes; a return takes APPROVE_RETURN and waits for the buyer's parcel", async () => {
    const refund = await deliveredWithReturn("REFUND");
    expect(await fail(us.approveReturn(refund.returnId, { decision: "APPROVE_RETURN" }))).toMatchObject({ code: TIKTOK_CODES.DECISION_NOT_MATCH_TYPE, kind: "invalid_request" });
    await us.approveReturn(refund.returnId, { decision: "APPROVE_REFUND" });
    expect((await returnOf(refund.returnId)).return_status).toBe("RETURN_OR_REFUND_REQUEST_COMPLETE");

    const ret = await deliveredWithReturn("RETURN_AND_REFUND");
    await us.approveReturn(ret.returnId, { decision: "APPROVE_RETURN" });
    expect((await returnOf(ret.returnId)).return_status).toBe("AWAITING_BUYER_SHIP");
    const [call] = (await operate<{ requests: Array<{ query: Record<string, string>; body: string }> }>(sandbox, "GET", `/requests?path_contains=/returns/${ret.returnId}/approve`)).requests;
    expect(call!.query.idempotency_key).toBe(answerIdempotencyKey("approve-return", ret.returnId));
    expect(JSON.parse(call!.body)).toEqual({ decision: "APPROVE_RETURN" });
    // approved: a rejection no longer applies
    expect(await fail(us.rejectReturn(ret.returnId, { decision: "REJECT_RETURN", reason: "seller_reject_apply_you_have_reached_an_agreement_with_the_buyer" }))).toMatchObject({
      code: TIKTOK_CODES.REQUEST_ALREADY_APPROVED,
    });
    // the same key with another request is refused, not replayed
    expect(await fail(us.approveReturn(ret.returnId, { decision: "APPROVE_RETURN", buyerKeepItem: true }))).toMatchObject({ code: TIKTOK_CODES.AFTERSALE_INVALID_PARAM });
  });

  it("only a pending request is approved: withdrawn 25020009, completed 25011012", async () => {
    const withdrawn = await deliveredWithReturn("REFUND");
    await operate(sandbox, "POST", `/returns/${withdrawn.returnId}/status`, { status: "RETURN_OR_REFUND_REQUEST_CANCEL" });
    expect(await fail(us.approveReturn(withdrawn.returnId, { decision: "APPROVE_REFUND" }))).toMatchObject({ code: TIKTOK_CODES.REQUEST_ALREADY_CANCELLED, kind: "conflict" });
    const done = await deliveredWithReturn("REFUND");
    await operate(sandbox, "POST", `/returns/${done.returnId}/status`, { status: "RETURN_OR_REFUND_REQUEST_COMPLETE" });
    expect(await fail(us.approveReturn(done.returnId, { decision: "APPROVE_REFUND" }))).toMatchObject({ code: TIKTOK_CODES.REQUEST_CANNOT_BE_APPROVED, kind: "conflict" });
    expect(applied(withdrawn.returnId)).toHaveLength(0);
  });

  it("a rejection needs the decision of the request's type and one of its reasons", async () => {
    const { returnId } = await deliveredWithReturn("RETURN_AND_REFUND");
    const reasons = (await us.getRejectReasons(returnId)).map((r) => r.name);
    expect(reasons).toContain("seller_reject_apply_product_not_eligible_for_return");
    expect(reasons).not.toContain("seller_reject_apply_product_has_been_packed");
    expect(await fail(us.rejectReturn(returnId, { decision: "REJECT_REFUND", reason: reasons[0]! }))).toMatchObject({ code: TIKTOK_CODES.DECISION_NOT_MATCH_TYPE });
    expect(await fail(us.rejectReturn(returnId, { decision: "REJECT_RETURN", reason: "seller_reject_apply_product_has_been_packed" }))).toMatchObject({ code: TIKTOK_CODES.REJECT_REASON_NOT_MATCH_ACTION });
    await us.rejectReturn(returnId, { decision: "REJECT_RETURN", reason: "seller_reject_apply_product_not_eligible_for_return" });
    expect((await returnOf(returnId)).return_status).toBe("REFUND_OR_RETURN_REQUEST_REJECT");
  });
});
