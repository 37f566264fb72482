import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestContext } from "@/lib/auth/context-types";
import { connections, inventoryLevels, inventorySkips, locationChannelWarehouses, locations, productListings, products, syncExceptions } from "@/lib/db/schema";
import { callOperator } from "@/lib/connectors/acumatica/sandbox/testing";
import { insertRecord } from "@/lib/connectors/acumatica/sandbox/store";
import { shopFixture } from "@/lib/connectors/tiktok-shop/sandbox/testing";
import { getTikTokShopClient } from "@/lib/connections/clients";
import { updateTikTokShopToggles } from "@/lib/connections/tiktok-connect";
import { withJobTransaction } from "@/lib/jobs/transaction";
import { saveOrderSettingsSection } from "@/lib/order-settings/service";
import { pullProducts } from "@/lib/sync/acumatica/pull-products";
import { syncLocations } from "@/lib/sync/locations/sync-locations";
import type { EngineWorld } from "@/lib/testing/engine-world";
import { drainQueues, startEngineWorld } from "@/lib/testing/engine-world";
import { JOBS } from "@/lib/sync/jobs/catalog";
import { explainInventory } from "./explain";
import { pullInventory } from "./pull-inventory";
import { pushInventoryToTikTok } from "./push-tiktok";
import { queueInventoryPush } from "./queue";

/**
 * The rules around the flows: matched SKUs only (found by seller SKU and linked), reservations split by warehouse,
 * a warehouse Acumatica refuses to create (an exception naming the fix, closed when it appears), a SKU TikTok
 * refuses (an exception naming it, closed when it goes through), the shop toggle, and what an edit queues.
 */
let w: EngineWorld;
beforeAll(async () => {
  w = await startEngineWorld();
}, 120_000);
afterAll(() => w?.close());

const catalog = (ctx: RequestContext, values: Record<string, unknown>) => saveOrderSettingsSection(w.t.db, ctx, "catalog", values);
const levelOf = async (ctx: RequestContext, sku: string, code: string) => {
  const [row] = await w.t.db
    .select({ level: inventoryLevels })
    .from(inventoryLevels)
    .innerJoin(products, eq(products.id, inventoryLevels.productId))
    .innerJoin(locations, eq(locations.id, inventoryLevels.locationId))
    .where(and(eq(inventoryLevels.workspaceId, ctx.workspaceId), eq(products.sku, sku), eq(locations.code, code)));
  return row?.level;
};
const openExceptions = (ctx: RequestContext, cause: string) =>
  w.t.db.select().from(syncExceptions).where(and(eq(syncExceptions.workspaceId, ctx.workspaceId), eq(syncExceptions.cause, cause), eq(syncExceptions.status, "open")));

describe("inventory rules", () => {
  let ctx: RequestContext;
  let shop: string;
  const us = shopFixture("US");

  beforeAll(async () => {
    await callOperator(w.acumatica, "POST", "/reset");
    const m = await w.merchant("Inventory rules", ["US"]);
    ctx = m.ctx;
    shop = m.shops.US!;
    await catalog(ctx, { pullProducts: true, locations: "pull" });
    await pullProducts(w.deps(), { workspaceId: ctx.workspaceId });
    await syncLocations(w.deps(), { workspaceId: ctx.workspaceId });
  });

  it("with matched SKUs only, keeps the items whose master SKU is a TikTok SKU (linking it) and lists the others as unmatched", async () => {
    await catalog(ctx, { inventory: "pull", matchedSkusOnly: true });
    await pullInventory(w.deps(), { workspaceId: ctx.workspaceId });
    expect(await levelOf(ctx, "MUG-BLK", "WHOLESALE")).toMatchObject({ available: 80 });
    expect(await levelOf(ctx, "NOTEBOOK-A5", "WHOLESALE")).toBeUndefined();
    const [skip] = await w.t.db.select().from(inventorySkips).where(and(eq(inventorySkips.workspaceId, ctx.workspaceId), eq(inventorySkips.sku, "NOTEBOOK-A5")));
    expect(skip).toMatchObject({ reason: "unmatched" });
    // SOCKS-3PK is "Socks-3PK" on TikTok: not the same SKU.
    expect(await levelOf(ctx, "SOCKS-3PK", "WHOLESALE")).toBeUndefined();
    const [link] = await w.t.db
      .select()
      .from(productListings)
      .innerJoin(products, eq(products.id, productListings.productId))
      .where(and(eq(productListings.connectionId, shop), eq(products.sku, "MUG-BLK")));
    expect(link?.product_listings).toMatchObject({ status: "linked", tiktokSkuId: expect.any(String) });
    await catalog(ctx, { matchedSkusOnly: false });
  });

  it("splits availability by warehouse with the Inventory Summary when stock is reserved", async () => {
    const store = w.acumatica.store();
    insertRecord(store, "SalesOrder", {
      id: crypto.randomUUID(),
      OrderType: "SO",
      OrderNbr: "SO909090",
      Status: "Open",
      CustomerID: "TIKTOK",
      Details: [{ id: crypto.randomUUID(), InventoryID: "MUG-WHT", WarehouseID: "WHOLESALE", OrderQty: 5, OpenQty: 5 }],
    });
    await callOperator(w.acumatica, "POST", "/stock", { inventoryId: "MUG-WHT", warehouseId: "WHOLESALE", delta: 0 });
    const counts = await pullInventory(w.deps(), { workspaceId: ctx.workspaceId }, { overlapMs: 0 });
    expect(counts).toMatchObject({ summaries: 1 });
    expect(await levelOf(ctx, "MUG-WHT", "WHOLESALE")).toMatchObject({ onHand: 150, available: 145 });
    expect(await levelOf(ctx, "MUG-WHT", "EAST")).toMatchObject({ onHand: 60, available: 60 });
  });

  it("a warehouse Acumatica refuses to create is an exception naming the fix; it closes when the warehouse appears", async () => {
    await w.t.db.insert(locations).values({ workspaceId: ctx.workspaceId, code: "POPUP", name: "Pop-up store", source: "manual" });
    await catalog(ctx, { locations: "push" });
    // The key list answers; the create is refused.
    await callOperator(w.acumatica, "POST", "/faults", { next: [{}, { status: 422 }] });
    expect(await syncLocations(w.deps(), { workspaceId: ctx.workspaceId })).toMatchObject({ refused: 1, pushed: 0 });
    const [open] = await openExceptions(ctx, "location_not_in_acumatica");
    expect(open).toMatchObject({ subject: "POPUP", fixLabel: "Create warehouse POPUP in Acumatica" });
    insertRecord(w.acumatica.store(), "Warehouse", { id: crypto.randomUUID(), WarehouseID: "POPUP", Description: "Pop-up", Active: true, LastModifiedDateTime: Date.now() });
    await syncLocations(w.deps(), { workspaceId: ctx.workspaceId });
    expect(await openExceptions(ctx, "location_not_in_acumatica")).toHaveLength(0);
    await catalog(ctx, { locations: "pull" });
  });

  it("a SKU TikTok refuses is an exception naming it, closed once its stock goes through", async () => {
    const main = us.warehouses.find((x) => x.key === "main")!.id;
    const east = us.warehouses.find((x) => x.key === "east")!.id;
    const loc = new Map((await w.t.db.select().from(locations).where(eq(locations.workspaceId, ctx.workspaceId))).map((l) => [l.code, l.id]));
    await w.t.db.update(locationChannelWarehouses).set({ locationId: loc.get("WHOLESALE")! }).where(and(eq(locationChannelWarehouses.connectionId, shop), eq(locationChannelWarehouses.tiktokWarehouseId, main)));
    await w.t.db.update(locationChannelWarehouses).set({ locationId: loc.get("EAST")! }).where(and(eq(locationChannelWarehouses.connectionId, shop), eq(locationChannelWarehouses.tiktokWarehouseId, east)));
    // Saving the toggles without the field keeps Push inventory as it is.
    await updateTikTokShopToggles(w.t.db, ctx, { connectionId: shop, pullOrders: true, pushFulfillments: true, pushProducts: false, pushInventory: true });
    await updateTikTokShopToggles(w.t.db, ctx, { connectionId: shop, pullOrders: true, pushFulfillments: true, pushProducts: false });
    const [row] = await w.t.db.select().from(connections).where(eq(connections.id, shop));
    expect(row!.settings.pushInventory).toBe(true);

    const client = await getTikTokShopClient(w.t.db, ctx.workspaceId, shop);
    const mug = (await client.findSkusBySellerSku(["MUG-BLK"])).get("MUG-BLK")!;
    const product = w.tiktok.state().products.get(mug.productId)!;
    product.status = "SELLER_DEACTIVATED";
    const deps = { db: w.t.db, transaction: w.deps().transaction };
    const first = await pushInventoryToTikTok(deps, { workspaceId: ctx.workspaceId, connectionId: shop });
    expect((first as { refused: number }).refused).toBeGreaterThan(0);
    const refused = await openExceptions(ctx, "inventory_sku_refused");
    expect(refused.map((e) => e.subject)).toContain(`${shop}|MUG-BLK`);
    expect(refused.find((e) => e.subject === `${shop}|MUG-BLK`)!.message).toContain("MUG-BLK");

    product.status = "ACTIVATE";
    await pushInventoryToTikTok(deps, { workspaceId: ctx.workspaceId, connectionId: shop });
    expect((await openExceptions(ctx, "inventory_sku_refused")).map((e) => e.subject)).not.toContain(`${shop}|MUG-BLK`);
    const after = (await client.findSkusBySellerSku(["MUG-BLK"])).get("MUG-BLK")!;
    expect(Object.fromEntries(after.inventory.map((i) => [i.warehouse_id, i.quantity]))).toEqual({ [main]: 80, [east]: 20 });
  });

  it("explains where a SKU's stock stands: excluded, skipped by the last pull, or in sync with its levels", async () => {
    await catalog(ctx, { excludedSkus: ["NOTEBOOK-A5"] });
    await pullInventory(w.deps(), { workspaceId: ctx.workspaceId }, { overlapMs: 0 });
    const notebook = await explainInventory(w.t.db, ctx.workspaceId, "NOTEBOOK-A5");
    expect(notebook.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(["excluded"]));
    expect(notebook.summary).toContain("Exclude inventory items with specific SKUs");
    const mug = await explainInventory(w.t.db, ctx.workspaceId, "MUG-BLK");
    expect(mug.reasons).toEqual([]);
    expect(mug.summary).toBe("MUG-BLK's stock is in sync.");
    expect(mug.levels.find((l) => l.location === "WHOLESALE")).toMatchObject({ available: 80, pushedToTiktokAt: expect.any(Date) });
  });

  it("an edit's transaction queues the Acumatica push and each shop's TikTok push", async () => {
    await withJobTransaction(w.t.db, (tx) => queueInventoryPush(tx, ctx.workspaceId));
    const ran = await drainQueues(w.t.db, { only: ["acumatica.push-inventory", "tiktok-shop.push-inventory"] });
    expect(ran).toMatchObject({ "acumatica.push-inventory": 1, "tiktok-shop.push-inventory": 1 });
  });

  it("the schedules queue each workspace's locations sync, inventory pull and shops' pushes", async () => {
    await withJobTransaction(w.t.db, async (tx) => {
      await tx.enqueue(JOBS.syncAllLocations, {});
      await tx.enqueue(JOBS.syncAllInventory, {});
      await tx.enqueue(JOBS.pushAllInventoryToTikTok, {});
    });
    const ran = await drainQueues(w.t.db, {
      only: ["acumatica.sync-all-locations", "acumatica.sync-all-inventory", "tiktok-shop.push-all-inventory", "acumatica.sync-locations", "acumatica.pull-inventory", "tiktok-shop.push-inventory"],
    });
    expect(ran).toMatchObject({ "acumatica.sync-locations": 1, "acumatica.pull-inventory": 1 });
    expect(ran["tiktok-shop.push-inventory"]).toBeGreaterThanOrEqual(1);
  });
});
