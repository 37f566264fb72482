import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TikTokShopClient } from "./client";
import type { TikTokShopError } from "./errors";
import type { TikTokSandbox } from "./sandbox/server";
import { connectedClient, operate, placeOrder, shopFixture, startTestSandbox } from "./sandbox/testing";

let sandbox: TikTokSandbox;
let us: TikTokShopClient;
let de: TikTokShopClient;
const USPS = "6617675021119438849";
const UPS = "6617675021119438850";

beforeAll(async () => {
  sandbox = await startTestSandbox();
  ({ us, de } = await connectedClient(sandbox));
});
afterAll(() => sandbox.close());

async function readyOrder(items: Array<{ seller_sku: string; quantity: number }>) {
  return placeOrder(sandbox, { items, pay: true, release_hold: true });
}

const fail = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as TikTokShopError);

describe("logistics", () => {
  it("lists warehouses, their delivery options and each option's shipping providers", async () => {
    const warehouses = await us.getWarehouses();
    expect(warehouses.map((w) => w.name)).toEqual(["Portland DC", "Newark 3PL"]);
    expect(warehouses.find((w) => w.is_default)?.id).toBe(shopFixture("US").warehouses[0]!.id);
    const options = await us.getDeliveryOptions(warehouses[0]!.id);
    expect(options.map((o) => o.name)).toEqual(["Standard shipping", "Express shipping", "Economy shipping"]);
    const providers = await us.getShippingProviders(options[0]!.id);
    expect(providers.map((p) => p.name)).toEqual(["USPS", "UPS", "FedEx"]);
    const err = await fail(us.getDeliveryOptions("123"));
    expect(err?.code).toBe(12052530);
  });
});

describe("Mark Package As Shipped", () => {
  it("ships a subset (split package → PARTIALLY_SHIPPING), then the rest (AWAITING_COLLECTION)", async () => {
    const placed = await readyOrder([{ seller_sku: "TSHIRT-BLK-M", quantity: 2 }, { seller_sku: "HOODIE-GRY-L", quantity: 1 }]);
    const [order] = await us.getOrderDetails([placed.id]);
    const [first, second, third] = order!.line_items;
    const r1 = await us.markPackageAsShipped(placed.id, { trackingNumber: "1Z999AA10000000001", shippingProviderId: UPS, orderLineItemIds: [first!.id] });
    expect(r1.order_line_item_ids).toEqual([first!.id]);
    let [after] = await us.getOrderDetails([placed.id]);
    expect(after!.status).toBe("PARTIALLY_SHIPPING");
    expect(after!.packages).toHaveLength(2);
    expect(after!.line_items.find((l) => l.id === first!.id)?.tracking_number).toBe("1Z999AA10000000001");
    expect(after!.line_items.find((l) => l.id === second!.id)?.display_status).toBe("AWAITING_SHIPMENT");

    const dup = await fail(us.markPackageAsShipped(placed.id, { trackingNumber: "1Z999AA10000000009", shippingProviderId: UPS, orderLineItemIds: [first!.id] }));
    expect(dup?.code).toBe(21008099);
    expect(dup?.kind).toBe("conflict");

    const r2 = await us.markPackageAsShipped(placed.id, { trackingNumber: "1Z999AA10000000002", shippingProviderId: UPS });
    expect(r2.order_line_item_ids.sort()).toEqual([second!.id, third!.id].sort());
    expect(r2.package_id).not.toBe(r1.package_id);
    [after] = await us.getOrderDetails([placed.id]);
    expect(after!.status).toBe("AWAITING_COLLECTION");

    const again = await fail(us.markPackageAsShipped(placed.id, { trackingNumber: "1Z999AA10000000003", shippingProviderId: UPS }));
    expect(again?.code).toBe(21011006);

    const shipments = await operate<{ shipments: Array<{ tracking_number: string; order_line_item_ids: string[] }> }>(sandbox, "GET", `/shipments?order_id=${placed.id}`);
    expect(shipments.shipments.map((s) => s.tracking_number).sort()).toEqual(["1Z999AA10000000001", "1Z999AA10000000002"]);
  });

  it("refuses ON_HOLD orders, duplicate tracking numbers and providers outside the delivery option", async () => {
    const held = await placeOrder(sandbox, { items: [{ seller_sku: "MUG-WHT", quantity: 1 }], pay: true });
    expect((await fail(us.markPackageAsShipped(held.id, { trackingNumber: "T-HELD", shippingProviderId: USPS })))?.code).toBe(21011001);

    const a = await readyOrder([{ seller_sku: "MUG-WHT", quantity: 1 }]);
    const b = await readyOrder([{ seller_sku: "MUG-WHT", quantity: 1 }]);
    await us.markPackageAsShipped(a.id, { trackingNumber: "9400111899223344556677", shippingProviderId: USPS });
    expect((await fail(us.markPackageAsShipped(b.id, { trackingNumber: "9400111899223344556677", shippingProviderId: USPS })))?.code).toBe(21011025);
    expect((await fail(us.markPackageAsShipped(b.id, { trackingNumber: "X-1", shippingProviderId: "6617675021119439101" })))?.code).toBe(21011029);
  });

  it("treats a repeated ship of the same lines with the same tracking number as success (lost-response retry)", async () => {
    const placed = await readyOrder([{ seller_sku: "MUG-BLK", quantity: 2 }]);
    const first = await us.markPackageAsShipped(placed.id, { trackingNumber: "1Z-REPLAY-1", shippingProviderId: UPS });
    const replay = await us.markPackageAsShipped(placed.id, { trackingNumber: "1Z-REPLAY-1", shippingProviderId: UPS });
    expect(replay.package_id).toBe(first.package_id);
    expect(replay.order_line_item_ids.sort()).toEqual(first.order_line_item_ids.sort());
    const shipments = await operate<{ shipments: unknown[] }>(sandbox, "GET", `/shipments?order_id=${placed.id}`);
    expect(shipments.shipments).toHaveLength(1);
  });

  it("warns (code 0) when a USPS tracking number looks wrong", async () => {
    const placed = await readyOrder([{ seller_sku: "CANDLE-VAN", quantity: 1 }]);
    const r = await us.markPackageAsShipped(placed.id, { trackingNumber: "NOT-USPS-1", shippingProviderId: USPS });
    expect(r.warning?.message).toMatch(/tracking number/);
  });

  it("works for the German shop's own carriers too", async () => {
    const placed = await placeOrder(sandbox, { region: "DE", items: [{ seller_sku: "TOTE-NAT", quantity: 1 }], pay: true });
    const r = await de.markPackageAsShipped(placed.id, { trackingNumber: "00340434161094042557", shippingProviderId: "6617675021119439101" });
    expect(r.order_id).toBe(placed.id);
  });
});

describe("Update Shipping Info", () => {
  it("corrects tracking within 72 h and refuses afterwards (21011050)", async () => {
    const placed = await readyOrder([{ seller_sku: "TOTE-NAT", quantity: 1 }]);
    await us.markPackageAsShipped(placed.id, { trackingNumber: "1Z-WRONG-0001", shippingProviderId: UPS });
    await us.updateShippingInfo(placed.id, { trackingNumber: "1Z-RIGHT-0001", shippingProviderId: UPS });
    const [order] = await us.getOrderDetails([placed.id]);
    expect(order!.tracking_number).toBe("1Z-RIGHT-0001");
    await operate(sandbox, "POST", `/orders/${placed.id}/age-shipment`, { hours: 73 });
    const late = await fail(us.updateShippingInfo(placed.id, { trackingNumber: "1Z-LATE-0001", shippingProviderId: UPS }));
    expect(late?.code).toBe(21011050);
    expect(late?.kind).toBe("invalid_request");
  });

  it("needs a shipped order", async () => {
    const placed = await readyOrder([{ seller_sku: "TOTE-NAT", quantity: 1 }]);
    expect((await fail(us.updateShippingInfo(placed.id, { trackingNumber: "1Z-0", shippingProviderId: UPS })))?.code).toBe(21011052);
  });

  it("follows the carrier through IN_TRANSIT, DELIVERED, COMPLETED", async () => {
    const placed = await readyOrder([{ seller_sku: "YOGA-MAT", quantity: 1 }]);
    await us.markPackageAsShipped(placed.id, { trackingNumber: "1Z-CARRIER-1", shippingProviderId: UPS });
    for (const status of ["IN_TRANSIT", "DELIVERED", "COMPLETED"] as const) {
      await operate(sandbox, "POST", `/orders/${placed.id}/advance`, { status });
      const [order] = await us.getOrderDetails([placed.id]);
      expect(order!.status).toBe(status);
    }
  });
});
