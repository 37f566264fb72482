import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestContext } from "@/lib/auth/context-types";
import { connections, productListings, products, syncExceptions } from "@/lib/db/schema";
import { callOperator } from "@/lib/connectors/acumatica/sandbox/testing";
import { operate, shopFixture } from "@/lib/connectors/tiktok-shop/sandbox/testing";
import { updateTikTokShopToggles } from "@/lib/connections/tiktok-connect";
import { PRODUCT_PUSH_REGION_NOTE } from "@/lib/connections/tiktok-schemas";
import { saveOrderSettingsSection } from "@/lib/order-settings/service";
import { listShopListings } from "@/lib/products/queries";
import { pushListingsNow, saveListingDefaults } from "@/lib/products/service";
import { pullProducts } from "@/lib/sync/acumatica/pull-products";
import type { EngineWorld } from "@/lib/testing/engine-world";
import { drainQueues, startEngineWorld } from "@/lib/testing/engine-world";
import { listingIdempotencyKey } from "./listing-content";
import { planListings, pushListing } from "./push-products";

/**
 * Products → TikTok Shop, US and UK shops only: listings created from the hub
 * catalog with a stable idempotency_key per product × shop (looked up by
 * seller SKU first), updated when their content changes, and refused for any
 * other region — by the server whatever the stored toggle says.
 */
let w: EngineWorld;
beforeAll(async () => {
  w = await startEngineWorld();
}, 120_000);
afterAll(() => w?.close());

interface SandboxProduct {
  id: string;
  shopId: string;
  title: string;
  idempotencyKey?: string;
  skus: Array<{ id: string; sellerSku: string; price: string; inventory: Record<string, number> }>;
}
const tiktokProducts = async (shop: "US" | "UK" | "DE") =>
  (await operate<{ products: SandboxProduct[] }>(w.tiktok, "GET", `/products?shop_id=${shopFixture(shop).id}&created_by_api=true`)).products;
const listingOf = async (productId: string, connectionId: string) =>
  (await w.t.db.select().from(productListings).where(and(eq(productListings.productId, productId), eq(productListings.connectionId, connectionId))))[0];
const bySku = async (ctx: RequestContext, sku: string) => (await w.t.db.select().from(products).where(and(eq(products.workspaceId, ctx.workspaceId), eq(products.sku, sku))))[0]!;

async function shopWithCatalog(name: string, shops: Array<"US" | "UK" | "DE">) {
  await callOperator(w.acumatica, "POST", "/reset");
  await operate(w.tiktok, "POST", "/reset");
  const m = await w.merchant(name, shops);
  await saveOrderSettingsSection(w.t.db, m.ctx, "catalog", { pullProducts: true });
  await pullProducts(w.deps(), { workspaceId: m.ctx.workspaceId });
  return m;
}
const pushOn = (ctx: RequestContext, connectionId: string) => updateTikTokShopToggles(w.t.db, ctx, { connectionId, pullOrders: true, pushFulfillments: true, pushProducts: true });

describe("a US shop with Push products on", () => {
  it("creates the listings TikTok does not have (stable idempotency key), links those the seller listed, leaves inactive items out", async () => {
    const { ctx, shops } = await shopWithCatalog("Push US", ["US"]);
    const us = shops.US!;
    await pushOn(ctx, us);
    await saveListingDefaults(w.t.db, ctx, { connectionId: us, categoryId: "600942" });
    await drainQueues(w.t.db);

    const lamp = await bySku(ctx, "LAMP-DESK");
    const created = (await tiktokProducts("US")).find((p) => p.skus.some((s) => s.sellerSku === "LAMP-DESK"))!;
    expect(created).toMatchObject({ title: "LED desk lamp", idempotencyKey: listingIdempotencyKey(lamp.id, us) });
    expect(created.skus).toMatchObject([{ sellerSku: "LAMP-DESK", price: "45.00" }]);
    expect(await listingOf(lamp.id, us)).toMatchObject({ status: "listed", tiktokProductId: created.id, tiktokSkuId: created.skus[0]!.id, lastError: null });

    // Already on TikTok (seeded listings): linked, not created again.
    const mug = await bySku(ctx, "MUG-WHT");
    expect(await listingOf(mug.id, us)).toMatchObject({ status: "linked", tiktokProductId: expect.stringMatching(/^\d+$/) });
    const tee = await bySku(ctx, "TSHIRT");
    expect(await listingOf(tee.id, us)).toMatchObject({ status: "linked" });
    expect(await listingOf((await bySku(ctx, "TSHIRT-RED-L")).id, us)).toMatchObject({ status: "linked", tiktokSkuId: expect.stringMatching(/^\d+$/) });
    expect((await tiktokProducts("US")).flatMap((p) => p.skus.map((s) => s.sellerSku))).not.toContain("MUG-WHT");
    // Unsellable items are not listed.
    expect(await listingOf((await bySku(ctx, "MUG-WHT-V1")).id, us)).toBeUndefined();
    expect(await listingOf((await bySku(ctx, "GIFTBOX")).id, us)).toBeUndefined();

    // Planned again: nothing is due.
    expect(await planListings(w.deps(), { workspaceId: ctx.workspaceId, connectionId: us })).toEqual({ queued: 0 });
    const count = (await tiktokProducts("US")).length;

    // A price change in Acumatica reaches the listing OrderBridge created (Partial Edit), keeping its SKU id.
    await callOperator(w.acumatica, "POST", "/items", { InventoryID: "LAMP-DESK", DefaultPrice: 49.5 });
    await pullProducts(w.deps(), { workspaceId: ctx.workspaceId });
    await drainQueues(w.t.db);
    const edited = (await tiktokProducts("US")).find((p) => p.id === created.id)!;
    expect(edited.skus).toMatchObject([{ id: created.skus[0]!.id, sellerSku: "LAMP-DESK", price: "49.50" }]);
    expect(await tiktokProducts("US")).toHaveLength(count);
    const [summary] = await listShopListings(w.t.db, ctx.workspaceId);
    expect(summary).toMatchObject({ allowed: true, refusal: null, pushProducts: true, categoryId: "600942" });
    expect(summary!.counts.listed).toBeGreaterThan(0);
    expect(summary!.counts.linked).toBeGreaterThan(0);
  });

  it("a create whose answer was lost is not made twice: resent with the same idempotency_key, or found by its seller SKU", async () => {
    const { ctx, shops } = await shopWithCatalog("Lost answer", ["US"]);
    const us = shops.US!;
    await pushOn(ctx, us);
    await w.t.db.update(connections).set({ settings: { ...(await w.t.db.select().from(connections).where(eq(connections.id, us)))[0]!.settings, listingCategoryId: "600942" } }).where(eq(connections.id, us));
    const withSku = async (sku: string) => (await tiktokProducts("US")).filter((p) => p.skus.some((s) => s.sellerSku === sku));

    // One lost answer: the client resends at once, with the same key, and TikTok answers with the first product.
    const candle = await bySku(ctx, "CANDLE-LAV");
    await operate(w.tiktok, "POST", "/faults", { kind: "drop_response", path_contains: "/product/202309/products" });
    expect(await pushListing(w.deps(), { workspaceId: ctx.workspaceId, connectionId: us, productId: candle.id })).toMatchObject({ kind: "created" });
    expect(await withSku("CANDLE-LAV")).toHaveLength(1);

    // Every answer lost until the job gives up: the next attempt finds the product and records it as this create's.
    const pillow = await bySku(ctx, "PILLOW-SQ");
    await operate(w.tiktok, "POST", "/faults", { kind: "drop_response", count: 0, path_contains: "/product/202309/products" });
    await expect(pushListing(w.deps(), { workspaceId: ctx.workspaceId, connectionId: us, productId: pillow.id })).rejects.toThrow();
    expect(await listingOf(pillow.id, us)).toMatchObject({ status: "pending" });
    await operate(w.tiktok, "DELETE", "/faults");
    expect(await pushListing(w.deps(), { workspaceId: ctx.workspaceId, connectionId: us, productId: pillow.id })).toMatchObject({ kind: "created" });
    expect(await withSku("PILLOW-SQ")).toHaveLength(1);
    expect(await listingOf(pillow.id, us)).toMatchObject({ status: "listed" });
  });

  it("a listing TikTok cannot take is recorded with the reason and an exception; fixing the setting lists it", async () => {
    const { ctx, shops } = await shopWithCatalog("No category", ["US"]);
    const us = shops.US!;
    await pushOn(ctx, us);
    const yoga = await bySku(ctx, "BAND-SET");
    expect(await pushListing(w.deps(), { workspaceId: ctx.workspaceId, connectionId: us, productId: yoga.id })).toMatchObject({ kind: "failed", reason: expect.stringContaining("Set the TikTok category") });
    const [e] = await w.t.db.select().from(syncExceptions).where(and(eq(syncExceptions.workspaceId, ctx.workspaceId), eq(syncExceptions.entityId, yoga.id), eq(syncExceptions.status, "open")));
    expect(e).toMatchObject({ cause: "listing_refused", subject: `${us}|BAND-SET`, fixPath: "/products?sku=BAND-SET#tiktok-listings" });
    await saveListingDefaults(w.t.db, ctx, { connectionId: us, categoryId: "603014" });
    await drainQueues(w.t.db);
    expect(await listingOf(yoga.id, us)).toMatchObject({ status: "listed", lastError: null });
    expect((await w.t.db.select().from(syncExceptions).where(eq(syncExceptions.id, e!.id)))[0]!.status).toBe("closed");
  });
});

describe("UK and elsewhere", () => {
  it("a UK listing is sent in kilograms and GBP", async () => {
    const { ctx, shops } = await shopWithCatalog("Push UK", ["UK"]);
    const uk = shops.UK!;
    await pushOn(ctx, uk);
    await saveListingDefaults(w.t.db, ctx, { connectionId: uk, categoryId: "600942" });
    const lamp = await bySku(ctx, "LAMP-DESK");
    expect(await pushListing(w.deps(), { workspaceId: ctx.workspaceId, connectionId: uk, productId: lamp.id })).toMatchObject({ kind: "created" });
    const [logged] = (await operate<{ requests: Array<{ body?: string; path: string }> }>(w.tiktok, "GET", "/requests?path_contains=/product/202309/products")).requests.filter((r) => r.path === "/product/202309/products").slice(-1);
    expect(JSON.parse(logged!.body ?? "{}")).toMatchObject({ package_weight: { unit: "KILOGRAM", value: "0.816" }, skus: [{ price: { currency: "GBP", amount: "45.00" } }] });
  });

  it("a German shop is refused with the setup guide's sentence, whatever its stored toggle says, and nothing reaches TikTok", async () => {
    const { ctx, shops } = await shopWithCatalog("Push DE", ["DE"]);
    const de = shops.DE!;
    await expect(pushOn(ctx, de)).rejects.toThrow(PRODUCT_PUSH_REGION_NOTE);
    await expect(pushListingsNow(w.t.db, ctx, { connectionId: de })).rejects.toThrow(PRODUCT_PUSH_REGION_NOTE);
    await expect(saveListingDefaults(w.t.db, ctx, { connectionId: de, categoryId: "600942" })).rejects.toThrow(PRODUCT_PUSH_REGION_NOTE);
    // Settings written behind the app's back (or an old row): the push itself still refuses.
    const [row] = await w.t.db.select().from(connections).where(eq(connections.id, de));
    await w.t.db.update(connections).set({ settings: { ...row!.settings, pushProducts: true, listingCategoryId: "600942" } }).where(eq(connections.id, de));
    const lamp = await bySku(ctx, "LAMP-DESK");
    expect(await pushListing(w.deps(), { workspaceId: ctx.workspaceId, connectionId: de, productId: lamp.id })).toEqual({ kind: "refused", reason: PRODUCT_PUSH_REGION_NOTE });
    expect(await listingOf(lamp.id, de)).toMatchObject({ status: "refused", lastError: PRODUCT_PUSH_REGION_NOTE });
    expect(await planListings(w.deps(), { workspaceId: ctx.workspaceId, connectionId: de })).toEqual({ skipped: PRODUCT_PUSH_REGION_NOTE });
    expect((await operate<{ requests: unknown[] }>(w.tiktok, "GET", "/requests?path_contains=/product/202309/products")).requests).toHaveLength(0);
    const [summary] = await listShopListings(w.t.db, ctx.workspaceId);
    expect(summary).toMatchObject({ allowed: false, refusal: PRODUCT_PUSH_REGION_NOTE });
  });
});
