import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections, orderRefunds, orders, syncExceptions } from "@/lib/db/schema";
import { completeAcumaticaConnect, startAcumaticaConnect } from "@/lib/connections/acumatica-connect";
import { createDbTokenStore } from "@/lib/connections/token-store";
import { revokeToken } from "@/lib/connectors/acumatica/oauth";
import { runJob } from "@/lib/jobs/worker";
import { pushSalesOrderJob } from "@/lib/sync/jobs/acumatica-orders";
import { createAcumaticaClient } from "@/lib/connectors/acumatica/client";
import { authorizeLikeBrowser, passwordTokens, TEST_APP } from "@/lib/connectors/acumatica/sandbox/testing";
import { createMemoryTokenStore } from "@/lib/connectors/shared/token-store";
import { operate, placeOrder, shopFixture } from "@/lib/connectors/tiktok-shop/sandbox/testing";
import type { RequestContext } from "@/lib/auth/context-types";
import { saveOrderSettingsSection } from "@/lib/order-settings/service";
import { saveChannelSku } from "@/lib/products/service";
import { pullShop } from "@/lib/sync/tiktok/pull";
import type { EngineWorld } from "@/lib/testing/engine-world";
import { configureOrders, drainQueues, startEngineWorld } from "@/lib/testing/engine-world";

/**
 * Each order setting's effect, and each exception cause produced by a real
 * failing scenario against the sandboxes — pointing at its fix, and closing
 * itself once the fix is made (the engine retries what the fix affects).
 */
let w: EngineWorld;
beforeAll(async () => {
  w = await startEngineWorld();
}, 120_000);
afterAll(() => w?.close());

const US = shopFixture("US");
const STANDARD = US.deliveryOptions[0]!.id;

async function acu() {
  return createAcumaticaClient({ instanceUrl: w.acumatica.url, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, tokenStore: createMemoryTokenStore(await passwordTokens(w.acumatica)) });
}
const salesOrdersFor = async (externalRef: string) => (await acu()).salesOrders.list({ filter: `ExternalRef eq '${externalRef}'`, expand: ["Details", "FinancialSettings"] });

/** A merchant with settings saved, an order placed on TikTok, everything pulled and every due job worked. */
async function scenario(name: string, items: Array<[string, number]>, over: Parameters<typeof configureOrders>[2] = {}, shop: "US" | "UK" = "US") {
  // Each scenario starts from TikTok's seed data: earlier scenarios' orders do not leak into this merchant's pull.
  await operate(w.tiktok, "POST", "/reset");
  const { ctx, shops } = await w.merchant(name, [shop]);
  await configureOrders(w.t.db, ctx, over);
  const placed = await placeOrder(w.tiktok, { region: shop, items: items.map(([seller_sku, quantity]) => ({ seller_sku, quantity })), delivery_option_id: shop === "US" ? STANDARD : undefined, pay: true, release_hold: true });
  const sync = async () => {
    await pullShop(w.deps(), { workspaceId: ctx.workspaceId, connectionId: shops[shop]! });
    await drainQueues(w.t.db);
  };
  await sync();
  const [order] = await w.t.db.select().from(orders).where(and(eq(orders.workspaceId, ctx.workspaceId), eq(orders.externalId, placed.id)));
  return { ctx, shops, placed, order: order!, sync };
}

const openExceptions = (ctx: RequestContext) => w.t.db.select().from(syncExceptions).where(and(eq(syncExceptions.workspaceId, ctx.workspaceId), eq(syncExceptions.status, "open")));
const exceptionById = async (id: string) => (await w.t.db.select().from(syncExceptions).where(eq(syncExceptions.id, id)))[0]!;

describe("order settings take effect", () => {
  it("source scope: orders of a shop outside the chosen sources stay in the hub", async () => {
    const s = await scenario("Scope", [["MUG-WHT", 1]], { sync: { limitToSources: true, sources: [] } }).catch((e: unknown) => e);
    // An empty source list with the option on is refused on save…
    expect(s).toMatchObject({ code: "validation", fieldErrors: { sources: [expect.any(String)] } });
    await operate(w.tiktok, "POST", "/reset");
    const { ctx, shops } = await w.merchant("Scope 2", ["US", "UK"]);
    await configureOrders(w.t.db, ctx, { sync: { limitToSources: true, sources: [] } }).catch(() => undefined);
    await saveOrderSettingsSection(w.t.db, ctx, "sync", { pushOrders: true, pushCanceledOrders: false, allowRefunds: false, limitToSources: true, sources: [shops.UK!], markSentToFulfillment: false });
    const placed = await placeOrder(w.tiktok, { items: [{ seller_sku: "MUG-WHT", quantity: 1 }], delivery_option_id: STANDARD, pay: true, release_hold: true });
    await pullShop(w.deps(), { workspaceId: ctx.workspaceId, connectionId: shops.US! });
    await drainQueues(w.t.db);
    expect(await salesOrdersFor(placed.id)).toHaveLength(0);
    // …and once the US shop is a source, the waiting order goes.
    await saveOrderSettingsSection(w.t.db, ctx, "sync", { pushOrders: true, pushCanceledOrders: false, allowRefunds: false, limitToSources: true, sources: [shops.UK!, shops.US!], markSentToFulfillment: false });
    await drainQueues(w.t.db);
    expect(await salesOrdersFor(placed.id)).toHaveLength(1);
  });

  it("channel:orderType sends TikTok orders to the chosen order type; without the option the default (SO) is used", async () => {
    const { ctx, placed, sync } = await scenario("Types", [["MUG-WHT", 1]]);
    expect((await salesOrdersFor(placed.id))[0]).toMatchObject({ OrderType: "SO" });
    await saveOrderSettingsSection(w.t.db, ctx, "orderTypes", { defaultOrderType: "SO", useChannelOrderTypes: true, entries: ["tiktok:TS"], refundOrderType: "RC" });
    const second = await placeOrder(w.tiktok, { items: [{ seller_sku: "MUG-BLK", quantity: 1 }], delivery_option_id: STANDARD, pay: true, release_hold: true });
    await sync();
    expect((await salesOrdersFor(second.id))[0]).toMatchObject({ OrderType: "TS" });
  });

  it("refunds: off by default; with Allow push refund orders on, a completed return becomes an RC order linked to the original", async () => {
    const { ctx, placed, order, sync } = await scenario("Refunds", [["TSHIRT-WHT-M", 2], ["MUG-WHT", 1]]);
    const [so] = await salesOrdersFor(placed.id);
    const tee = placed.line_items.find((l) => l.seller_sku === "TSHIRT-WHT-M")!;
    // A refund of one unit before shipping (a refund-only request).
    const ret = await operate<{ return_id: string }>(w.tiktok, "POST", `/orders/${placed.id}/returns`, { type: "REFUND", line_item_ids: [tee.id] });
    await operate(w.tiktok, "POST", `/returns/${ret.return_id}/status`, { status: "RETURN_OR_REFUND_REQUEST_COMPLETE" });
    await sync();
    const [refund] = await w.t.db.select().from(orderRefunds).where(eq(orderRefunds.orderId, order.id));
    expect(refund).toMatchObject({ kind: "refund", completed: true });
    expect(await salesOrdersFor(ret.return_id)).toHaveLength(0);

    await saveOrderSettingsSection(w.t.db, ctx, "sync", { pushOrders: true, pushCanceledOrders: true, allowRefunds: true, limitToSources: false, sources: [], markSentToFulfillment: true });
    await drainQueues(w.t.db);
    const [rc] = await salesOrdersFor(ret.return_id);
    expect(rc).toMatchObject({ OrderType: "RC", CustomerOrder: placed.id });
    expect(rc!.Details!.map((d) => [d.InventoryID, d.OrderQty])).toEqual([["TSHIRT-WHT-M", 1]]);
    expect(rc!.FinancialSettings).toMatchObject({ OriginalOrderType: so!.OrderType, OriginalOrderNbr: so!.OrderNbr });
  });

  it("cancellations follow with Push canceled orders on; Acumatica refusing (already shipped) is an exception in plain words", async () => {
    const a = await scenario("Cancel", [["CAP-BLK", 1]]);
    await operate(w.tiktok, "POST", `/orders/${a.placed.id}/seller-cancel`, {});
    await a.sync();
    expect((await salesOrdersFor(a.placed.id))[0]).toMatchObject({ Status: "Canceled" });

    const b = await scenario("Cancel refused", [["CAP-BLK", 1]]);
    const [so] = await salesOrdersFor(b.placed.id);
    await (await acu()).salesOrders.createShipment(so!.OrderType!, so!.OrderNbr!);
    await operate(w.tiktok, "POST", `/orders/${b.placed.id}/seller-cancel`, {});
    await b.sync();
    const [open] = (await openExceptions(b.ctx)).filter((e) => e.cause === "cancel_refused");
    expect(open!.message).toMatch(new RegExp(`Acumatica refused to cancel ${so!.OrderType} ${so!.OrderNbr}: .*(shipment|Shipping state).*It may have shipped already`));
    expect(open!.fixPath).toBe(`/orders/${b.order.id}`);
  });

  it("Push canceled orders off: the cancellation stays in TikTok", async () => {
    const c = await scenario("Cancel off", [["CAP-BLK", 1]], { sync: { pushCanceledOrders: false } });
    await operate(w.tiktok, "POST", `/orders/${c.placed.id}/seller-cancel`, {});
    await c.sync();
    expect((await salesOrdersFor(c.placed.id))[0]!.Status).not.toBe("Canceled");
  });
});

describe("exceptions name their fix and close themselves once fixed", () => {
  it("SKU not found: TikTok's CAP-NAVY is CAP-NVY in Acumatica — fixed by the product's Channel SKU", async () => {
    const { ctx, placed } = await scenario("SKU", [["CAP-NAVY", 1]]);
    const [e] = await openExceptions(ctx);
    expect(e).toMatchObject({ cause: "sku_not_found", subject: "CAP-NAVY", fixPath: "/products?sku=CAP-NAVY" });
    expect(e!.message).toContain('TikTok SKU "CAP-NAVY" is not a stock item in Acumatica');
    await saveChannelSku(w.t.db, ctx, { sku: "CAP-NAVY", channelSku: "CAP-NVY" });
    await drainQueues(w.t.db);
    expect(await exceptionById(e!.id)).toMatchObject({ status: "closed", resolution: expect.stringMatching(/^fixed: in Acumatica as SO /) });
    expect((await salesOrdersFor(placed.id))[0]!.Details!.map((d) => d.InventoryID)).toEqual(["CAP-NVY"]);
  });

  it("SKU spelling: Socks-3PK is not silently sent as SOCKS-3PK; the exception shows both spellings", async () => {
    const { ctx, placed } = await scenario("Spelling", [["Socks-3PK", 2]]);
    const [e] = await openExceptions(ctx);
    expect(e).toMatchObject({ cause: "sku_spelling", subject: "Socks-3PK" });
    expect(e!.message).toContain('"Socks-3PK"');
    expect(e!.message).toContain('"SOCKS-3PK"');
    expect(await salesOrdersFor(placed.id)).toHaveLength(0);
    await saveChannelSku(w.t.db, ctx, { sku: "Socks-3PK", channelSku: "SOCKS-3PK" });
    await drainQueues(w.t.db);
    expect((await exceptionById(e!.id)).status).toBe("closed");
    expect((await salesOrdersFor(placed.id))[0]!.Details![0]).toMatchObject({ InventoryID: "SOCKS-3PK", OrderQty: 2 });
  });

  it("payment method unmapped, then an order type Acumatica does not know: each points at its setting and closes when fixed", async () => {
    const { ctx, placed } = await scenario("Mapping", [["MUG-WHT", 1]]);
    // (the scenario maps everything; unmap the payment method and try again with an unknown order type)
    const next = await placeOrder(w.tiktok, { items: [{ seller_sku: "MUG-WHT", quantity: 1 }], delivery_option_id: STANDARD, pay: true, release_hold: true });
    await saveOrderSettingsSection(w.t.db, ctx, "mapping", { shipVia: Object.fromEntries(US.deliveryOptions.map((d) => [d.id, "UPSGROUND"])), paymentMethod: "" });
    await saveOrderSettingsSection(w.t.db, ctx, "orderTypes", { defaultOrderType: "SO", useChannelOrderTypes: true, entries: ["tiktok:ZZ"], refundOrderType: "RC" });
    const { shops } = { shops: { US: (await w.t.db.select().from(orders).where(eq(orders.externalId, placed.id)))[0]!.connectionId! } };
    await pullShop(w.deps(), { workspaceId: ctx.workspaceId, connectionId: shops.US });
    await drainQueues(w.t.db);
    let open = await openExceptions(ctx);
    expect(open.map((e) => e.cause)).toEqual(["payment_method_unmapped"]);
    expect(open[0]!.fixPath).toBe("/connectors/acumatica#payment-method");

    await saveOrderSettingsSection(w.t.db, ctx, "mapping", { shipVia: Object.fromEntries(US.deliveryOptions.map((d) => [d.id, "UPSGROUND"])), paymentMethod: "TTS" });
    await drainQueues(w.t.db);
    open = await openExceptions(ctx);
    expect(open.map((e) => e.cause)).toEqual(["order_type_rejected"]);
    expect(open[0]!.message).toMatch(/Acumatica has no order type ZZ \('Order Type' cannot be found in the system\.\)/);
    expect(open[0]!.fixPath).toBe("/connectors/acumatica#order-types");

    await saveOrderSettingsSection(w.t.db, ctx, "orderTypes", { defaultOrderType: "SO", useChannelOrderTypes: true, entries: ["tiktok:TS"], refundOrderType: "RC" });
    await drainQueues(w.t.db);
    expect(await openExceptions(ctx)).toEqual([]);
    expect((await salesOrdersFor(next.id))[0]).toMatchObject({ OrderType: "TS" });
  });

  it("the generic customer refused by Acumatica (made inactive there) points at Step 4 and closes when another customer is set", async () => {
    const { ctx, placed, sync } = await scenario("Customer", [["MUG-WHT", 1]]);
    expect(await salesOrdersFor(placed.id)).toHaveLength(1);
    await saveOrderSettingsSection(w.t.db, ctx, "customer", { strategy: "generic", genericCustomerId: "C000000002" });
    await (await acu()).customers.list({ top: 1 });
    const res = await fetch(`${w.acumatica.url}/entity/Default/24.200.001/Customer`, {
      method: "PUT",
      headers: { "content-type": "application/json", authorization: `Bearer ${(await passwordTokens(w.acumatica)).accessToken}` },
      body: JSON.stringify({ CustomerID: { value: "C000000002" }, Status: { value: "Inactive" } }),
    });
    expect(res.ok).toBe(true);
    const next = await placeOrder(w.tiktok, { items: [{ seller_sku: "MUG-BLK", quantity: 1 }], delivery_option_id: STANDARD, pay: true, release_hold: true });
    await sync();
    const [e] = await openExceptions(ctx);
    expect(e).toMatchObject({ cause: "customer_rejected", fixPath: "/connectors/acumatica#customer" });
    expect(e!.message).toContain("'Customer' cannot be found in the system.");
    await saveOrderSettingsSection(w.t.db, ctx, "customer", { strategy: "generic", genericCustomerId: "TIKTOK" });
    await drainQueues(w.t.db);
    expect((await exceptionById(e!.id)).status).toBe("closed");
    expect(await salesOrdersFor(next.id)).toHaveLength(1);
  });

  it("authorization lost: orders wait with one connection exception, and go once Acumatica is connected again", async () => {
    const { ctx, placed, sync } = await scenario("Auth", [["MUG-WHT", 1]]);
    expect(await salesOrdersFor(placed.id)).toHaveLength(1);
    const [conn] = await w.t.db.select().from(connections).where(and(eq(connections.workspaceId, ctx.workspaceId), eq(connections.provider, "acumatica")));
    const tokens = await createDbTokenStore(w.t.db, { workspaceId: ctx.workspaceId, tokenId: conn!.oauthTokenId! }).get();
    for (const [token, hint] of [[tokens!.refreshToken!, "refresh_token"], [tokens!.accessToken, "access_token"]] as const) {
      await revokeToken({ instanceUrl: w.acumatica.url, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, token, tokenTypeHint: hint });
    }
    const next = await placeOrder(w.tiktok, { items: [{ seller_sku: "MUG-BLK", quantity: 1 }], delivery_option_id: STANDARD, pay: true, release_hold: true });
    await sync();
    const open = await openExceptions(ctx);
    expect(open.map((e) => e.cause)).toEqual(["authorization_lost"]);
    expect(open[0]).toMatchObject({ entityType: "connection", fixPath: "/connectors/acumatica#connection" });
    expect(await salesOrdersFor(next.id)).toHaveLength(0);

    await completeAcumaticaConnect(w.t.db, ctx, (await authorizeLikeBrowser(w.acumatica, (await startAcumaticaConnect(w.t.db, ctx)).authorizeUrl)).searchParams);
    await drainQueues(w.t.db);
    expect(await salesOrdersFor(next.id)).toHaveLength(1);
    expect(await openExceptions(ctx)).toEqual([]);
  });

  it("Acumatica failing past every retry (here: declining with 429) becomes an exception; a later success closes it", async () => {
    const { ctx, order } = await scenario("Retries", [["TOTE-NAT", 1]], { sync: { pushOrders: false } });
    await saveOrderSettingsSection(w.t.db, ctx, "sync", { pushOrders: true, pushCanceledOrders: true, allowRefunds: false, limitToSources: false, sources: [], markSentToFulfillment: true });
    const faults = (body: unknown, method = "POST") =>
      fetch(`${w.acumatica.url.replace(/\/AcumaticaERP$/, "")}/_sandbox/faults`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    await faults({ errorRate: 1, errorStatus: 429 });
    try {
      const job = { id: "final", name: pushSalesOrderJob.name, data: { workspaceId: ctx.workspaceId, orderId: order.id } };
      // Earlier attempts throw for pg-boss to retry, with no exception yet; the last one records why it gave up.
      await expect(runJob(pushSalesOrderJob, { ...job, finalAttempt: false }, w.t.db)).rejects.toMatchObject({ code: "rate_limited" });
      expect(await openExceptions(ctx)).toEqual([]);
      await expect(runJob(pushSalesOrderJob, { ...job, finalAttempt: true }, w.t.db)).rejects.toMatchObject({ code: "rate_limited" });
    } finally {
      await faults({}, "DELETE");
    }
    const [e] = await openExceptions(ctx);
    expect(e).toMatchObject({ cause: "retries_exhausted", fixPath: `/orders/${order.id}` });
    await drainQueues(w.t.db);
    await runJob(pushSalesOrderJob, { id: "again", name: pushSalesOrderJob.name, data: { workspaceId: ctx.workspaceId, orderId: order.id } }, w.t.db);
    expect((await exceptionById(e!.id)).status).toBe("closed");
  });

  it("a unit canceled on TikTok after the push is flagged for a person (the sales order is not silently left wrong)", async () => {
    const { ctx, placed, order, sync } = await scenario("Changed", [["MUG-WHT", 2]]);
    expect(await salesOrdersFor(placed.id)).toHaveLength(1);
    const unit = placed.line_items.find((l) => l.seller_sku === "MUG-WHT")!;
    await operate(w.tiktok, "POST", `/orders/${placed.id}/seller-cancel`, { line_item_ids: [unit.id] });
    await sync();
    const [e] = (await openExceptions(ctx)).filter((x) => x.cause === "changed_after_push");
    expect(e).toMatchObject({ orderId: order.id, fixPath: `/orders/${order.id}` });
    expect(e!.message).toMatch(/changed on TikTok Shop .* after it reached Acumatica as SO /);
    expect(await salesOrdersFor(placed.id)).toHaveLength(1);
  });
});
