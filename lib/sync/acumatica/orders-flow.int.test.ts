import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderEvents, orderLines, orders, syncBindings, syncExceptions } from "@/lib/db/schema";
import { createAcumaticaClient } from "@/lib/connectors/acumatica/client";
import { createMemoryTokenStore } from "@/lib/connectors/shared/token-store";
import { passwordTokens, TEST_APP } from "@/lib/connectors/acumatica/sandbox/testing";
import { placeOrder, shopFixture } from "@/lib/connectors/tiktok-shop/sandbox/testing";
import { saveOrderSettingsSection } from "@/lib/order-settings/service";
import { pullShop } from "@/lib/sync/tiktok/pull";
import type { EngineWorld } from "@/lib/testing/engine-world";
import { configureOrders, startEngineWorld } from "@/lib/testing/engine-world";
import { pushSalesOrder } from "./push-order";

let w: EngineWorld;
beforeAll(async () => {
  w = await startEngineWorld();
}, 120_000);
afterAll(() => w?.close());

async function acumaticaOrders(externalRef: string) {
  const client = createAcumaticaClient({ instanceUrl: w.acumatica.url, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, tokenStore: createMemoryTokenStore(await passwordTokens(w.acumatica)) });
  return client.salesOrders.list({ filter: `ExternalRef eq '${externalRef}'`, expand: ["Details", "Totals", "TaxDetails"] });
}

const hubOrder = async (workspaceId: string, externalId: string) =>
  (await w.t.db.select().from(orders).where(and(eq(orders.workspaceId, workspaceId), eq(orders.externalId, externalId))))[0]!;

describe("TikTok Shop order → Acumatica sales order", () => {
  it("pulls a paid order, aggregates units per SKU, and creates one sales order whose total equals TikTok's", async () => {
    const { ctx, shops } = await w.merchant("Flow");
    await configureOrders(w.t.db, ctx);
    const placed = await placeOrder(w.tiktok, {
      items: [
        { seller_sku: "TSHIRT-BLK-M", quantity: 2 },
        { seller_sku: "MUG-WHT", quantity: 1 },
      ],
      delivery_option_id: shopFixture("US").deliveryOptions[0]!.id,
      pay: true,
      release_hold: true,
    });
    const pulled = await pullShop(w.deps(), { workspaceId: ctx.workspaceId, connectionId: shops.US! });
    expect(pulled).toMatchObject({ inserted: 1 });

    const order = await hubOrder(ctx.workspaceId, placed.id);
    expect(order).toMatchObject({ channelStatus: "AWAITING_SHIPMENT", status: "readyForFulfillment", unitCount: 3, lineCount: 2 });
    const lines = await w.t.db.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(orderLines.lineNo);
    expect(lines.map((l) => [l.sku, l.quantity])).toEqual([
      ["TSHIRT-BLK-M", 2],
      ["MUG-WHT", 1],
    ]);

    const outcome = await pushSalesOrder(w.deps(), { workspaceId: ctx.workspaceId, orderId: order.id });
    expect(outcome).toMatchObject({ kind: "created", orderType: "SO" });
    const inAcumatica = await acumaticaOrders(placed.id);
    expect(inAcumatica).toHaveLength(1);
    const so = inAcumatica[0]!;
    expect(so).toMatchObject({ CustomerID: "TIKTOK", CustomerOrder: placed.id, ShipVia: "UPSGROUND", PaymentMethod: "TTS" });
    expect(so.Details!.map((d) => [d.InventoryID, d.OrderQty])).toEqual([
      ["TSHIRT-BLK-M", 2],
      ["MUG-WHT", 1],
    ]);
    expect(String(so.OrderTotal)).toBe(String(Number(order.total)));

    // Marked "Sent to Fulfillment", with the timeline saying where it went; no exception left open.
    expect((await hubOrder(ctx.workspaceId, placed.id)).status).toBe("sentToFulfillment");
    const events = await w.t.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id)).orderBy(orderEvents.at);
    expect(events.map((e) => e.kind)).toEqual(["received", "pushed"]);
    expect(await w.t.db.select().from(syncExceptions).where(and(eq(syncExceptions.orderId, order.id), eq(syncExceptions.status, "open")))).toEqual([]);

    // Pushing again (a duplicate job, a poll) creates nothing more.
    expect(await pushSalesOrder(w.deps(), { workspaceId: ctx.workspaceId, orderId: order.id })).toMatchObject({ kind: "exists" });
    expect(await acumaticaOrders(placed.id)).toHaveLength(1);
  });

  it("with Push orders off nothing moves, and the unmapped shipping option becomes an exception that closes once mapped", async () => {
    const { ctx, shops } = await w.merchant("Gates");
    await configureOrders(w.t.db, ctx, { sync: { pushOrders: false }, shipVia: {} });
    const placed = await placeOrder(w.tiktok, { items: [{ seller_sku: "MUG-BLK", quantity: 1 }], delivery_option_id: shopFixture("US").deliveryOptions[1]!.id, pay: true, release_hold: true });
    await pullShop(w.deps(), { workspaceId: ctx.workspaceId, connectionId: shops.US! });
    const order = await hubOrder(ctx.workspaceId, placed.id);
    expect(await pushSalesOrder(w.deps(), { workspaceId: ctx.workspaceId, orderId: order.id })).toMatchObject({ kind: "held", holds: [{ code: "push_off" }] });
    expect(await acumaticaOrders(placed.id)).toHaveLength(0);

    await saveOrderSettingsSection(w.t.db, ctx, "sync", { pushOrders: true, pushCanceledOrders: true, allowRefunds: false, limitToSources: false, sources: [], markSentToFulfillment: false });
    const blocked = await pushSalesOrder(w.deps(), { workspaceId: ctx.workspaceId, orderId: order.id });
    expect(blocked).toMatchObject({ kind: "blocked", problems: [{ cause: "shipping_option_unmapped", subject: shopFixture("US").deliveryOptions[1]!.id }] });
    const [open] = await w.t.db.select().from(syncExceptions).where(and(eq(syncExceptions.orderId, order.id), eq(syncExceptions.status, "open")));
    expect(open).toMatchObject({ cause: "shipping_option_unmapped", message: "TikTok shipping option 'Express shipping' has no Acumatica ship via — map it in Orders to Acumatica." });
    expect(open!.fixPath).toBe(`/connectors/acumatica#ship-via-${shopFixture("US").deliveryOptions[1]!.id}`);

    await saveOrderSettingsSection(w.t.db, ctx, "mapping", { shipVia: { [shopFixture("US").deliveryOptions[1]!.id]: "FEDEX2DAY" }, paymentMethod: "TTS" });
    expect(await pushSalesOrder(w.deps(), { workspaceId: ctx.workspaceId, orderId: order.id })).toMatchObject({ kind: "created" });
    const [closed] = await w.t.db.select().from(syncExceptions).where(eq(syncExceptions.id, open!.id));
    expect(closed).toMatchObject({ status: "closed", resolution: expect.stringMatching(/^fixed: in Acumatica as SO /) });
    expect((await acumaticaOrders(placed.id))[0]).toMatchObject({ ShipVia: "FEDEX2DAY" });
    const [binding] = await w.t.db.select().from(syncBindings).where(eq(syncBindings.entityId, order.id));
    expect(binding).toMatchObject({ state: "created", externalType: "SO" });
  });
});
