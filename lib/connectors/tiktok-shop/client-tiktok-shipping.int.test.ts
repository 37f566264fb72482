import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TikTokShopClient } from "./client";
import type { TikTokShopError } from "./errors";
import { TIKTOK_CODES } from "./errors";
import type { TikTokSandbox } from "./sandbox/server";
import { connectedClient, operate, placeOrder, startTestSandbox } from "./sandbox/testing";

/** Orders shipped by TikTok's own logistics (`shipping_type` TIKTOK): Ship Package, and TikTok's tracking read back (spec §5.3, §5.5). */
let sandbox: TikTokSandbox;
let us: TikTokShopClient;
const USPS = "6617675021119438849";
const UPS = "6617675021119438850";

beforeAll(async () => {
  sandbox = await startTestSandbox();
  ({ us } = await connectedClient(sandbox));
});
afterAll(() => sandbox.close());

const fail = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as TikTokShopError);

describe("TikTok Shipping orders", () => {
  it("have their package from AWAITING_SHIPMENT; Ship Package takes no tracking and TikTok assigns carrier and tracking", async () => {
    const placed = await placeOrder(sandbox, { items: [{ seller_sku: "MUG-WHT", quantity: 2 }], pay: true, release_hold: true, shipping_type: "TIKTOK" });
    let [order] = await us.getOrderDetails([placed.id]);
    expect(order).toMatchObject({ status: "AWAITING_SHIPMENT", shipping_type: "TIKTOK" });
    expect(order!.packages).toHaveLength(1);
    expect(order!.recipient_address.phone_number).toMatch(/\*\*\*/);
    expect((await us.searchOrders({ filter: { shippingType: "TIKTOK" } })).items.map((o) => o.id)).toContain(placed.id);
    expect((await us.searchOrders({ filter: { shippingType: "SELLER" } })).items.map((o) => o.id)).not.toContain(placed.id);
    const packageId = order!.packages[0]!.id;
    const before = await us.getPackageDetail(packageId);
    expect(before).toMatchObject({ shipping_type: "TIKTOK", tracking_number: "" });

    // The seller's own-carrier calls do not apply.
    expect(await fail(us.markPackageAsShipped(placed.id, { trackingNumber: "1Z-NOT-MINE", shippingProviderId: UPS }))).toMatchObject({ code: 21011003, kind: "invalid_request" });
    expect(await fail(us.shipPackage(packageId, { selfShipment: { trackingNumber: "1Z-NOT-MINE", shippingProviderId: UPS } }))).toMatchObject({ code: 21001001 });

    await us.shipPackage(packageId, { handoverMethod: "DROP_OFF" });
    const [call] = (await operate<{ requests: Array<{ body: string; code: number }> }>(sandbox, "GET", `/requests?path_contains=/packages/${packageId}/ship`)).requests.filter((r) => r.code === 0);
    expect(JSON.parse(call!.body)).toEqual({ handover_method: "DROP_OFF" });
    const after = await us.getPackageDetail(packageId);
    expect(after).toMatchObject({ package_status: "PROCESSING", shipping_type: "TIKTOK", shipping_provider_id: USPS, shipping_provider_name: "USPS" });
    expect(after.tracking_number).toMatch(/^9400\d{18}$/);
    [order] = await us.getOrderDetails([placed.id]);
    expect(order!.status).toBe("AWAITING_COLLECTION");
    expect(order!.line_items.every((l) => l.tracking_number === after.tracking_number)).toBe(true);

    // Shipped once: again is a conflict; TikTok's tracking cannot be replaced by the seller.
    expect(await fail(us.shipPackage(packageId))).toMatchObject({ code: TIKTOK_CODES.PACKAGE_ALREADY_SHIPPED, kind: "conflict" });
    expect(await fail(us.updatePackageShippingInfo(packageId, { trackingNumber: "1Z-OTHER", shippingProviderId: UPS }))).toMatchObject({ code: 21011030 });
  });

  it("a package with a pending buyer cancellation is not shipped (21008044)", async () => {
    const placed = await placeOrder(sandbox, { items: [{ seller_sku: "CAP-BLK", quantity: 1 }], pay: true, release_hold: true, shipping_type: "TIKTOK" });
    await operate(sandbox, "POST", `/orders/${placed.id}/buyer-cancel`);
    const [order] = await us.getOrderDetails([placed.id]);
    expect(await fail(us.shipPackage(order!.packages[0]!.id))).toMatchObject({ code: 21008044 });
  });

  it("a seller-shipping package still needs self_shipment", async () => {
    const placed = await placeOrder(sandbox, { items: [{ seller_sku: "CAP-BLK", quantity: 1 }], pay: true, release_hold: true });
    const [order] = await us.getOrderDetails([placed.id]);
    expect(order!.shipping_type).toBe("SELLER");
    const packageId = order!.packages[0]!.id;
    expect(await fail(us.shipPackage(packageId))).toMatchObject({ code: TIKTOK_CODES.BAD_REQUEST });
    await us.shipPackage(packageId, { selfShipment: { trackingNumber: "1Z-SELF-SHIP-1", shippingProviderId: UPS } });
    expect(await us.getPackageDetail(packageId)).toMatchObject({ shipping_type: "SELLER", tracking_number: "1Z-SELF-SHIP-1", shipping_provider_name: "UPS" });
  });
});
