import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORDER_DETAIL_CHUNK } from "./client";
import type { TikTokShopClient } from "./client";
import { TikTokShopError } from "./errors";
import type { TikTokSandbox } from "./sandbox/server";
import { connectedClient, operate, placeOrder, startTestSandbox } from "./sandbox/testing";

let sandbox: TikTokSandbox;
let us: TikTokShopClient;
let uk: TikTokShopClient;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  ({ us, uk } = await connectedClient(sandbox));
});
afterAll(() => sandbox.close());

describe("orders", () => {
  it("follows UNPAID → ON_HOLD (address masked) → AWAITING_SHIPMENT with one line item per unit", async () => {
    const placed = await placeOrder(sandbox, { items: [{ seller_sku: "TSHIRT-RED-L", quantity: 2 }, { seller_sku: "MUG-WHT", quantity: 1 }] });
    expect(placed.id).toMatch(/^\d{19}$/);
    let [order] = await us.getOrderDetails([placed.id]);
    expect(order!.status).toBe("UNPAID");

    await operate(sandbox, "POST", `/orders/${placed.id}/pay`);
    [order] = await us.getOrderDetails([placed.id]);
    expect(order!.status).toBe("ON_HOLD");
    expect(order!.recipient_address.name).toBe("");
    expect(order!.recipient_address.address_line1).toBe("");
    expect(order!.recipient_address.district_info).toEqual([]);

    await operate(sandbox, "POST", `/orders/${placed.id}/release-hold`);
    [order] = await us.getOrderDetails([placed.id]);
    const o = order!;
    expect(o.status).toBe("AWAITING_SHIPMENT");
    expect(o.recipient_address.name).toBe("Dana Ruiz");
    expect(o.recipient_address.postal_code).toBe("94107");
    expect(o.line_items).toHaveLength(3);
    expect(o.line_items.filter((l) => l.seller_sku === "TSHIRT-RED-L")).toHaveLength(2);
    for (const l of o.line_items) {
      expect(l.id).toMatch(/^\d{18,19}$/);
      expect(typeof l.sale_price).toBe("string");
      expect(l.display_status).toBe("AWAITING_SHIPMENT");
    }
    // money invariants, as strings
    expect(o.payment).toMatchObject({ currency: "USD", original_total_product_price: "51.00", sub_total: "51.00", shipping_fee: "5.99", product_tax: "4.08", total_amount: "61.07" });
    expect(o.create_time).toBeLessThan(10_000_000_000);
    expect(o.packages).toHaveLength(1);
  });

  it("goes straight to AWAITING_SHIPMENT in a shop without a remorse window (DE)", async () => {
    const placed = await placeOrder(sandbox, { region: "DE", items: [{ seller_sku: "TOTE-NAT", quantity: 1 }], pay: true });
    expect(placed.status).toBe("AWAITING_SHIPMENT");
  });

  it("pages with opaque tokens containing + / = and walks every page", async () => {
    for (let i = 0; i < 7; i++) await placeOrder(sandbox, { region: "UK", items: [{ seller_sku: "MUG-WHT", quantity: 1 }], pay: true });
    const first = await uk.searchOrders({ pageSize: 3, sortField: "create_time", sortOrder: "ASC" });
    expect(first.items).toHaveLength(3);
    expect(first.totalCount).toBe(7);
    expect(first.nextPageToken).toMatch(/\+/);
    expect(first.nextPageToken).toMatch(/\//);
    expect(first.nextPageToken).toMatch(/=$/);
    const ids: string[] = [];
    let pages = 0;
    for await (const page of uk.searchOrderPages({ pageSize: 3, sortField: "create_time", sortOrder: "ASC" })) {
      pages++;
      ids.push(...page.items.map((o) => o.id));
    }
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(7);
    expect(ids.slice(0, 3)).toEqual(first.items.map((o) => o.id));
  });

  it("filters by status and update_time window (ints in the body)", async () => {
    const t0 = Math.floor(Date.now() / 1000);
    const placed = await placeOrder(sandbox, { items: [{ seller_sku: "CAP-BLK", quantity: 1 }] });
    const unpaid = await us.searchOrders({ filter: { orderStatus: "UNPAID", updateTimeGe: t0 } });
    expect(unpaid.items.map((o) => o.id)).toContain(placed.id);
    const future = await us.searchOrders({ filter: { updateTimeGe: t0 + 3600 } });
    expect(future.items).toHaveLength(0);
    expect(future.nextPageToken).toBeNull();
    const before = await us.searchOrders({ filter: { updateTimeLt: t0 } });
    expect(before.items.map((o) => o.id)).not.toContain(placed.id);
  });

  it("getOrderDetails chunks more than 50 ids into several calls", async () => {
    const ids: string[] = [];
    for (let i = 0; i < ORDER_DETAIL_CHUNK + 3; i++) ids.push((await placeOrder(sandbox, { region: "DE", items: [{ seller_sku: "MUG-BLK", quantity: 1 }] })).id);
    const logBefore = (await operate<{ requests: unknown[] }>(sandbox, "GET", "/requests?path_contains=/order/202309/orders")).requests.length;
    const de = us.forShop((await us.getAuthorizedShops()).find((s) => s.region === "DE")!.cipher);
    const orders = await de.getOrderDetails(ids);
    expect(orders.map((o) => o.id)).toEqual(ids);
    const logAfter = (await operate<{ requests: Array<{ path: string; query: { ids?: string } }> }>(sandbox, "GET", "/requests?path_contains=/order/202309/orders")).requests;
    const detailCalls = logAfter.slice(logBefore).filter((r) => r.path === "/order/202309/orders");
    expect(detailCalls.map((r) => r.query.ids?.split(",").length)).toEqual([50, 3]);
  });

  it("refuses ids of another shop (21008111, not_found)", async () => {
    const placed = await placeOrder(sandbox, { region: "DE", items: [{ seller_sku: "MUG-BLK", quantity: 1 }] });
    const err = (await us.getOrderDetails([placed.id]).catch((e: unknown) => e)) as TikTokShopError;
    expect(err).toBeInstanceOf(TikTokShopError);
    expect(err.code).toBe(21008111);
    expect(err.kind).toBe("not_found");
  });

  it("cancels a buyer cancellation at ON_HOLD at once, with the status normalised", async () => {
    const placed = await placeOrder(sandbox, { items: [{ seller_sku: "MUG-BLK", quantity: 2 }], pay: true });
    await operate(sandbox, "POST", `/orders/${placed.id}/buyer-cancel`);
    const [order] = await us.getOrderDetails([placed.id]);
    expect(order!.status).toBe("CANCELLED");
    expect(order!.cancellation_initiator).toBe("BUYER");
    expect(order!.line_items.every((l) => l.display_status === "CANCELLED")).toBe(true);
    // US masks the address of cancelled orders
    expect(order!.recipient_address.name).toBe("");
  });
});
