import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fulfillments, orders } from "@/lib/db/schema";
import { createAcumaticaClient } from "@/lib/connectors/acumatica/client";
import { passwordTokens, TEST_APP } from "@/lib/connectors/acumatica/sandbox/testing";
import { createMemoryTokenStore } from "@/lib/connectors/shared/token-store";
import { operate, placeOrder, shopFixture } from "@/lib/connectors/tiktok-shop/sandbox/testing";
import { saveOrderSettingsSection } from "@/lib/order-settings/service";
import { pullShipments } from "@/lib/sync/acumatica/pull-shipments";
import { pullShop } from "@/lib/sync/tiktok/pull";
import type { EngineWorld } from "@/lib/testing/engine-world";
import { configureOrders, drainQueues, startEngineWorld } from "@/lib/testing/engine-world";
import { seedWorkspace } from "@/lib/testing/fixtures";
import { listFulfillments, listPushFulfillmentShops } from "./queries";

/** The Fulfillments screen's list: each package with its order, tracking, carrier, TikTok package and push state, filtered by status or search. */
let w: EngineWorld;
beforeAll(async () => {
  w = await startEngineWorld();
}, 120_000);
afterAll(() => w?.close());

const US = shopFixture("US");
const UPS = US.deliveryOptions[0]!.providers.find((p) => p.name === "UPS")!;

describe("listFulfillments", () => {
  it("lists packages newest first with their order, tracking, carrier, TikTok package id and pushed time; filters by status and search", async () => {
    await operate(w.tiktok, "POST", "/reset");
    const { ctx, shops } = await w.merchant("Fulfillments list");
    await configureOrders(w.t.db, ctx);
    await saveOrderSettingsSection(w.t.db, ctx, "catalog", { pullShippingRequests: true, pullFulfillments: true });
    const place = () => placeOrder(w.tiktok, { items: [{ seller_sku: "MUG-WHT", quantity: 1 }], delivery_option_id: US.deliveryOptions[0]!.id, pay: true, release_hold: true });
    const first = await place();
    const second = await place();
    await pullShop(w.deps(), { workspaceId: ctx.workspaceId, connectionId: shops.US! });
    await drainQueues(w.t.db);
    const acu = createAcumaticaClient({ instanceUrl: w.acumatica.url, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, tokenStore: createMemoryTokenStore(await passwordTokens(w.acumatica)) });
    const ship = async (externalId: string, tracking: string) => {
      const [so] = await acu.salesOrders.list({ filter: `ExternalRef eq '${externalId}'` });
      const res = await fetch(`${w.acumatica.operatorUrl}/sales-orders/${so!.OrderType}/${so!.OrderNbr}/ship`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ packages: [{ trackingNbr: tracking }] }) });
      expect(res.ok).toBe(true);
    };
    // The second ships before its carrier is mapped (it waits on the mapping); the first after.
    await ship(second.id, "1Z999AA10000000777");
    await pullShipments(w.deps(), { workspaceId: ctx.workspaceId });
    await drainQueues(w.t.db);
    await saveOrderSettingsSection(w.t.db, ctx, "carriers", { connectionId: shops.US!, providers: { UPSGROUND: UPS.id } });
    await ship(first.id, "1Z999AA10000000666");
    await pullShipments(w.deps(), { workspaceId: ctx.workspaceId });
    await drainQueues(w.t.db);

    const all = await listFulfillments(w.t.db, ctx.workspaceId, { filters: {}, page: 0, pageSize: 25 });
    expect(all.total).toBe(2);
    expect(all.rows.map((r) => r.trackingNumber)).toEqual(["1Z999AA10000000666", "1Z999AA10000000777"]);
    const pushed = await listFulfillments(w.t.db, ctx.workspaceId, { filters: { status: "pushed" }, page: 0, pageSize: 25 });
    expect(pushed.rows.map((r) => r.trackingNumber)).toEqual(["1Z999AA10000000666"]);
    const [order] = await w.t.db.select().from(orders).where(and(eq(orders.workspaceId, ctx.workspaceId), eq(orders.externalId, first.id)));
    expect(pushed.rows[0]).toMatchObject({ orderId: order!.id, orderExternalId: first.id, shopName: US.name, carrier: "UPSGROUND", tiktokPackageId: expect.stringMatching(/^\d+$/), lastError: null });
    expect(pushed.rows[0]!.pushedAt).toBeInstanceOf(Date);
    expect((await listFulfillments(w.t.db, ctx.workspaceId, { filters: { q: second.id }, page: 0, pageSize: 25 })).rows.map((r) => r.trackingNumber)).toEqual(["1Z999AA10000000777"]);
    expect((await listFulfillments(w.t.db, ctx.workspaceId, { filters: { q: "000666" }, page: 0, pageSize: 25 })).rows.map((r) => r.orderExternalId)).toEqual([first.id]);
    expect((await listFulfillments(w.t.db, ctx.workspaceId, { filters: { status: "failed" }, page: 0, pageSize: 25 })).total).toBe(await w.t.db.$count(fulfillments, and(eq(fulfillments.workspaceId, ctx.workspaceId), eq(fulfillments.status, "failed"))));
    // Another workspace sees none of them.
    const other = await seedWorkspace(w.t.db, { name: "Other", email: `other-${Date.now()}@fulfillments.test` });
    expect((await listFulfillments(w.t.db, other.workspaceId, { filters: {}, page: 0, pageSize: 25 })).total).toBe(0);
    expect(await listPushFulfillmentShops(w.t.db, ctx.workspaceId)).toEqual([{ id: shops.US!, name: US.name, connected: true, pushFulfillments: true }]);
  });
});
