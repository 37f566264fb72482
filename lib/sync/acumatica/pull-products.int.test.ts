import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestContext } from "@/lib/auth/context-types";
import { productChannelSkus, products, syncCursors, syncExceptions, syncRuns } from "@/lib/db/schema";
import { STOCK_ITEMS, TEMPLATE_ITEMS } from "@/lib/connectors/acumatica/fixtures";
import { callOperator } from "@/lib/connectors/acumatica/sandbox/testing";
import { listRecords } from "@/lib/connectors/acumatica/sandbox/store";
import { saveOrderSettingsSection } from "@/lib/order-settings/service";
import { saveChannelSku, startCatalogResync } from "@/lib/products/service";
import type { EngineWorld } from "@/lib/testing/engine-world";
import { drainQueues, startEngineWorld } from "@/lib/testing/engine-world";
import { pullProducts } from "./pull-products";

/**
 * Acumatica's item master → products: incremental by the items' modified
 * stamp with paging, the watermark moved only by a complete pass, variants
 * under their matrix template, inactive items marked (never deleted), the
 * Step 5 SKU rule (an item updates the product whose Acumatica Channel SKU it
 * is), and Force product catalog resync.
 */
let w: EngineWorld;
beforeAll(async () => {
  w = await startEngineWorld();
}, 120_000);
afterAll(() => w?.close());

const catalogOn = (ctx: RequestContext, on = true) => saveOrderSettingsSection(w.t.db, ctx, "catalog", { pullProducts: on });
const bySku = async (ctx: RequestContext, sku: string) => (await w.t.db.select().from(products).where(and(eq(products.workspaceId, ctx.workspaceId), eq(products.sku, sku))))[0];
const all = (ctx: RequestContext) => w.t.db.select().from(products).where(eq(products.workspaceId, ctx.workspaceId));
const cursor = async (ctx: RequestContext, stream: string) =>
  (await w.t.db.select().from(syncCursors).where(and(eq(syncCursors.workspaceId, ctx.workspaceId), eq(syncCursors.stream, stream))))[0]?.position ?? null;
const item = (body: Record<string, unknown>) => callOperator(w.acumatica, "POST", "/items", body);

describe("pulling the item master", () => {
  let ctx: RequestContext;
  beforeAll(async () => {
    await callOperator(w.acumatica, "POST", "/reset");
    ({ ctx } = await w.merchant("Catalog"));
  });

  it("moves nothing while Pull product catalog information from Acumatica is off", async () => {
    expect(await pullProducts(w.deps(), { workspaceId: ctx.workspaceId })).toEqual({ skipped: "Pull product catalog information from Acumatica is off." });
    expect(await all(ctx)).toHaveLength(0);
    expect(await cursor(ctx, "acumatica.stock-items")).toBeNull();
  });

  it("reads every item page by page the first time: variants under their template, unsellable items marked inactive", async () => {
    await catalogOn(ctx);
    const counts = await pullProducts(w.deps(), { workspaceId: ctx.workspaceId }, { pageSize: 7 });
    expect(counts).toMatchObject({ read: STOCK_ITEMS.length + TEMPLATE_ITEMS.length, created: STOCK_ITEMS.length + TEMPLATE_ITEMS.length, conflicts: 0 });
    // 1 template page + ceil(items / 7) item pages.
    expect((counts as { pages: number }).pages).toBe(1 + Math.ceil(STOCK_ITEMS.length / 7));
    const rows = await all(ctx);
    expect(rows).toHaveLength(STOCK_ITEMS.length + 1);
    const tee = rows.find((r) => r.sku === "TSHIRT")!;
    expect(tee).toMatchObject({ isTemplate: true, name: "Classic tee", source: "acumatica", parentId: null });
    const variants = rows.filter((r) => r.parentId === tee.id);
    expect(variants.map((v) => v.sku).sort()).toEqual(STOCK_ITEMS.filter((i) => i.TemplateItemID === "TSHIRT").map((i) => i.InventoryID).sort());
    expect(variants.find((v) => v.sku === "TSHIRT-RED-L")!.attributes).toEqual({ COLOR: "Red", SIZE: "Large" });
    expect(rows.find((r) => r.sku === "MUG-WHT-V1")).toMatchObject({ active: false });
    expect(rows.find((r) => r.sku === "GIFTBOX")).toMatchObject({ active: false });
    expect(rows.find((r) => r.sku === "MUG-WHT")).toMatchObject({ active: true, price: "12.0000", weight: "0.9000", weightUnit: "LB" });
    expect(rows.find((r) => r.sku === "MUG-WHT")!.barcode).toMatch(/^0841234/);
    // The watermark is the newest stamp read; no pass is left open.
    const newest = Math.max(...listRecords(w.acumatica.store(), "StockItem").map((r) => Number(r.LastModifiedDateTime)));
    expect(Date.parse((await cursor(ctx, "acumatica.stock-items"))!)).toBe(newest);
    expect(await cursor(ctx, "acumatica.stock-items.pass")).toBeNull();
    const [run] = await w.t.db.select().from(syncRuns).where(and(eq(syncRuns.workspaceId, ctx.workspaceId), eq(syncRuns.flow, "acumatica.pull-products")));
    expect(run).toMatchObject({ error: null, counts: expect.objectContaining({ read: STOCK_ITEMS.length + 1 }) });
    expect(run!.finishedAt).not.toBeNull();
  });

  it("then reads only what changed: a renamed item, an item made inactive (marked, not deleted), a new variant", async () => {
    await item({ InventoryID: "CAP-BLK", Description: "Baseball cap, jet black" });
    await item({ InventoryID: "MUG-BLK", ItemStatus: "Inactive" });
    await item({ InventoryID: "TSHIRT-GRN-M", Description: "Classic tee, Green, Medium", DefaultPrice: 19.5, TemplateItemID: "TSHIRT", Attributes: { COLOR: "Green", SIZE: "Medium" } });
    const counts = await pullProducts(w.deps(), { workspaceId: ctx.workspaceId }, { overlapMs: 0 });
    expect(counts).toMatchObject({ read: 3, created: 1, updated: 2, unchanged: 0 });
    expect(await bySku(ctx, "CAP-BLK")).toMatchObject({ name: "Baseball cap, jet black", active: true });
    expect(await bySku(ctx, "MUG-BLK")).toMatchObject({ active: false });
    const tee = (await bySku(ctx, "TSHIRT"))!;
    expect(await bySku(ctx, "TSHIRT-GRN-M")).toMatchObject({ parentId: tee.id, attributes: { COLOR: "Green", SIZE: "Medium" } });
    // Nothing new: the overlap is read again, and it changes nothing.
    expect(await pullProducts(w.deps(), { workspaceId: ctx.workspaceId })).toMatchObject({ created: 0, updated: 0 });
  });

  it("resumes a pass that stopped mid-way from its last committed page; the watermark waits for the pass to finish", async () => {
    await callOperator(w.acumatica, "POST", "/items/bulk", { count: 25, prefix: "PAGE" });
    const before = await cursor(ctx, "acumatica.stock-items");
    const stop = new Error("worker stopped");
    let pages = 0;
    await expect(
      pullProducts(w.deps(), { workspaceId: ctx.workspaceId }, { pageSize: 10, overlapMs: 0, afterPage: (stream) => { if (stream === "acumatica.stock-items" && ++pages === 1) throw stop; } }),
    ).rejects.toBe(stop);
    expect(await cursor(ctx, "acumatica.stock-items")).toBe(before);
    expect(JSON.parse((await cursor(ctx, "acumatica.stock-items.pass"))!)).toMatchObject({ skip: 10 });
    expect((await all(ctx)).filter((p) => p.sku.startsWith("PAGE-"))).toHaveLength(10);
    const [failed] = await w.t.db.select().from(syncRuns).where(and(eq(syncRuns.workspaceId, ctx.workspaceId), eq(syncRuns.error, "worker stopped")));
    expect(failed).toBeDefined();

    const rest = await pullProducts(w.deps(), { workspaceId: ctx.workspaceId }, { pageSize: 10, overlapMs: 0 });
    expect(rest).toMatchObject({ created: 15, pages: 2 });
    expect((await all(ctx)).filter((p) => p.sku.startsWith("PAGE-"))).toHaveLength(25);
    expect(Date.parse((await cursor(ctx, "acumatica.stock-items"))!)).toBeGreaterThan(Date.parse(before!));
    expect(await cursor(ctx, "acumatica.stock-items.pass")).toBeNull();
  });

  it("Force product catalog resync re-reads everything whatever the cursor, shows its progress, and marks items Acumatica no longer has", async () => {
    // An item deleted in Acumatica (no transactions yet): an incremental pull cannot see it go.
    const store = w.acumatica.store();
    const table = listRecords(store, "StockItem");
    table.splice(table.findIndex((r) => r.InventoryID === "PAGE-000025"), 1);
    const { runId, started } = await startCatalogResync(w.t.db, ctx);
    expect(started).toBe(true);
    // A second click while it runs is the same resync.
    expect(await startCatalogResync(w.t.db, ctx)).toEqual({ runId, started: false });
    const ran = await drainQueues(w.t.db, { only: ["acumatica.resync-products", "acumatica.pull-products"] });
    expect(ran["acumatica.resync-products"]).toBe(1);
    const [run] = await w.t.db.select().from(syncRuns).where(eq(syncRuns.id, runId));
    const total = table.length + listRecords(store, "TemplateItems").length;
    expect(run!.finishedAt).not.toBeNull();
    expect(run!.error).toBeNull();
    expect(run!.counts).toMatchObject({ read: total, itemsSkip: table.length, missing: 1 });
    expect(await bySku(ctx, "PAGE-000025")).toMatchObject({ active: false });
    expect(await bySku(ctx, "PAGE-000024")).toMatchObject({ active: true });
  });

  it("refuses a resync while the pull is off", async () => {
    await catalogOn(ctx, false);
    await expect(startCatalogResync(w.t.db, ctx)).rejects.toThrow("Turn on Pull product catalog information from Acumatica first");
    await catalogOn(ctx, true);
  });
});

describe("which product an Acumatica item updates (setup guide Step 5)", () => {
  it("an item whose InventoryID is a product's Acumatica Channel SKU updates that product (CAP-NAVY receives CAP-NVY)", async () => {
    await callOperator(w.acumatica, "POST", "/reset");
    const { ctx } = await w.merchant("Mapped first");
    await catalogOn(ctx);
    // Seen on TikTok orders first, mapped before any pull.
    const { productId } = await saveChannelSku(w.t.db, ctx, { sku: "CAP-NAVY", channelSku: "CAP-NVY" });
    await pullProducts(w.deps(), { workspaceId: ctx.workspaceId });
    expect(await bySku(ctx, "CAP-NVY")).toBeUndefined();
    expect(await bySku(ctx, "CAP-NAVY")).toMatchObject({ id: productId, name: "Baseball cap, navy", source: "acumatica", price: "22.0000" });
    await item({ InventoryID: "CAP-NVY", Description: "Baseball cap, navy blue" });
    await pullProducts(w.deps(), { workspaceId: ctx.workspaceId });
    expect(await bySku(ctx, "CAP-NAVY")).toMatchObject({ id: productId, name: "Baseball cap, navy blue" });
    expect(await bySku(ctx, "CAP-NVY")).toBeUndefined();
  });

  it("mapping after the pull merges: the pulled product takes the TikTok SKU as master SKU, no duplicate", async () => {
    await callOperator(w.acumatica, "POST", "/reset");
    const { ctx } = await w.merchant("Pulled first");
    await catalogOn(ctx);
    await pullProducts(w.deps(), { workspaceId: ctx.workspaceId });
    const pulled = (await bySku(ctx, "CAP-NVY"))!;
    const count = (await all(ctx)).length;
    const saved = await saveChannelSku(w.t.db, ctx, { sku: "CAP-NAVY", channelSku: "CAP-NVY" });
    expect(saved).toMatchObject({ productId: pulled.id, merged: true });
    expect(await all(ctx)).toHaveLength(count);
    expect(await bySku(ctx, "CAP-NVY")).toBeUndefined();
    expect(await bySku(ctx, "CAP-NAVY")).toMatchObject({ id: pulled.id, source: "acumatica", name: "Baseball cap, navy" });
    const [channel] = await w.t.db.select().from(productChannelSkus).where(eq(productChannelSkus.productId, pulled.id));
    expect(channel!.channelSku).toBe("CAP-NVY");
    // The next pull of the item lands on the merged product.
    await item({ InventoryID: "CAP-NVY", DefaultPrice: 23 });
    expect(await pullProducts(w.deps(), { workspaceId: ctx.workspaceId })).toMatchObject({ created: 0, updated: 1 });
    expect(await bySku(ctx, "CAP-NAVY")).toMatchObject({ id: pulled.id, price: "23.0000" });
  });

  it("an item whose SKU belongs to a product mapped to another item is left out with an exception that names both", async () => {
    await callOperator(w.acumatica, "POST", "/reset");
    const { ctx } = await w.merchant("Conflict");
    await catalogOn(ctx);
    // TikTok's MUG-WHT ships Acumatica's MUG-BLK (a deliberate substitution); Acumatica has its own MUG-WHT too.
    const { productId } = await saveChannelSku(w.t.db, ctx, { sku: "MUG-WHT", channelSku: "MUG-BLK" });
    const counts = await pullProducts(w.deps(), { workspaceId: ctx.workspaceId });
    expect(counts).toMatchObject({ conflicts: 1 });
    const [e] = await w.t.db.select().from(syncExceptions).where(and(eq(syncExceptions.workspaceId, ctx.workspaceId), eq(syncExceptions.status, "open")));
    expect(e).toMatchObject({ entityType: "product", entityId: productId, cause: "catalog_sku_conflict", subject: "MUG-WHT", fixPath: "/products?sku=MUG-WHT#channel-options" });
    expect(e!.message).toContain("sends Acumatica item MUG-BLK");
    // Clearing the mapping: the next pull of MUG-WHT finds its product and the exception closes.
    await saveChannelSku(w.t.db, ctx, { productId, channelSku: "" });
    await item({ InventoryID: "MUG-WHT", Description: "Ceramic mug 11 oz, white (new glaze)" });
    await pullProducts(w.deps(), { workspaceId: ctx.workspaceId });
    expect((await w.t.db.select().from(syncExceptions).where(eq(syncExceptions.id, e!.id)))[0]!.status).toBe("closed");
    expect(await bySku(ctx, "MUG-WHT")).toMatchObject({ id: productId, name: "Ceramic mug 11 oz, white (new glaze)" });
    expect(await w.t.db.select().from(products).where(and(eq(products.workspaceId, ctx.workspaceId), isNull(products.parentId), eq(products.sku, "MUG-BLK")))).toHaveLength(1);
  });
});
