import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fulfillments, orderEvents, orderShipments, orders, syncExceptions } from "@/lib/db/schema";
import { getTikTokShopClient } from "@/lib/connections/clients";
import { createAcumaticaClient } from "@/lib/connectors/acumatica/client";
import { passwordTokens, TEST_APP } from "@/lib/connectors/acumatica/sandbox/testing";
import { createMemoryTokenStore } from "@/lib/connectors/shared/token-store";
import { operate, placeOrder, shopFixture } from "@/lib/connectors/tiktok-shop/sandbox/testing";
import { saveOrderSettingsSection } from "@/lib/order-settings/service";
import { pullShipments } from "@/lib/sync/acumatica/pull-shipments";
import { pullShop } from "@/lib/sync/tiktok/pull";
import type { EngineWorld } from "@/lib/testing/engine-world";
import { configureOrders, drainQueues, startEngineWorld } from "@/lib/testing/engine-world";
import { pushFulfillment } from "./push-fulfillment";

/**
 * Orders shipped by TikTok's own logistics (`shipping_type` TIKTOK): when
 * Acumatica confirms the shipment, the TikTok package is shipped with Ship
 * Package (no tracking sent, no carrier mapping needed), and TikTok's
 * tracking number and carrier come back onto the hub's fulfillment, once.
 */
let w: EngineWorld;
beforeAll(async () => {
  w = await startEngineWorld();
}, 120_000);
afterAll(() => w?.close());

const US = shopFixture("US");

async function acu() {
  return createAcumaticaClient({ instanceUrl: w.acumatica.url, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, tokenStore: createMemoryTokenStore(await passwordTokens(w.acumatica)) });
}
const shipInAcumatica = async (orderType: string, orderNbr: string, body: unknown = {}) => {
  const res = await fetch(`${w.acumatica.url.replace(/\/AcumaticaERP$/, "")}/_sandbox/sales-orders/${orderType}/${orderNbr}/ship`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`ship: ${res.status} ${await res.text()}`);
};
const tiktokRequests = async (path: string) => (await operate<{ requests: Array<{ method: string; path: string; code: number }> }>(w.tiktok, "GET", `/requests?path_contains=${encodeURIComponent(path)}`)).requests;

/** A merchant without any carrier mapping, and a TikTok Shipping order in Acumatica. */
async function tiktokShippedOrder(items: Array<[string, number]>) {
  await operate(w.tiktok, "POST", "/reset");
  const { ctx, shops } = await w.merchant("TikTok Shipping");
  await configureOrders(w.t.db, ctx);
  await saveOrderSettingsSection(w.t.db, ctx, "catalog", { pullProducts: false, pullShippingRequests: true, pullFulfillments: true, inventory: "off", locations: "off", matchedSkusOnly: false, excludedSkus: [] });
  const placed = await placeOrder(w.tiktok, { items: items.map(([seller_sku, quantity]) => ({ seller_sku, quantity })), delivery_option_id: US.deliveryOptions[0]!.id, pay: true, release_hold: true, shipping_type: "TIKTOK" });
  await pullShop(w.deps(), { workspaceId: ctx.workspaceId, connectionId: shops.US! });
  await drainQueues(w.t.db);
  const [so] = await (await acu()).salesOrders.list({ filter: `ExternalRef eq '${placed.id}'` });
  const [order] = await w.t.db.select().from(orders).where(and(eq(orders.workspaceId, ctx.workspaceId), eq(orders.externalId, placed.id)));
  const tiktok = await getTikTokShopClient(w.t.db, ctx.workspaceId, shops.US!);
  const [before] = await tiktok.getOrderDetails([placed.id]);
  return { ctx, placed, so: so!, order: order!, tiktok, packageId: before!.packages[0]!.id };
}

describe("TikTok Shipping orders", () => {
  it("a confirmed Acumatica shipment ships the TikTok package once; TikTok's tracking and carrier are recorded; no carrier mapping needed", async () => {
    const { ctx, placed, so, order, tiktok, packageId } = await tiktokShippedOrder([
      ["MUG-WHT", 2],
      ["CAP-BLK", 1],
    ]);
    expect(order.shippingType).toBe("TIKTOK");
    await shipInAcumatica(so.OrderType!, so.OrderNbr!);
    expect(await pullShipments(w.deps(), { workspaceId: ctx.workspaceId })).toMatchObject({ shipments: 1, fulfillments: 1 });
    await drainQueues(w.t.db);

    const [f] = await w.t.db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id));
    const detail = await tiktok.getPackageDetail(packageId);
    expect(detail.tracking_number).toMatch(/^9400\d{18}$/);
    expect(f).toMatchObject({ status: "pushed", tiktokPackageId: packageId, trackingNumber: detail.tracking_number, pushedTracking: detail.tracking_number, shippingProvider: "USPS" });
    expect((await tiktok.getOrderDetails([placed.id]))[0]!.status).toBe("AWAITING_COLLECTION");
    // Ship Package once; never Mark Package As Shipped; no carrier exception.
    expect((await tiktokRequests(`/packages/${packageId}/ship`)).map((r) => r.code)).toEqual([0]);
    expect((await tiktokRequests(`/orders/${placed.id}/packages`)).filter((r) => r.method === "POST")).toEqual([]);
    expect(await w.t.db.select().from(syncExceptions).where(and(eq(syncExceptions.orderId, order.id), eq(syncExceptions.status, "open")))).toEqual([]);
    const timeline = (await w.t.db.select().from(orderEvents).where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.kind, "fulfillment-pushed")))).map((e) => e.message);
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toContain(`TikTok's tracking ${detail.tracking_number} (USPS)`);

    // Again (a repeated job, the shipment seen again): nothing more is sent or recorded.
    expect(await pushFulfillment(w.deps(), { workspaceId: ctx.workspaceId, fulfillmentId: f!.id })).toEqual({ kind: "exists", packageId });
    // The shipment read again as changed (its recorded stamp forgotten): TikTok's tracking is not taken for a correction.
    await w.t.db.update(orderShipments).set({ erpModifiedAt: null }).where(eq(orderShipments.orderId, order.id));
    expect(await pullShipments(w.deps(), { workspaceId: ctx.workspaceId })).toMatchObject({ shipments: 1, fulfillments: 0 });
    await drainQueues(w.t.db);
    expect((await tiktokRequests(`/packages/${packageId}/ship`)).length).toBe(1);
    expect(await w.t.db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id))).toHaveLength(1);
    expect(await w.t.db.select().from(orderEvents).where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.kind, "tracking")))).toEqual([]);
  });

  it("a Ship Package whose answer was lost is settled by reading the package, not sent again", async () => {
    const { ctx, so, order, tiktok, packageId } = await tiktokShippedOrder([["HOODIE-GRY-M", 1]]);
    await shipInAcumatica(so.OrderType!, so.OrderNbr!);
    await pullShipments(w.deps(), { workspaceId: ctx.workspaceId });
    const [f] = await w.t.db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id));
    await operate(w.tiktok, "POST", "/faults", { kind: "drop_response", path_contains: "/ship" });
    await expect(pushFulfillment(w.deps(), { workspaceId: ctx.workspaceId, fulfillmentId: f!.id })).rejects.toThrow();
    expect(await pushFulfillment(w.deps(), { workspaceId: ctx.workspaceId, fulfillmentId: f!.id })).toEqual({ kind: "exists", packageId });
    // The one Ship Package went unanswered (unlogged); nothing was resent.
    expect(await tiktokRequests(`/packages/${packageId}/ship`)).toEqual([]);
    const detail = await tiktok.getPackageDetail(packageId);
    const [after] = await w.t.db.select().from(fulfillments).where(eq(fulfillments.id, f!.id));
    expect(after).toMatchObject({ status: "pushed", trackingNumber: detail.tracking_number, shippingProvider: "USPS" });
  });
});
