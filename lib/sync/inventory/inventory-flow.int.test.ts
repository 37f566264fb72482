import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestContext } from "@/lib/auth/context-types";
import { inventoryAdjustmentBatches, inventoryChanges, inventoryLevels, inventorySkips, locationChannelWarehouses, locations, products, syncBindings, syncCursors, syncExceptions, syncRuns } from "@/lib/db/schema";
import { callOperator } from "@/lib/connectors/acumatica/sandbox/testing";
import { findByKeys, listRecords } from "@/lib/connectors/acumatica/sandbox/store";
import { shopFixture } from "@/lib/connectors/tiktok-shop/sandbox/testing";
import { getTikTokShopClient } from "@/lib/connections/clients";
import { updateTikTokShopToggles } from "@/lib/connections/tiktok-connect";
import { saveOrderSettingsSection } from "@/lib/order-settings/service";
import { pullProducts } from "@/lib/sync/acumatica/pull-products";
import type { EngineWorld } from "@/lib/testing/engine-world";
import { drainQueues, startEngineWorld } from "@/lib/testing/engine-world";
import { syncLocations } from "@/lib/sync/locations/sync-locations";
import { INVENTORY_CURSOR, pullInventory } from "./pull-inventory";
import { pushInventoryToAcumatica } from "./push-acumatica";
import { pushInventoryToTikTok } from "./push-tiktok";
import { startInventoryResync } from "./queue";

/**
 * Locations and inventory, each in the direction Step 8 picks and nothing while off: warehouses ↔ locations,
 * TikTok warehouses and their mapping, Acumatica stock → hub levels (scoped, skips recorded, incremental),
 * hub stock → TikTok Shop (only changes), hub edits → Acumatica adjustments exactly once.
 */
let w: EngineWorld;
beforeAll(async () => {
  w = await startEngineWorld();
}, 120_000);
afterAll(() => w?.close());

const catalog = (ctx: RequestContext, values: Record<string, unknown>) => saveOrderSettingsSection(w.t.db, ctx, "catalog", values);
const locs = (ctx: RequestContext) => w.t.db.select().from(locations).where(eq(locations.workspaceId, ctx.workspaceId));
const levelOf = async (ctx: RequestContext, sku: string, code: string) => {
  const [row] = await w.t.db
    .select({ level: inventoryLevels })
    .from(inventoryLevels)
    .innerJoin(products, eq(products.id, inventoryLevels.productId))
    .innerJoin(locations, eq(locations.id, inventoryLevels.locationId))
    .where(and(eq(inventoryLevels.workspaceId, ctx.workspaceId), eq(products.sku, sku), eq(locations.code, code)));
  return row?.level;
};
const erpOnHand = (sku: string, warehouse: string) =>
  ((findByKeys(w.acumatica.store(), "StockItem", { InventoryID: sku })?.WarehouseDetails as Array<Record<string, unknown>> | undefined) ?? []).find((d) => d.WarehouseID === warehouse)?.QtyOnHand;

describe("locations and inventory", () => {
  let ctx: RequestContext;
  let shop: string;
  const us = shopFixture("US");
  const main = us.warehouses.find((x) => x.key === "main")!;
  const east = us.warehouses.find((x) => x.key === "east")!;

  beforeAll(async () => {
    await callOperator(w.acumatica, "POST", "/reset");
    const m = await w.merchant("Inventory", ["US"]);
    ctx = m.ctx;
    shop = m.shops.US!;
    await catalog(ctx, { pullProducts: true });
    await pullProducts(w.deps(), { workspaceId: ctx.workspaceId });
  });

  it("moves nothing while Process locations information and Process inventory information are off", async () => {
    expect(await syncLocations(w.deps(), { workspaceId: ctx.workspaceId })).toEqual({ skipped: "Process locations information is off." });
    expect(await pullInventory(w.deps(), { workspaceId: ctx.workspaceId })).toMatchObject({ skipped: expect.stringContaining("not set to Pull") });
    expect(await pushInventoryToAcumatica(w.deps(), { workspaceId: ctx.workspaceId })).toMatchObject({ skipped: expect.stringContaining("not set to Push") });
    expect(await locs(ctx)).toHaveLength(0);
  });

  it("pulls Acumatica's warehouses into locations, reads the shop's TikTok warehouses, and maps one only when exactly one location has its name", async () => {
    // A manual location named like the TikTok warehouse "Newark 3PL".
    await w.t.db.insert(locations).values({ workspaceId: ctx.workspaceId, code: "NEWARK", name: "Newark 3PL", source: "manual" });
    await catalog(ctx, { locations: "pull" });
    const counts = await syncLocations(w.deps(), { workspaceId: ctx.workspaceId }, { tiktokClient: (id) => getTikTokShopClient(w.t.db, ctx.workspaceId, id) });
    expect(counts).toMatchObject({ direction: "pull", created: 3, deactivated: 0, tiktokWarehouses: 2, autoMapped: 1 });
    const rows = await locs(ctx);
    expect(rows.find((l) => l.code === "WHOLESALE")).toMatchObject({ name: "Main warehouse (Portland, OR)", active: true, source: "acumatica" });
    const maps = await w.t.db.select().from(locationChannelWarehouses).where(eq(locationChannelWarehouses.connectionId, shop));
    expect(maps.find((m) => m.tiktokWarehouseId === east.id)?.locationId).toBe(rows.find((l) => l.code === "NEWARK")!.id);
    expect(maps.find((m) => m.tiktokWarehouseId === main.id)).toMatchObject({ tiktokWarehouseName: "Portland DC", locationId: null });
    const [cursor] = await w.t.db.select().from(syncCursors).where(and(eq(syncCursors.workspaceId, ctx.workspaceId), eq(syncCursors.stream, "acumatica.warehouses")));
    expect(cursor).toBeDefined();

    // A mapping someone chose is kept by the next refresh; a warehouse gone from Acumatica is marked inactive, not deleted.
    await w.t.db.update(locationChannelWarehouses).set({ locationId: rows.find((l) => l.code === "WHOLESALE")!.id }).where(eq(locationChannelWarehouses.tiktokWarehouseId, main.id));
    await w.t.db.update(locationChannelWarehouses).set({ locationId: rows.find((l) => l.code === "EAST")!.id }).where(eq(locationChannelWarehouses.tiktokWarehouseId, east.id));
    const table = listRecords(w.acumatica.store(), "Warehouse");
    const retail = table.splice(table.findIndex((r) => r.WarehouseID === "RETAIL"), 1)[0]!;
    expect(await syncLocations(w.deps(), { workspaceId: ctx.workspaceId })).toMatchObject({ created: 0, deactivated: 1 });
    expect((await locs(ctx)).find((l) => l.code === "RETAIL")).toMatchObject({ active: false });
    table.push(retail);
    const again = await w.t.db.select().from(locationChannelWarehouses).where(eq(locationChannelWarehouses.connectionId, shop));
    expect(again.find((m) => m.tiktokWarehouseId === main.id)?.locationId).toBe(rows.find((l) => l.code === "WHOLESALE")!.id);
  });

  it("pushes manual locations Acumatica lacks as warehouses, once", async () => {
    await catalog(ctx, { locations: "push" });
    expect(await syncLocations(w.deps(), { workspaceId: ctx.workspaceId })).toMatchObject({ direction: "push", pushed: 1, refused: 0 });
    const created = findByKeys(w.acumatica.store(), "Warehouse", { WarehouseID: "NEWARK" });
    expect(created).toMatchObject({ Description: "Newark 3PL", Active: true });
    const [binding] = await w.t.db.select().from(syncBindings).where(and(eq(syncBindings.workspaceId, ctx.workspaceId), eq(syncBindings.entityType, "location")));
    expect(binding).toMatchObject({ state: "created", externalId: "NEWARK" });
    const before = listRecords(w.acumatica.store(), "Warehouse").length;
    expect(await syncLocations(w.deps(), { workspaceId: ctx.workspaceId })).toMatchObject({ pushed: 0 });
    expect(listRecords(w.acumatica.store(), "Warehouse")).toHaveLength(before);
    await catalog(ctx, { locations: "pull" });
    await syncLocations(w.deps(), { workspaceId: ctx.workspaceId });
  });

  it("pulls stock per item and warehouse for catalog products, honours excluded SKUs exactly, records why each SKU was skipped", async () => {
    await catalog(ctx, { inventory: "pull", excludedSkus: ["CANDLE-LAV", "pen-set"] });
    const counts = await pullInventory(w.deps(), { workspaceId: ctx.workspaceId });
    expect(counts).toMatchObject({ summaries: 0 });
    expect(await levelOf(ctx, "MUG-WHT", "WHOLESALE")).toMatchObject({ available: 150, onHand: 150, source: "acumatica" });
    expect(await levelOf(ctx, "MUG-WHT", "EAST")).toMatchObject({ available: 60 });
    expect(await levelOf(ctx, "CANDLE-LAV", "EAST")).toBeUndefined();
    // Exact: "pen-set" is not PEN-SET.
    expect(await levelOf(ctx, "PEN-SET", "WHOLESALE")).toMatchObject({ available: 150 });
    const skips = await w.t.db.select().from(inventorySkips).where(eq(inventorySkips.workspaceId, ctx.workspaceId));
    expect(skips.find((s) => s.sku === "CANDLE-LAV")).toMatchObject({ reason: "excluded" });
    expect(await w.t.db.select().from(syncCursors).where(and(eq(syncCursors.workspaceId, ctx.workspaceId), eq(syncCursors.stream, INVENTORY_CURSOR)))).toHaveLength(1);
  });

  it("then reads only changed items, with a change row; reservations are split by warehouse with the Inventory Summary", async () => {
    await callOperator(w.acumatica, "POST", "/stock", { inventoryId: "MUG-BLK", warehouseId: "WHOLESALE", qtyOnHand: 70 });
    const counts = await pullInventory(w.deps(), { workspaceId: ctx.workspaceId }, { overlapMs: 0 });
    expect(counts).toMatchObject({ levelsChanged: 1, levelsCreated: 0 });
    expect(await levelOf(ctx, "MUG-BLK", "WHOLESALE")).toMatchObject({ available: 70, onHand: 70 });
    const changes = await w.t.db.select().from(inventoryChanges).where(and(eq(inventoryChanges.workspaceId, ctx.workspaceId), eq(inventoryChanges.before, 80)));
    expect(changes).toEqual([expect.objectContaining({ after: 70, source: "acumatica" })]);
  });

  it("sends the shop's mapped warehouses their absolute available quantities when Push inventory is on, then only what changed", async () => {
    const deps = { db: w.t.db, transaction: w.deps().transaction };
    expect(await pushInventoryToTikTok(deps, { workspaceId: ctx.workspaceId, connectionId: shop })).toEqual({ skipped: "Push inventory is off for this shop." });
    await updateTikTokShopToggles(w.t.db, ctx, { connectionId: shop, pullOrders: true, pushFulfillments: true, pushProducts: false, pushInventory: true });
    const first = await pushInventoryToTikTok(deps, { workspaceId: ctx.workspaceId, connectionId: shop });
    expect(first).toMatchObject({ refused: 0, unmappedWarehouses: 0 });
    expect((first as { sent: number }).sent).toBeGreaterThan(3);
    const client = await getTikTokShopClient(w.t.db, ctx.workspaceId, shop);
    const mugBlk = (await client.findSkusBySellerSku(["MUG-BLK"])).get("MUG-BLK")!;
    expect(Object.fromEntries(mugBlk.inventory.map((i) => [i.warehouse_id, i.quantity]))).toEqual({ [main.id]: 70, [east.id]: 20 });
    expect(await levelOf(ctx, "MUG-BLK", "WHOLESALE")).toMatchObject({ pushedQuantity: 70 });
    expect(await pushInventoryToTikTok(deps, { workspaceId: ctx.workspaceId, connectionId: shop })).toMatchObject({ sent: 0, candidates: 0 });

    // A pull that changes stock queues the shop's push; an unmapped TikTok warehouse is an exception naming it.
    await callOperator(w.acumatica, "POST", "/stock", { inventoryId: "MUG-BLK", warehouseId: "WHOLESALE", qtyOnHand: 64 });
    await w.t.db.update(locationChannelWarehouses).set({ locationId: null }).where(eq(locationChannelWarehouses.tiktokWarehouseId, east.id));
    await pullInventory(w.deps(), { workspaceId: ctx.workspaceId }, { overlapMs: 0 });
    const ran = await drainQueues(w.t.db, { only: ["tiktok-shop.push-inventory"] });
    expect(ran["tiktok-shop.push-inventory"]).toBe(1);
    const after = (await client.findSkusBySellerSku(["MUG-BLK"])).get("MUG-BLK")!;
    expect(Object.fromEntries(after.inventory.map((i) => [i.warehouse_id, i.quantity]))).toEqual({ [main.id]: 64, [east.id]: 20 });
    const [open] = await w.t.db.select().from(syncExceptions).where(and(eq(syncExceptions.entityId, shop), eq(syncExceptions.cause, "tiktok_warehouse_unmapped"), eq(syncExceptions.status, "open")));
    expect(open).toMatchObject({ subject: east.id, fixPath: expect.stringContaining("/locations") });
    expect(open!.message).toContain("Newark 3PL");
  });

  it("Force inventory resync re-reads everything into the run row the screen polls", async () => {
    const { runId, started } = await startInventoryResync(w.t.db, ctx);
    expect(started).toBe(true);
    expect(await startInventoryResync(w.t.db, ctx)).toEqual({ runId, started: false });
    await drainQueues(w.t.db, { only: ["acumatica.resync-inventory"] });
    const [run] = await w.t.db.select().from(syncRuns).where(eq(syncRuns.id, runId));
    expect(run!.finishedAt).not.toBeNull();
    expect(run!.error).toBeNull();
    expect(run!.counts.read).toBeGreaterThan(20);
  });

  it("pushes hub edits to Acumatica as one released adjustment, exactly once even when the answer is lost", async () => {
    await catalog(ctx, { inventory: "push" });
    await w.t.db
      .update(inventoryLevels)
      .set({ onHand: 77, source: "edit", updatedAt: new Date() })
      .where(eq(inventoryLevels.productId, (await w.t.db.select().from(products).where(and(eq(products.workspaceId, ctx.workspaceId), eq(products.sku, "YOGA-MAT"))))[0]!.id));
    // The create's answer is lost after Acumatica stored it (reads: on hand, the client's look-up; then the PUT).
    await callOperator(w.acumatica, "POST", "/faults", { next: [{}, {}, { dropResponse: true }] });
    await expect(pushInventoryToAcumatica(w.deps(), { workspaceId: ctx.workspaceId })).rejects.toThrow();
    const [batch] = await w.t.db.select().from(inventoryAdjustmentBatches).where(eq(inventoryAdjustmentBatches.workspaceId, ctx.workspaceId));
    expect(batch!.doneAt).toBeNull();
    const result = await pushInventoryToAcumatica(w.deps(), { workspaceId: ctx.workspaceId });
    expect(result).toMatchObject({ batches: 1, lines: 2, refused: 0 });
    const docs = listRecords(w.acumatica.store(), "InventoryAdjustment").filter((d) => d.ExternalRef === batch!.externalRef);
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ Status: "Released" });
    expect(erpOnHand("YOGA-MAT", "WHOLESALE")).toBe(77);
    expect(erpOnHand("YOGA-MAT", "EAST")).toBe(77);
    expect(await levelOf(ctx, "YOGA-MAT", "EAST")).toMatchObject({ pushedToErpAt: expect.any(Date) });
    expect(await pushInventoryToAcumatica(w.deps(), { workspaceId: ctx.workspaceId })).toMatchObject({ batches: 0 });
    expect(listRecords(w.acumatica.store(), "InventoryAdjustment")).toHaveLength(1);
  });
});
