import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestContext } from "@/lib/auth/context-types";
import { inventoryLevels, locations, orders, productChannelSkus, productListings, products, syncExceptions } from "@/lib/db/schema";
import { callOperator, passwordTokens, TEST_APP } from "@/lib/connectors/acumatica/sandbox/testing";
import { createAcumaticaClient } from "@/lib/connectors/acumatica/client";
import { createMemoryTokenStore } from "@/lib/connectors/shared/token-store";
import { placeOrder, shopFixture } from "@/lib/connectors/tiktok-shop/sandbox/testing";
import { saveOrderSettingsSection } from "@/lib/order-settings/service";
import { pullProducts } from "@/lib/sync/acumatica/pull-products";
import { pullShop } from "@/lib/sync/tiktok/pull";
import type { EngineWorld } from "@/lib/testing/engine-world";
import { configureOrders, drainQueues, startEngineWorld } from "@/lib/testing/engine-world";
import { exportCatalogCsv, getProduct } from "./queries";
import { CHANNEL_OPTIONS_NOTES } from "./schemas";
import { applyChannelSkuImport, previewChannelSkuImport, saveChannelSku } from "./service";

/**
 * Channel Options (setup guide Step 5): a TikTok SKU is a master SKU; the
 * Acumatica row's Channel SKU is the InventoryID sent for it. Saving one fixes
 * the orders held back by "SKU not found", merges with the product Acumatica's
 * item already has, is refused on a parent, and is unique per Acumatica item;
 * the CSV import applies a whole file or nothing.
 */
let w: EngineWorld;
beforeAll(async () => {
  w = await startEngineWorld();
}, 120_000);
afterAll(() => w?.close());

const US = shopFixture("US");
const bySku = async (ctx: RequestContext, sku: string) => (await w.t.db.select().from(products).where(and(eq(products.workspaceId, ctx.workspaceId), eq(products.sku, sku))))[0];
const channelOf = async (productId: string) => (await w.t.db.select().from(productChannelSkus).where(eq(productChannelSkus.productId, productId)))[0]?.channelSku ?? null;

async function pulledMerchant(name: string) {
  await callOperator(w.acumatica, "POST", "/reset");
  const m = await w.merchant(name);
  await saveOrderSettingsSection(w.t.db, m.ctx, "catalog", { pullProducts: true });
  await pullProducts(w.deps(), { workspaceId: m.ctx.workspaceId });
  return m;
}

describe("a Channel SKU fixes a TikTok SKU Acumatica knows by another name", () => {
  it("CAP-NAVY → CAP-NVY after the catalog pull: the open exception's order goes through, the pulled product becomes CAP-NAVY (no duplicate)", async () => {
    const { ctx, shops } = await pulledMerchant("Merge with order");
    await configureOrders(w.t.db, ctx);
    const placed = await placeOrder(w.tiktok, { items: [{ seller_sku: "CAP-NAVY", quantity: 1 }], delivery_option_id: US.deliveryOptions[0]!.id, pay: true, release_hold: true });
    await pullShop(w.deps(), { workspaceId: ctx.workspaceId, connectionId: shops.US! });
    await drainQueues(w.t.db);
    const [e] = await w.t.db.select().from(syncExceptions).where(and(eq(syncExceptions.workspaceId, ctx.workspaceId), eq(syncExceptions.status, "open")));
    expect(e).toMatchObject({ cause: "sku_not_found", subject: "CAP-NAVY" });
    const pulled = (await bySku(ctx, "CAP-NVY"))!;

    const saved = await saveChannelSku(w.t.db, ctx, { sku: "CAP-NAVY", channelSku: "CAP-NVY" });
    expect(saved).toEqual({ productId: pulled.id, retried: 1, merged: true });
    await drainQueues(w.t.db);
    expect((await w.t.db.select().from(syncExceptions).where(eq(syncExceptions.id, e!.id)))[0]).toMatchObject({ status: "closed", resolution: expect.stringMatching(/^fixed: in Acumatica as SO /) });
    const acu = createAcumaticaClient({ instanceUrl: w.acumatica.url, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, tokenStore: createMemoryTokenStore(await passwordTokens(w.acumatica)) });
    const [so] = await acu.salesOrders.list({ filter: `ExternalRef eq '${placed.id}'`, expand: ["Details"] });
    expect(so!.Details!.map((d) => d.InventoryID)).toEqual(["CAP-NVY"]);
    expect(await bySku(ctx, "CAP-NVY")).toBeUndefined();
    expect(await bySku(ctx, "CAP-NAVY")).toMatchObject({ id: pulled.id, source: "acumatica" });
    const [order] = await w.t.db.select().from(orders).where(eq(orders.externalId, placed.id));
    expect(order!.status).not.toBe("onHold");
  });

  it("a product made for the TikTok SKU earlier gives way to the pulled one: its listings and stock move over, one product stays", async () => {
    const { ctx, shops } = await pulledMerchant("Merge manual");
    // Made before the mapping (e.g. a Channel SKU saved, then cleared).
    const { productId: manualId } = await saveChannelSku(w.t.db, ctx, { sku: "BOTTLE-STEEL-750", channelSku: "" });
    const [loc] = await w.t.db.insert(locations).values({ workspaceId: ctx.workspaceId, code: "WHOLESALE" }).returning();
    await w.t.db.insert(inventoryLevels).values({ workspaceId: ctx.workspaceId, productId: manualId, locationId: loc!.id, available: 4, onHand: 4, source: "edit" });
    await w.t.db.insert(productListings).values({ workspaceId: ctx.workspaceId, productId: manualId, connectionId: shops.US!, tiktokProductId: "1729000000000000001", tiktokSkuId: "1729000000000000002", status: "linked" });
    const pulled = (await bySku(ctx, "BOTTLE-750"))!;
    const saved = await saveChannelSku(w.t.db, ctx, { productId: manualId, channelSku: "BOTTLE-750" });
    expect(saved).toMatchObject({ productId: pulled.id, merged: true });
    expect(await bySku(ctx, "BOTTLE-750")).toBeUndefined();
    expect(await bySku(ctx, "BOTTLE-STEEL-750")).toMatchObject({ id: pulled.id, name: "Steel water bottle 750 ml" });
    expect(await w.t.db.select().from(products).where(eq(products.id, manualId))).toHaveLength(0);
    expect(await w.t.db.select().from(inventoryLevels).where(eq(inventoryLevels.productId, pulled.id))).toHaveLength(1);
    expect((await w.t.db.select().from(productListings).where(eq(productListings.productId, pulled.id)))[0]).toMatchObject({ tiktokProductId: "1729000000000000001" });
    expect(await channelOf(pulled.id)).toBe("BOTTLE-750");
  });

  it("one Acumatica item maps to one product; two Acumatica items are not merged", async () => {
    const { ctx } = await pulledMerchant("Unique");
    await saveChannelSku(w.t.db, ctx, { sku: "USBC-CABLE-1M", channelSku: "CABLE-USBC-1M" });
    await expect(saveChannelSku(w.t.db, ctx, { sku: "CABLE-2", channelSku: "CABLE-USBC-1M" })).rejects.toThrow("CABLE-USBC-1M is already the Acumatica Channel SKU of product USBC-CABLE-1M");
    const mugBlk = (await bySku(ctx, "MUG-BLK"))!;
    await expect(saveChannelSku(w.t.db, ctx, { productId: mugBlk.id, channelSku: "MUG-WHT" })).rejects.toThrow("Both MUG-BLK and MUG-WHT are items in Acumatica's item master");
    expect(await channelOf(mugBlk.id)).toBeNull();
  });
});

describe("Channel Options on parents and variants", () => {
  it("a parent hides the Channel SKU column and points at its variants; a variant has the Acumatica cell; the TikTok row never has one", async () => {
    const { ctx } = await pulledMerchant("Options");
    const tee = (await bySku(ctx, "TSHIRT"))!;
    const parent = (await getProduct(w.t.db, ctx.workspaceId, tee.id))!;
    expect(parent.children.length).toBeGreaterThan(0);
    expect(parent.channelOptions).toEqual({
      columnHidden: true,
      parentNote: CHANNEL_OPTIONS_NOTES.parent,
      rows: [
        { connector: "acumatica", label: "Acumatica", channelSku: null, note: null },
        { connector: "tiktok_shop", label: "TikTok Shop", channelSku: null, note: null },
      ],
    });
    await expect(saveChannelSku(w.t.db, ctx, { productId: tee.id, channelSku: "TSHIRT-X" })).rejects.toThrow(CHANNEL_OPTIONS_NOTES.parent);

    const variant = (await bySku(ctx, "TSHIRT-BLK-M"))!;
    await saveChannelSku(w.t.db, ctx, { productId: variant.id, channelSku: "TEE-BLACK-M" });
    const v = (await getProduct(w.t.db, ctx.workspaceId, variant.id))!;
    expect(v.parent).toMatchObject({ sku: "TSHIRT" });
    expect(v.channelOptions.columnHidden).toBe(false);
    expect(v.channelOptions.rows).toEqual([
      { connector: "acumatica", label: "Acumatica", channelSku: { value: "TEE-BLACK-M" }, note: null },
      { connector: "tiktok_shop", label: "TikTok Shop", channelSku: null, note: CHANNEL_OPTIONS_NOTES.tiktokRow },
    ]);
  });
});

describe("bulk Channel SKUs from a CSV file", () => {
  it("previews each row; with any bad row (unknown SKU, parent, spaces, duplicates) nothing is applied; a clean file applies at once", async () => {
    const { ctx } = await pulledMerchant("CSV");
    await saveChannelSku(w.t.db, ctx, { sku: "CAP-NAVY", channelSku: "CAP-NVY" });
    const bad = [
      "sku,acumatica_channel_sku,name",
      "HOODIE-GRY-M,HOODIE-GREY-M,Zip hoodie", // fine
      "NOPE-1,NOPE-X,", // unknown SKU
      "TSHIRT,TSHIRT-X,", // a parent
      "MUG-WHT, MUG-W,", // a space
      "PEN-SET,PEN5,",
      "PEN-SET,PEN6,", // the SKU twice
      "PILLOW-SQ,HOODIE-GREY-M,", // the Channel SKU twice
      "TOTE-NAT,CAP-NVY,", // held by CAP-NAVY
      "CAP-NAVY,,", // clears CAP-NAVY's mapping
    ].join("\n");
    const preview = await previewChannelSkuImport(w.t.db, ctx, { csv: bad });
    expect(preview.fileError).toBeNull();
    const byLine = Object.fromEntries(preview.rows.map((r) => [r.line, r]));
    expect(byLine[2]).toMatchObject({ sku: "HOODIE-GRY-M", before: null, after: "HOODIE-GREY-M", change: "set", error: null });
    expect(byLine[3]!.error).toContain("No product has the SKU NOPE-1");
    expect(byLine[4]!.error).toBe(CHANNEL_OPTIONS_NOTES.parent);
    expect(byLine[5]!.error).toContain("starts or ends with a space");
    expect(byLine[6]!.error).toBeNull();
    expect(byLine[7]!.error).toContain("PEN-SET is listed twice (also on line 6)");
    expect(byLine[8]!.error).toContain("listed twice (also on line 2)");
    // Once CAP-NAVY's mapping is cleared by this same file, CAP-NVY is free for TOTE-NAT.
    expect(byLine[9]).toMatchObject({ change: "set", error: null });
    expect(byLine[10]).toMatchObject({ change: "clear", before: "CAP-NVY", after: null });
    expect(preview.counts).toEqual({ rows: 9, changes: 4, errors: 5 });

    await expect(applyChannelSkuImport(w.t.db, ctx, { csv: bad })).rejects.toThrow("5 rows have problems: nothing was imported");
    expect(await channelOf((await bySku(ctx, "HOODIE-GRY-M"))!.id)).toBeNull();
    expect(await channelOf((await bySku(ctx, "CAP-NAVY"))!.id)).toBe("CAP-NVY");

    const good = ["sku,acumatica_channel_sku", "HOODIE-GRY-M,HOODIE-GREY-M", "PEN-SET,PEN5", "TOTE-NAT,CAP-NVY", "CAP-NAVY,"].join("\r\n");
    expect(await applyChannelSkuImport(w.t.db, ctx, { csv: good })).toMatchObject({ applied: 4 });
    expect(await channelOf((await bySku(ctx, "HOODIE-GRY-M"))!.id)).toBe("HOODIE-GREY-M");
    expect(await channelOf((await bySku(ctx, "TOTE-NAT"))!.id)).toBe("CAP-NVY");
    expect(await channelOf((await bySku(ctx, "CAP-NAVY"))!.id)).toBeNull();

    // The export carries the mappings and imports back unchanged.
    const csv = await exportCatalogCsv(w.t.db, ctx.workspaceId);
    expect(csv.split("\r\n")[0]).toBe("sku,acumatica_channel_sku,name,parent_sku,status,source");
    expect(csv).toContain("HOODIE-GRY-M,HOODIE-GREY-M,\"Zip hoodie, grey, M\",,active,acumatica");
    expect(csv).toContain("TSHIRT-BLK-M,,\"Classic tee, Black, Medium\",TSHIRT,active,acumatica");
    const again = await previewChannelSkuImport(w.t.db, ctx, { csv });
    expect(again.counts).toMatchObject({ changes: 0, errors: 0 });
  });

  it("says what is wrong with the file itself", async () => {
    const { ctx } = await pulledMerchant("CSV file");
    expect((await previewChannelSkuImport(w.t.db, ctx, { csv: "product,sku\nA,B\n" })).fileError).toBe("The first line must name the columns sku and acumatica_channel_sku.");
    expect((await previewChannelSkuImport(w.t.db, ctx, { csv: "sku,acumatica_channel_sku\n" })).fileError).toBe("The file has no rows below its header.");
    expect((await previewChannelSkuImport(w.t.db, ctx, { csv: 'sku,acumatica_channel_sku\n"A,B\n' })).fileError).toContain("not closed");
  });
});
