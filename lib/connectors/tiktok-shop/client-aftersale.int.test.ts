import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TikTokShopClient } from "./client";
import { TIKTOK_CODES, TikTokShopError } from "./errors";
import type { TikTokSandbox } from "./sandbox/server";
import { connectedClient, operate, placeOrder, startTestSandbox } from "./sandbox/testing";

let sandbox: TikTokSandbox;
let us: TikTokShopClient;
const UPS = "6617675021119438850";

beforeAll(async () => {
  sandbox = await startTestSandbox();
  ({ us } = await connectedClient(sandbox));
});
afterAll(() => sandbox.close());

describe("cancellations", () => {
  it("finds a pending buyer request, then its closed state in the normalised spelling", async () => {
    const placed = await placeOrder(sandbox, { items: [{ seller_sku: "EARBUDS-BT", quantity: 1 }], pay: true, release_hold: true });
    const { cancel_id } = await operate<{ cancel_id: string }>(sandbox, "POST", `/orders/${placed.id}/buyer-cancel`);
    const [order] = await us.getOrderDetails([placed.id]);
    expect(order!.is_buyer_request_cancel).toBe(true);
    expect((await us.searchOrders({ filter: { isBuyerRequestCancel: true } })).items.map((o) => o.id)).toContain(placed.id);

    let page = await us.searchCancellations({ filter: { orderIds: [placed.id] } });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ cancel_id, cancel_type: "BUYER_CANCEL", cancel_status: "CANCELLATION_REQUEST_PENDING", role: "BUYER" });
    expect(page.items[0]!.refund_amount).toMatchObject({ currency: "USD", refund_subtotal: "59.00", refund_tax: "4.72", refund_shipping_fee: "5.99", refund_total: "69.71" });

    await operate(sandbox, "POST", `/cancellations/${cancel_id}/resolve`, { outcome: "withdraw" });
    page = await us.searchCancellations({ filter: { cancelIds: [cancel_id] } });
    // the API says CANCELLATION_REQUEST_CANCEL; the client reports one spelling
    expect(page.items[0]!.cancel_status).toBe("CANCELLATION_REQUEST_CANCELLED");
    const byStatus = await us.searchCancellations({ filter: { cancelStatus: ["CANCELLATION_REQUEST_CANCELLED"] } });
    expect(byStatus.items.map((c) => c.cancel_id)).toContain(cancel_id);
  });

  it("approving a request cancels the order and completes the refund", async () => {
    const placed = await placeOrder(sandbox, { items: [{ seller_sku: "MUG-WHT", quantity: 3 }], pay: true, release_hold: true });
    const { cancel_id } = await operate<{ cancel_id: string }>(sandbox, "POST", `/orders/${placed.id}/buyer-cancel`);
    await operate(sandbox, "POST", `/cancellations/${cancel_id}/resolve`, { outcome: "approve" });
    const c = (await us.searchCancellations({ filter: { cancelIds: [cancel_id] } })).items[0]!;
    expect(c.cancel_status).toBe("CANCELLATION_REQUEST_COMPLETE");
    expect(c.cancel_line_items).toHaveLength(3);
    expect(c.cancel_line_items[0]!.refund_amount?.refund_total).toBe("12.96");
    const [order] = await us.getOrderDetails([placed.id]);
    expect(order!.status).toBe("CANCELLED");
  });

  it("pages cancellations with tokens", async () => {
    for (let i = 0; i < 3; i++) {
      const p = await placeOrder(sandbox, { items: [{ seller_sku: "CAP-BLK", quantity: 1 }] });
      await operate(sandbox, "POST", `/orders/${p.id}/buyer-cancel`);
    }
    const seen: string[] = [];
    for await (const page of us.searchCancellationPages({ pageSize: 2 })) seen.push(...page.items.map((c) => c.cancel_id));
    expect(seen.length).toBe(new Set(seen).size);
    expect(seen.length).toBeGreaterThanOrEqual(5);
  });
});

describe("seller cancels (Cancel Order)", () => {
  it("cancels a paid order with a reason its status allows; the refund includes shipping and the Colorado fee", async () => {
    const placed = await placeOrder(sandbox, { items: [{ seller_sku: "MUG-WHT", quantity: 2 }], pay: true, release_hold: true, buyer_index: 2 });
    const result = await us.cancelOrder({ orderId: placed.id, cancelReason: "seller_cancel_reason_out_of_stock" });
    expect(result).toEqual({ cancel_id: expect.stringMatching(/^\d+$/), cancel_status: "CANCELLATION_REQUEST_COMPLETE" });
    const [order] = await us.getOrderDetails([placed.id]);
    expect(order).toMatchObject({ status: "CANCELLED", cancellation_initiator: "SELLER", cancel_reason: "seller_cancel_reason_out_of_stock", payment: { retail_delivery_fee: "0.28", total_amount: "32.19" } });
    const c = (await us.searchCancellations({ filter: { cancelIds: [result.cancel_id] } })).items[0]!;
    expect(c).toMatchObject({ cancel_type: "CANCEL", role: "SELLER", cancel_reason_text: "Out of stock" });
    expect(c.refund_amount).toMatchObject({ refund_subtotal: "24.00", refund_tax: "1.92", refund_shipping_fee: "5.99", retail_delivery_fee: "0.28", refund_total: "32.19" });
    // a repeat (e.g. after a lost answer) returns the same cancellation
    expect(await us.cancelOrder({ orderId: placed.id, cancelReason: "seller_cancel_reason_out_of_stock" })).toEqual(result);
  });

  it("answers 25001021 when the reason does not match the order's status", async () => {
    const unpaid = await placeOrder(sandbox, { items: [{ seller_sku: "CAP-BLK", quantity: 1 }] });
    const err = await us.cancelOrder({ orderId: unpaid.id, cancelReason: "seller_cancel_reason_out_of_stock" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TikTokShopError);
    expect(err).toMatchObject({ code: TIKTOK_CODES.CANCEL_REASON_NOT_MATCH_STATUS, kind: "invalid_request", retryable: false });
    expect((await us.cancelOrder({ orderId: unpaid.id, cancelReason: "seller_cancel_unpaid_reason_out_of_stock" })).cancel_status).toBe("CANCELLATION_REQUEST_SUCCESS");
    const delivered = await placeOrder(sandbox, { items: [{ seller_sku: "CAP-BLK", quantity: 1 }], pay: true, release_hold: true });
    await us.markPackageAsShipped(delivered.id, { trackingNumber: "1Z-CANCEL-LATE", shippingProviderId: UPS });
    await operate(sandbox, "POST", `/orders/${delivered.id}/advance`, { status: "DELIVERED" });
    await expect(us.cancelOrder({ orderId: delivered.id, cancelReason: "seller_cancel_reason_out_of_stock" })).rejects.toMatchObject({ code: 25001021 });
  });

  it("cancels chosen line items only; the rest of the order still ships", async () => {
    const placed = await placeOrder(sandbox, { items: [{ seller_sku: "MUG-WHT", quantity: 2 }, { seller_sku: "CAP-BLK", quantity: 1 }], pay: true, release_hold: true });
    const cap = placed.line_items.find((l) => l.seller_sku === "CAP-BLK")!;
    const result = await us.cancelOrder({ orderId: placed.id, cancelReason: "seller_cancel_reason_out_of_stock", orderLineItemIds: [cap.id] });
    let [order] = await us.getOrderDetails([placed.id]);
    expect(order!.status).toBe("AWAITING_SHIPMENT");
    expect(order!.line_items.map((l) => [l.seller_sku, l.display_status])).toEqual([["MUG-WHT", "AWAITING_SHIPMENT"], ["MUG-WHT", "AWAITING_SHIPMENT"], ["CAP-BLK", "CANCELLED"]]);
    const c = (await us.searchCancellations({ filter: { cancelIds: [result.cancel_id] } })).items[0]!;
    expect(c.cancel_line_items.map((l) => l.order_line_item_id)).toEqual([cap.id]);
    expect(c.refund_amount).toMatchObject({ refund_subtotal: "22.00", refund_shipping_fee: "0.00", refund_total: "23.76" });
    expect(await us.cancelOrder({ orderId: placed.id, cancelReason: "seller_cancel_reason_out_of_stock", orderLineItemIds: [cap.id] })).toEqual(result);
    const shipped = await us.markPackageAsShipped(placed.id, { trackingNumber: "1Z-PARTIAL-1", shippingProviderId: UPS });
    expect(shipped.order_line_item_ids).toHaveLength(2);
    [order] = await us.getOrderDetails([placed.id]);
    expect(order!.status).toBe("AWAITING_COLLECTION");
  });
});

describe("returns", () => {
  it("opens a return on a delivered order, with per-line refund amounts, and tracks its statuses", async () => {
    const placed = await placeOrder(sandbox, { items: [{ seller_sku: "HOODIE-GRY-M", quantity: 2 }], pay: true, release_hold: true });
    await us.markPackageAsShipped(placed.id, { trackingNumber: "1Z-RET-1", shippingProviderId: UPS });
    await operate(sandbox, "POST", `/orders/${placed.id}/advance`, { status: "DELIVERED" });
    const [order] = await us.getOrderDetails([placed.id]);
    const lineId = order!.line_items[0]!.id;
    const { return_id } = await operate<{ return_id: string }>(sandbox, "POST", `/orders/${placed.id}/returns`, { line_item_ids: [lineId] });

    let r = (await us.searchReturns({ filter: { orderIds: [placed.id] } })).items[0]!;
    expect(r).toMatchObject({ return_id, return_type: "RETURN_AND_REFUND", return_status: "RETURN_OR_REFUND_REQUEST_PENDING" });
    expect(r.return_line_items.map((l) => l.order_line_item_id)).toEqual([lineId]);
    expect(r.refund_amount).toMatchObject({ refund_subtotal: "49.00", refund_tax: "3.92", refund_total: "52.92" });

    await operate(sandbox, "POST", `/returns/${return_id}/status`, { status: "RETURN_OR_REFUND_REQUEST_CANCEL" });
    r = (await us.searchReturns({ filter: { returnIds: [return_id] } })).items[0]!;
    expect(r.return_status).toBe("RETURN_OR_REFUND_REQUEST_CANCELLED");

    const refund = await operate<{ return_id: string }>(sandbox, "POST", `/orders/${placed.id}/returns`, { type: "REFUND" });
    await operate(sandbox, "POST", `/returns/${refund.return_id}/status`, { status: "RETURN_OR_REFUND_REQUEST_COMPLETE" });
    const done = await us.searchReturns({ filter: { returnStatus: ["RETURN_OR_REFUND_REQUEST_COMPLETE"] } });
    expect(done.items.map((x) => x.return_id)).toEqual([refund.return_id]);
    expect(done.items[0]!.return_line_items).toHaveLength(2);
  });
});
