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
