import { spawn } from "node:child_process";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fulfillments, orders, syncBindings, syncExceptions } from "@/lib/db/schema";
import { getTikTokShopClient } from "@/lib/connections/clients";
import { createAcumaticaClient } from "@/lib/connectors/acumatica/client";
import { passwordTokens, TEST_APP } from "@/lib/connectors/acumatica/sandbox/testing";
import { createMemoryTokenStore } from "@/lib/connectors/shared/token-store";
import { operate, placeOrder, shopFixture } from "@/lib/connectors/tiktok-shop/sandbox/testing";
import { saveOrderSettingsSection } from "@/lib/order-settings/service";
import { followErpCancellations } from "@/lib/sync/acumatica/follow-erp-cancels";
import { pullShipments } from "@/lib/sync/acumatica/pull-shipments";
import { pullShop } from "@/lib/sync/tiktok/pull";
import type { EngineWorld } from "@/lib/testing/engine-world";
import { configureOrders, drainQueues, startEngineWorld } from "@/lib/testing/engine-world";
import { pushFulfillment } from "./push-fulfillment";
import { pushFulfillmentBatch } from "./push-fulfillment-batch";

/**
 * The loop closes: a TikTok order becomes an Acumatica sales order, Acumatica
 * ships it (split into packages with their tracking numbers), and each
 * package reaches the TikTok order once, with its items and tracking.
 */
let w: EngineWorld;
beforeAll(async () => {
  w = await startEngineWorld();
}, 120_000);
afterAll(() => w?.close());

const US = shopFixture("US");
const UPS = US.deliveryOptions[0]!.providers.find((p) => p.name === "UPS")!;

async function acu() {
  return createAcumaticaClient({ instanceUrl: w.acumatica.url, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, tokenStore: createMemoryTokenStore(await passwordTokens(w.acumatica)) });
}
const acumaticaOperator = async (path: string, body: unknown) => {
  const res = await fetch(`${w.acumatica.url.replace(/\/AcumaticaERP$/, "")}/_sandbox${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<{ shipments: Array<{ shipmentNbr: string }> }>;
};

async function shipped(items: Array<[string, number]>, carriers = true) {
  await operate(w.tiktok, "POST", "/reset");
  const { ctx, shops } = await w.merchant("Fulfill");
  await configureOrders(w.t.db, ctx);
  await saveOrderSettingsSection(w.t.db, ctx, "catalog", { pullProducts: false, pullShippingRequests: true, pullFulfillments: true, inventory: "off", locations: "off", matchedSkusOnly: false, excludedSkus: [] });
  if (carriers) await saveOrderSettingsSection(w.t.db, ctx, "carriers", { connectionId: shops.US!, providers: { UPSGROUND: UPS.id } });
  const placed = await placeOrder(w.tiktok, { items: items.map(([seller_sku, quantity]) => ({ seller_sku, quantity })), delivery_option_id: US.deliveryOptions[0]!.id, pay: true, release_hold: true });
  await pullShop(w.deps(), { workspaceId: ctx.workspaceId, connectionId: shops.US! });
  await drainQueues(w.t.db);
  const [so] = await (await acu()).salesOrders.list({ filter: `ExternalRef eq '${placed.id}'` });
  const [order] = await w.t.db.select().from(orders).where(and(eq(orders.workspaceId, ctx.workspaceId), eq(orders.externalId, placed.id)));
  const tiktokOrder = async () => (await (await getTikTokShopClient(w.t.db, ctx.workspaceId, shops.US!)).getOrderDetails([placed.id]))[0]!;
  return { ctx, shops, placed, so: so!, order: order!, tiktokOrder };
}

describe("Acumatica shipments → TikTok packages", () => {
  it("a shipment with two packages (contents per package) becomes two TikTok packages with their tracking, once", async () => {
    const { ctx, so, order, tiktokOrder } = await shipped([
      ["TSHIRT-BLK-M", 2],
      ["MUG-WHT", 1],
    ]);
    await acumaticaOperator(`/sales-orders/${so.OrderType}/${so.OrderNbr}/ship`, {
      packages: [
        { trackingNbr: "1Z999AA10000000001", contents: [{ inventoryId: "TSHIRT-BLK-M", qty: 2 }] },
        { trackingNbr: "1Z999AA10000000002", contents: [{ inventoryId: "MUG-WHT", qty: 1 }] },
      ],
    });
    expect(await pullShipments(w.deps(), { workspaceId: ctx.workspaceId })).toMatchObject({ shipments: 1, fulfillments: 2 });
    // Seen again (the overlap, a second poll): nothing new.
    expect(await pullShipments(w.deps(), { workspaceId: ctx.workspaceId })).toMatchObject({ shipments: 0, fulfillments: 0, unchanged: 1 });
    await drainQueues(w.t.db);
    const rows = await w.t.db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id));
    expect(rows.map((r) => r.status)).toEqual(["pushed", "pushed"]);
    const t = await tiktokOrder();
    const tracking = (sku: string) => [...new Set(t.line_items.filter((l) => l.seller_sku === sku).map((l) => l.tracking_number))];
    expect(tracking("TSHIRT-BLK-M")).toEqual(["1Z999AA10000000001"]);
    expect(tracking("MUG-WHT")).toEqual(["1Z999AA10000000002"]);
    expect(new Set(t.line_items.map((l) => l.package_id)).size).toBe(2);
    expect(t.status).toBe("AWAITING_COLLECTION");
    const [hub] = await w.t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(hub!.status).toBe("fulfilled");
    // A push job run again changes nothing.
    for (const r of rows) expect(await pushFulfillment(w.deps(), { workspaceId: ctx.workspaceId, fulfillmentId: r.id })).toMatchObject({ kind: "exists" });
  });

  it("two packages of the same SKU pushed at once take different units (the order's packages go one at a time)", async () => {
    const { ctx, so, order, tiktokOrder } = await shipped([["HOODIE-GRY-M", 2]]);
    await acumaticaOperator(`/sales-orders/${so.OrderType}/${so.OrderNbr}/ship`, {
      packages: [
        { trackingNbr: "1Z999AA10000000021", contents: [{ inventoryId: "HOODIE-GRY-M", qty: 1 }] },
        { trackingNbr: "1Z999AA10000000022", contents: [{ inventoryId: "HOODIE-GRY-M", qty: 1 }] },
      ],
    });
    await pullShipments(w.deps(), { workspaceId: ctx.workspaceId });
    const rows = await w.t.db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id));
    expect(rows).toHaveLength(2);
    // Both at once: one waits for the other (without the order's lease both would pick the same unit, and one be refused).
    const deps = w.deps();
    const push = async (id: string) => {
      let o = await pushFulfillment(deps, { workspaceId: ctx.workspaceId, fulfillmentId: id });
      for (let i = 0; i < 40 && o.kind === "wait"; i++) {
        await new Promise((r) => setTimeout(r, 100));
        o = await pushFulfillment(deps, { workspaceId: ctx.workspaceId, fulfillmentId: id });
      }
      return o.kind;
    };
    expect((await Promise.all(rows.map((r) => push(r.id)))).sort()).toEqual(["pushed", "pushed"]);
    const t = await tiktokOrder();
    expect(t.line_items.map((l) => l.tracking_number).sort()).toEqual(["1Z999AA10000000021", "1Z999AA10000000022"]);
    expect(new Set(t.line_items.map((l) => l.package_id)).size).toBe(2);
  });

  it("a batch reads its orders once and sends each order's packages in turn on that copy", async () => {
    const { ctx, so, order, tiktokOrder } = await shipped([
      ["TSHIRT-BLK-M", 3],
      ["MUG-BLK", 1],
    ]);
    await acumaticaOperator(`/sales-orders/${so.OrderType}/${so.OrderNbr}/ship`, {
      packages: [
        { trackingNbr: "1Z999AA10000000031", contents: [{ inventoryId: "TSHIRT-BLK-M", qty: 2 }] },
        { trackingNbr: "1Z999AA10000000032", contents: [{ inventoryId: "TSHIRT-BLK-M", qty: 1 }, { inventoryId: "MUG-BLK", qty: 1 }] },
      ],
    });
    await pullShipments(w.deps(), { workspaceId: ctx.workspaceId });
    const rows = await w.t.db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id)).orderBy(fulfillments.packageKey);
    const orderReads = async () => (await operate<{ requests: Array<{ method: string }> }>(w.tiktok, "GET", "/requests?path_contains=/order/202309/orders")).requests.filter((r) => r.method === "GET").length;
    const before = await orderReads();
    const results = await pushFulfillmentBatch(w.deps(), rows.map((r) => ({ key: r.id, workspaceId: ctx.workspaceId, fulfillmentId: r.id })), 5);
    expect([...results.values()].map((r) => ("outcome" in r ? r.outcome.kind : String(r.error)))).toEqual(["pushed", "pushed"]);
    expect((await orderReads()) - before).toBe(1);
    const t = await tiktokOrder();
    const bySku = (sku: string) => t.line_items.filter((l) => l.seller_sku === sku).map((l) => l.tracking_number).sort();
    expect(bySku("TSHIRT-BLK-M")).toEqual(["1Z999AA10000000031", "1Z999AA10000000031", "1Z999AA10000000032"]);
    expect(bySku("MUG-BLK")).toEqual(["1Z999AA10000000032"]);
  });

  it("a push whose answer was lost after TikTok stored the package is found, not sent again", async () => {
    const { ctx, so, order, tiktokOrder } = await shipped([["MUG-BLK", 2]]);
    await acumaticaOperator(`/sales-orders/${so.OrderType}/${so.OrderNbr}/ship`, { packages: [{ trackingNbr: "1Z999AA10000000003" }] });
    await pullShipments(w.deps(), { workspaceId: ctx.workspaceId });
    const [f] = await w.t.db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id));
    await operate(w.tiktok, "POST", "/faults", { kind: "drop_response", path_contains: "/packages" });
    const deps = w.deps({ settleMs: 0 });
    await expect(pushFulfillment(deps, { workspaceId: ctx.workspaceId, fulfillmentId: f!.id })).rejects.toThrow();
    expect(await pushFulfillment(deps, { workspaceId: ctx.workspaceId, fulfillmentId: f!.id })).toMatchObject({ kind: "exists" });
    const t = await tiktokOrder();
    expect(new Set(t.line_items.map((l) => l.package_id)).size).toBe(1);
    expect(t.line_items.every((l) => l.tracking_number === "1Z999AA10000000003")).toBe(true);
  });

  it("an unmapped carrier is an exception naming it; mapping it sends the package; a tracking correction follows", async () => {
    const { ctx, shops, so, order, tiktokOrder } = await shipped([["CAP-BLK", 1]], false);
    const [shipment] = (await acumaticaOperator(`/sales-orders/${so.OrderType}/${so.OrderNbr}/ship`, { packages: [{ trackingNbr: "1Z999AA10000000004" }] })).shipments;
    await pullShipments(w.deps(), { workspaceId: ctx.workspaceId });
    await drainQueues(w.t.db);
    const [e] = await w.t.db.select().from(syncExceptions).where(and(eq(syncExceptions.orderId, order.id), eq(syncExceptions.status, "open")));
    expect(e).toMatchObject({ cause: "carrier_unmapped", fixPath: `/connectors/tiktok-shop#carriers-${shops.US}` });
    expect(e!.message).toContain("'UPSGROUND'");
    await saveOrderSettingsSection(w.t.db, ctx, "carriers", { connectionId: shops.US!, providers: { UPSGROUND: UPS.id } });
    const [f] = await w.t.db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id));
    expect(await pushFulfillment(w.deps(), { workspaceId: ctx.workspaceId, fulfillmentId: f!.id })).toMatchObject({ kind: "pushed" });
    expect((await w.t.db.select().from(syncExceptions).where(eq(syncExceptions.id, e!.id)))[0]!.status).toBe("closed");

    // A tracking corrected in Acumatica reaches the TikTok package by the update call.
    await acumaticaOperator(`/shipments/${shipment!.shipmentNbr}/packages/1`, { trackingNbr: "1Z999AA10000000099" });
    await pullShipments(w.deps(), { workspaceId: ctx.workspaceId });
    await drainQueues(w.t.db);
    expect((await tiktokOrder()).line_items[0]!.tracking_number).toBe("1Z999AA10000000099");
  });

  it("an order canceled in Acumatica (the system of record) is canceled on TikTok Shop, once", async () => {
    const { ctx, so, tiktokOrder } = await shipped([["TOTE-NAT", 1]]);
    await (await acu()).salesOrders.cancel(so.OrderType!, so.OrderNbr!);
    expect(await followErpCancellations(w.deps(), { workspaceId: ctx.workspaceId })).toEqual({ canceled: 1 });
    expect((await tiktokOrder()).status).toBe("CANCELLED");
    expect(await followErpCancellations(w.deps(), { workspaceId: ctx.workspaceId })).toEqual({ canceled: 0 });
  });

  it("a worker killed mid-push, and two workers at once: one TikTok package per Acumatica package", async () => {
    const { ctx, so, order, tiktokOrder } = await shipped([
      ["CANDLE-VAN", 1],
      ["MUG-WHT", 1],
    ]);
    await acumaticaOperator(`/sales-orders/${so.OrderType}/${so.OrderNbr}/ship`, {
      packages: [
        { trackingNbr: "1Z999AA10000000011", contents: [{ inventoryId: "CANDLE-VAN", qty: 1 }] },
        { trackingNbr: "1Z999AA10000000012", contents: [{ inventoryId: "MUG-WHT", qty: 1 }] },
      ],
    });
    await pullShipments(w.deps(), { workspaceId: ctx.workspaceId });
    const [first, second] = await w.t.db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id)).orderBy(fulfillments.packageKey);
    // The first package: TikTok holds the request 1.5 s (and stores it anyway); the worker dies meanwhile.
    await operate(w.tiktok, "POST", "/faults", { kind: "latency", latency_ms: 1500, path_contains: "/packages" });
    const worker = runWorker({ workspaceId: ctx.workspaceId, fulfillmentIds: [first!.id], leaseMs: 1000, settleMs: 2500, timeoutMs: 30_000 });
    for (let i = 0; i < 100 && !(await bindingOf(first!.id))?.lastSentAt; i++) await new Promise((r) => setTimeout(r, 50));
    worker.kill();
    await worker.done;
    // Two workers at once on both packages (the first one's dead claim expires, then its look-up finds the package).
    const deps = w.deps({ settleMs: 2500, leaseMs: 1000 });
    const until = async (id: string) => {
      let o = await pushFulfillment(deps, { workspaceId: ctx.workspaceId, fulfillmentId: id });
      for (let i = 0; i < 40 && o.kind === "wait"; i++) {
        await new Promise((r) => setTimeout(r, 250));
        o = await pushFulfillment(deps, { workspaceId: ctx.workspaceId, fulfillmentId: id });
      }
      return o.kind;
    };
    const kinds = await Promise.all([until(first!.id), until(first!.id), until(second!.id), until(second!.id)]);
    expect(kinds.every((k) => k === "pushed" || k === "exists")).toBe(true);
    const t = await tiktokOrder();
    expect(new Set(t.line_items.map((l) => l.package_id)).size).toBe(2);
    expect(t.line_items.map((l) => l.tracking_number).sort()).toEqual(["1Z999AA10000000011", "1Z999AA10000000012"]);
  });
});

const bindingOf = async (fulfillmentId: string) => (await w.t.db.select().from(syncBindings).where(eq(syncBindings.entityId, fulfillmentId)))[0];

function runWorker(cfg: Record<string, unknown>): { done: Promise<void>; kill: () => void } {
  const child = spawn(path.join(process.cwd(), "node_modules", ".bin", "tsx"), ["lib/testing/push-order-worker.ts", JSON.stringify({ databaseUrl: w.t.url, ...cfg })], {
    env: process.env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return { done: new Promise((r) => child.on("exit", () => r())), kill: () => child.kill("SIGKILL") };
}
