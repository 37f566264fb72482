import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TikTokSandbox } from "./server";
import { operate, placeOrder, shopFixture, startTestSandbox } from "./testing";

let sandbox: TikTokSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

const postForm = (path: string, form: Record<string, string>) =>
  fetch(`${sandbox.url}${path}`, { method: "POST", body: new URLSearchParams(form), redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" } });

describe("operator", () => {
  it("lists its endpoints", async () => {
    const index = await operate<{ endpoints: Array<{ method: string; path: string }> }>(sandbox, "GET", "");
    expect(index.endpoints.map((e) => `${e.method} ${e.path}`)).toEqual(expect.arrayContaining(["POST /_sandbox/orders", "POST /_sandbox/faults", "POST /_sandbox/reset", "GET /_sandbox/shipments"]));
  });

  it("places orders from the HTML console and moves them along", async () => {
    const page = await (await fetch(`${sandbox.url}/_sandbox/ui`)).text();
    const mugSku = [...sandbox.state().products.values()].find((p) => p.shopId === shopFixture("US").id && p.skus.some((s) => s.sellerSku === "MUG-WHT"))!.skus.find((s) => s.sellerSku === "MUG-WHT")!;
    expect(page).toContain(`<label for="q-${shopFixture("US").id}-${mugSku.id}">MUG-WHT</label>`);
    const res = await postForm("/_sandbox/ui/orders", { shop_id: shopFixture("US").id, [`qty:${mugSku.id}`]: "2", delivery_option_id: "7091146663229654786", pay: "1" });
    expect(res.status).toBe(302);
    const order = [...sandbox.state().orders.values()].at(-1)!;
    expect(order.status).toBe("ON_HOLD");
    expect(order.lines).toHaveLength(2);
    expect(order.deliveryOptionId).toBe("7091146663229654786");
    await postForm("/_sandbox/ui/action", { action: "release-hold", order_id: order.id });
    expect(order.status).toBe("AWAITING_SHIPMENT");
    expect(await (await fetch(`${sandbox.url}/_sandbox/ui`)).text()).toContain(order.id);
  });

  it("lets the console pick the buyer (Colorado included), discounts and shipping, cancel as seller, and ask a refund for chosen units", async () => {
    const us = shopFixture("US");
    const page = await (await fetch(`${sandbox.url}/_sandbox/ui`)).text();
    expect(page).toContain(`<select id="b-${us.id}" name="buyer_index">`);
    expect(page).toContain("Avery Chen — Denver, Colorado (retail delivery fee 0.28)");
    const skuOf = (sellerSku: string) => [...sandbox.state().products.values()].filter((p) => p.shopId === us.id).flatMap((p) => p.skus).find((s) => s.sellerSku === sellerSku)!;
    const place = async (form: Record<string, string>) => {
      expect((await postForm("/_sandbox/ui/orders", { shop_id: us.id, pay: "1", ...form })).status).toBe(302);
      return [...sandbox.state().orders.values()].at(-1)!;
    };

    const colorado = await place({ [`qty:${skuOf("MUG-WHT").id}`]: "3", buyer_index: "2", delivery_option_id: "7091146663229654785", platform_discount_per_unit: "1.00", shipping_fee_platform_discount: "5.99" });
    expect(colorado.address.state).toBe("Colorado");
    const shown = await operate<{ payment: Record<string, string> }>(sandbox, "GET", `/orders/${colorado.id}`);
    expect(shown.payment).toMatchObject({ platform_discount: "3.00", shipping_fee: "0.00", retail_delivery_fee: "0.28", total_amount: "35.92" });

    // seller cancels from the page (a reason the order's status allows)
    const toCancel = await place({ [`qty:${skuOf("CAP-BLK").id}`]: "1" });
    expect(await (await fetch(`${sandbox.url}/_sandbox/ui`)).text()).toContain(`aria-label="Seller cancel reason for ${toCancel.id}"`);
    expect((await postForm("/_sandbox/ui/action", { action: "seller-cancel", order_id: toCancel.id, reason: "seller_cancel_reason_out_of_stock" })).status).toBe(302);
    expect(toCancel.status).toBe("CANCELLED");
    expect(toCancel.cancellationInitiator).toBe("SELLER");
    const wrongReason = await postForm("/_sandbox/ui/action", { action: "seller-cancel", order_id: colorado.id, reason: "seller_cancel_unpaid_reason_out_of_stock" });
    expect(wrongReason.status).toBe(400);
    expect(await wrongReason.text()).toContain("Reason not match order status");

    // buyer asks a refund of 2 of the 3 mugs once the order can ship
    await postForm("/_sandbox/ui/action", { action: "release-hold", order_id: colorado.id });
    const withForm = await (await fetch(`${sandbox.url}/_sandbox/ui`)).text();
    const [first, second] = colorado.lines;
    expect(withForm).toContain(`name="line_item_id" value="${first!.id}"`);
    const form = new URLSearchParams({ action: "return-request", order_id: colorado.id, type: "REFUND" });
    form.append("line_item_id", first!.id);
    form.append("line_item_id", second!.id);
    const res = await fetch(`${sandbox.url}/_sandbox/ui/action`, { method: "POST", body: form, redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(302);
    const refund = [...sandbox.state().returns.values()].find((r) => r.orderId === colorado.id)!;
    expect(refund).toMatchObject({ type: "REFUND", status: "RETURN_OR_REFUND_REQUEST_PENDING", lineIds: [first!.id, second!.id] });
    expect((await postForm("/_sandbox/ui/action", { action: "return-request", order_id: colorado.id })).status).toBe(400);
  });

  it("lists the buyers by region with their index", async () => {
    const { buyers } = await operate<{ buyers: Record<string, Array<{ buyer_index: number; state: string }>> }>(sandbox, "GET", "/state");
    expect(buyers.US?.find((b) => b.state === "Colorado")?.buyer_index).toBe(2);
  });

  it("rejects impossible transitions with a message", async () => {
    const placed = await placeOrder(sandbox, { items: [{ seller_sku: "MUG-WHT", quantity: 1 }] });
    await expect(operate(sandbox, "POST", `/orders/${placed.id}/release-hold`)).rejects.toThrow(/not ON_HOLD/);
    await expect(operate(sandbox, "POST", "/orders", { items: [{ seller_sku: "NOPE", quantity: 1 }] })).rejects.toThrow(/Unknown SKU/);
  });

  it("releases ON_HOLD orders by itself once the remorse window has passed", async () => {
    const quick = await startTestSandbox({ onHoldMs: 100 });
    try {
      const placed = await placeOrder(quick, { items: [{ seller_sku: "MUG-WHT", quantity: 1 }], pay: true });
      expect(placed.status).toBe("ON_HOLD");
      await new Promise((r) => setTimeout(r, 1300));
      expect(quick.state().orders.get(placed.id)?.status).toBe("AWAITING_SHIPMENT");
    } finally {
      await quick.close();
    }
  });

  it("resets to the seed data (ids of seeded products are stable)", async () => {
    const productIds = [...sandbox.state().products.keys()].sort();
    await placeOrder(sandbox, { items: [{ seller_sku: "MUG-WHT", quantity: 1 }] });
    await operate(sandbox, "POST", "/faults", { kind: "latency", latency_ms: 5, count: 0 });
    await operate(sandbox, "POST", "/reset");
    expect(sandbox.state().orders.size).toBe(0);
    expect(sandbox.state().faults).toEqual([]);
    expect([...sandbox.state().products.keys()].sort()).toEqual(productIds);
  });
});
