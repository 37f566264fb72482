import { and, asc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections, inventoryLevels, locationChannelWarehouses, productListings, products } from "@/lib/db/schema";
import { TikTokShopError } from "@/lib/connectors/tiktok-shop/errors";
import { getTikTokShopClient } from "@/lib/connections/clients";
import { tiktokShopSettingsSchema } from "@/lib/connections/stored-settings";
import { PRODUCT_PUSH_REGION_NOTE, productPushAllowed } from "@/lib/connections/tiktok-schemas";
import { AppError } from "@/lib/errors";
import type { JobTx } from "@/lib/jobs/transaction";
import { syncProblems } from "@/lib/sync/exceptions/service";
import { JOBS } from "@/lib/sync/jobs/catalog";
import type { ListingProduct } from "./listing-content";
import { contentHash, currencyOf, listingContent, listingIdempotencyKey } from "./listing-content";

/**
 * Products → TikTok Shop ("Push products", US and UK shops only): each hub
 * product (a matrix template with its variants as SKUs) becomes one TikTok
 * listing per shop. Before a create, the shop is searched by seller SKU: a
 * product already there is linked (its content stays the seller's); otherwise
 * Create Product goes out with a stable idempotency_key per product × shop, so
 * a resent create returns the first one. Listings OrderBridge created are
 * updated (Partial Edit Product) when their content hash changes. Ids, status,
 * hash and the last error live in `product_listings`.
 */
export type ListingStatus = "pending" | "listed" | "linked" | "failed" | "refused";

export type ListingOutcome =
  | { kind: "created" | "linked" | "updated"; tiktokProductId: string }
  | { kind: "unchanged" | "skipped"; reason: string }
  | { kind: "failed" | "refused"; reason: string };

export interface ListingDeps {
  db: Db;
  transaction<T>(fn: (tx: JobTx) => Promise<T>): Promise<T>;
}

type ProductRow = typeof products.$inferSelect;

const asListing = (p: ProductRow): ListingProduct => ({
  id: p.id,
  sku: p.sku,
  name: p.name,
  description: p.description,
  active: p.active,
  price: p.price,
  weight: p.weight,
  weightUnit: p.weightUnit,
  attributes: p.attributes,
});

/** The shop, if product push may run there: connected, Push products on, US or UK. */
type Shop = { row: typeof connections.$inferSelect; settings: ReturnType<typeof tiktokShopSettingsSchema.parse>; region: string; allowed: boolean };

async function loadShop(db: Db, workspaceId: string, connectionId: string): Promise<Shop | { error: string }> {
  const [row] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.workspaceId, workspaceId), eq(connections.id, connectionId), eq(connections.provider, "tiktok_shop")));
  if (!row) return { error: "That TikTok shop is not in this workspace." };
  const parsed = tiktokShopSettingsSchema.safeParse(row.settings);
  const settings = parsed.success ? parsed.data : tiktokShopSettingsSchema.parse({});
  const region = (settings.region ?? "").toUpperCase();
  return { row, settings, region, allowed: productPushAllowed(region) };
}

/** Refuses product push for a shop outside the US and the UK, with the setup guide's sentence. */
export function assertProductPushRegion(region: string | undefined): void {
  if (!productPushAllowed(region)) throw new AppError("validation", PRODUCT_PUSH_REGION_NOTE, { connectionId: [PRODUCT_PUSH_REGION_NOTE] }, "Connectors → TikTok Shop");
}

async function familyOf(db: Db, workspaceId: string, productId: string): Promise<{ product: ProductRow; variants: ProductRow[] | null } | null> {
  const [product] = await db.select().from(products).where(and(eq(products.workspaceId, workspaceId), eq(products.id, productId)));
  if (!product) return null;
  const children = await db.select().from(products).where(and(eq(products.workspaceId, workspaceId), eq(products.parentId, productId))).orderBy(asc(products.sku));
  return { product, variants: product.isTemplate || children.length > 0 ? children : null };
}

/**
 * Plans one shop: queues the products whose listing is missing, pending, or
 * out of date (content hash), and with `retryFailed` the failed ones.
 */
export async function planListings(deps: ListingDeps, p: { workspaceId: string; connectionId: string; retryFailed?: boolean }): Promise<{ queued: number } | { skipped: string }> {
  const shop = await loadShop(deps.db, p.workspaceId, p.connectionId);
  if ("error" in shop) return { skipped: shop.error };
  if (!shop.allowed) return { skipped: PRODUCT_PUSH_REGION_NOTE };
  if (shop.row.status !== "connected") return { skipped: "The shop is not connected." };
  if (!shop.settings.pushProducts) return { skipped: "Push products is off for this shop." };
  let queued = 0;
  let after = "";
  for (;;) {
    const page = await deps.db
      .select()
      .from(products)
      .where(and(eq(products.workspaceId, p.workspaceId), isNull(products.parentId), after ? gt(products.id, after) : undefined))
      .orderBy(asc(products.id))
      .limit(500);
    if (page.length === 0) break;
    after = page.at(-1)!.id;
    const ids = page.map((r) => r.id);
    const [children, listings] = await Promise.all([
      deps.db.select().from(products).where(and(eq(products.workspaceId, p.workspaceId), inArray(products.parentId, ids))).orderBy(asc(products.sku)),
      deps.db.select().from(productListings).where(and(eq(productListings.connectionId, p.connectionId), inArray(productListings.productId, ids))),
    ]);
    const due: string[] = [];
    for (const product of page) {
      const kids = children.filter((c) => c.parentId === product.id);
      const variants = product.isTemplate || kids.length > 0 ? kids : null;
      const listing = listings.find((l) => l.productId === product.id);
      const live = variants ? variants.some((v) => v.active) : product.active;
      if (!listing) {
        if (live) due.push(product.id);
        continue;
      }
      if (listing.status === "linked" || listing.status === "refused") continue;
      const hash = contentHash(listingContent(asListing(product), variants?.map(asListing) ?? null, shop.region));
      if (listing.status === "pending" || (listing.status === "listed" && hash !== listing.contentHash) || (listing.status === "failed" && (p.retryFailed || hash !== listing.contentHash))) due.push(product.id);
    }
    if (due.length) {
      await deps.transaction(async (tx) => {
        for (const productId of due) {
          if (await tx.enqueue(JOBS.pushProduct, { workspaceId: p.workspaceId, connectionId: p.connectionId, productId }, { singletonKey: `${p.connectionId}:${productId}` })) queued++;
        }
      });
    }
  }
  return { queued };
}

/** Stock to list a new SKU with: what the hub holds at the locations mapped to that TikTok warehouse (0 when none are). */
async function startingStock(db: Db, workspaceId: string, connectionId: string, warehouseId: string, productIds: string[]): Promise<Map<string, number>> {
  const rows = await db
    .select({ productId: inventoryLevels.productId, available: sql<number>`sum(${inventoryLevels.available})::int` })
    .from(inventoryLevels)
    .innerJoin(locationChannelWarehouses, eq(locationChannelWarehouses.locationId, inventoryLevels.locationId))
    .where(
      and(
        eq(inventoryLevels.workspaceId, workspaceId),
        inArray(inventoryLevels.productId, productIds),
        eq(locationChannelWarehouses.connectionId, connectionId),
        eq(locationChannelWarehouses.tiktokWarehouseId, warehouseId),
      ),
    )
    .groupBy(inventoryLevels.productId);
  return new Map(rows.map((r) => [r.productId, Math.max(0, Math.min(99_999, r.available))]));
}

async function record(
  db: Db | JobTx["db"],
  workspaceId: string,
  connectionId: string,
  rows: Array<{ productId: string; tiktokProductId?: string | null; tiktokSkuId?: string | null; status: ListingStatus; contentHash?: string | null; lastError?: string | null }>,
) {
  for (const r of rows) {
    const set = {
      status: r.status,
      lastError: r.lastError ?? null,
      updatedAt: sql`now()`,
      ...(r.tiktokProductId !== undefined ? { tiktokProductId: r.tiktokProductId } : {}),
      ...(r.tiktokSkuId !== undefined ? { tiktokSkuId: r.tiktokSkuId } : {}),
      ...(r.contentHash !== undefined ? { contentHash: r.contentHash } : {}),
    };
    await db
      .insert(productListings)
      .values({ workspaceId, productId: r.productId, connectionId, ...set })
      .onConflictDoUpdate({ target: [productListings.productId, productListings.connectionId], set });
  }
}

const listingEntity = (workspaceId: string, productId: string) => ({ workspaceId, entityType: "product" as const, entityId: productId, orderId: null });

/**
 * Creates, links or updates the listing of one product in one shop. A
 * refusal (region, content TikTok rejects, a missing setting) is recorded on
 * the listing and as an exception; 429, 5xx and network errors are thrown (the
 * job retries; a resent create carries the same idempotency_key).
 */
export async function pushListing(deps: ListingDeps, p: { workspaceId: string; connectionId: string; productId: string }): Promise<ListingOutcome> {
  const shop = await loadShop(deps.db, p.workspaceId, p.connectionId);
  if ("error" in shop) return { kind: "skipped", reason: shop.error };
  const family = await familyOf(deps.db, p.workspaceId, p.productId);
  if (!family) return { kind: "skipped", reason: "The product is no longer in the catalog." };
  const { product, variants } = family;
  if (product.parentId) return { kind: "skipped", reason: "A variant is listed with its parent." };
  const [listing] = await deps.db.select().from(productListings).where(and(eq(productListings.productId, product.id), eq(productListings.connectionId, p.connectionId)));
  const fail = async (status: "failed" | "refused", reason: string, hash: string | null): Promise<ListingOutcome> => {
    await deps.transaction(async (tx) => {
      await record(tx.db, p.workspaceId, p.connectionId, [{ productId: product.id, status, lastError: reason, contentHash: hash }]);
      await syncProblems(tx.db, listingEntity(p.workspaceId, product.id), [{ cause: "listing_refused", subject: `${p.connectionId}|${product.sku}`, message: `${shop.row.displayName || "TikTok Shop"}: ${product.sku} was not listed. ${reason}` }], "superseded", ["listing_refused"]);
    });
    return { kind: status, reason };
  };
  // The server's own check: whatever the stored toggle says, no product goes to a shop outside the US and the UK.
  if (!shop.allowed) return fail("refused", PRODUCT_PUSH_REGION_NOTE, null);
  if (shop.row.status !== "connected") return { kind: "skipped", reason: "The shop is not connected." };
  if (!shop.settings.pushProducts) return { kind: "skipped", reason: "Push products is off for this shop." };
  if (listing?.status === "linked") return { kind: "unchanged", reason: "Listed in TikTok Shop by the seller: linked, its content left alone." };

  const built = listingContent(asListing(product), variants?.map(asListing) ?? null, shop.region);
  const hash = contentHash(built);
  if ("error" in built) return fail("failed", built.error, hash);
  const content = built.content;
  if (listing?.status === "listed" && listing.contentHash === hash) return { kind: "unchanged", reason: "The listing is up to date." };

  const client = await getTikTokShopClient(deps.db, p.workspaceId, p.connectionId);
  const currency = currencyOf(shop.region);
  const unitRows = (productId: string, skuIds: Map<string, string>) =>
    content.skus.map((s) => ({ productId: s.productId, tiktokProductId: productId, tiktokSkuId: skuIds.get(s.sellerSku) ?? null }));
  const done = async (kind: "created" | "linked" | "updated", tiktokProductId: string, skuIds: Map<string, string>): Promise<ListingOutcome> => {
    const status: ListingStatus = kind === "linked" ? "linked" : "listed";
    await deps.transaction(async (tx) => {
      const parentRow = { productId: product.id, tiktokProductId, tiktokSkuId: variants ? null : (skuIds.get(product.sku) ?? null), status, contentHash: kind === "linked" ? null : hash, lastError: null };
      await record(tx.db, p.workspaceId, p.connectionId, [parentRow, ...(variants ? unitRows(tiktokProductId, skuIds).map((r) => ({ ...r, status })) : [])]);
      await syncProblems(tx.db, listingEntity(p.workspaceId, product.id), [], `fixed: ${kind} on TikTok Shop`, ["listing_refused"]);
    });
    return { kind, tiktokProductId };
  };

  try {
    if (listing?.tiktokProductId) {
      // Ours: bring TikTok's copy up to date, keeping each SKU's id and stock (the inventory sync owns quantities).
      const current = await client.getProduct(listing.tiktokProductId);
      const bySeller = new Map(current.skus.map((s) => [s.seller_sku, s]));
      const fallbackWarehouse = current.skus[0]?.inventory[0]?.warehouse_id;
      const edited = await client.partialEditProduct(listing.tiktokProductId, {
        title: content.title,
        description: content.description,
        packageWeight: content.packageWeight,
        skus: content.skus.map((s) => {
          const existing = bySeller.get(s.sellerSku);
          const inventory = existing?.inventory.length ? existing.inventory.map((i) => ({ warehouseId: i.warehouse_id, quantity: i.quantity })) : fallbackWarehouse ? [{ warehouseId: fallbackWarehouse, quantity: 0 }] : [];
          return { ...(existing ? { id: existing.id } : {}), sellerSku: s.sellerSku, price: { amount: s.price, currency }, inventory, salesAttributes: s.salesAttributes };
        }),
      });
      return done("updated", edited.product_id, new Map(edited.skus.map((s) => [s.seller_sku, s.id])));
    }
    // Looked up before it is created: the seller may list it already, or an earlier create's answer was lost.
    const found = await client.findSkusBySellerSku(content.skus.map((s) => s.sellerSku));
    const existing = [...found.values()][0];
    if (existing) {
      const skuIds = new Map([...found.values()].filter((f) => f.productId === existing.productId).map((f) => [f.sellerSku, f.skuId]));
      // Pending = a create of ours was sent and its answer lost: the product found is that one. Otherwise the seller listed it.
      return done(listing?.status === "pending" ? "created" : "linked", existing.productId, skuIds);
    }
    const categoryId = shop.settings.listingCategoryId;
    if (!categoryId) return fail("failed", "Set the TikTok category for new listings of this shop (Products → TikTok Shop listings).", hash);
    const warehouses = await client.getWarehouses();
    const warehouse = warehouses.find((w) => w.is_default && w.type === "SALES_WAREHOUSE") ?? warehouses.find((w) => w.type === "SALES_WAREHOUSE") ?? warehouses[0];
    if (!warehouse) return fail("failed", "The shop has no sales warehouse in TikTok Shop.", hash);
    const stock = await startingStock(deps.db, p.workspaceId, p.connectionId, warehouse.id, content.skus.map((s) => s.productId));
    // Committed before the send: if its answer is lost, the next attempt knows the product it finds is this create's.
    await record(deps.db, p.workspaceId, p.connectionId, [{ productId: product.id, status: "pending", contentHash: hash, lastError: null }]);
    const created = await client.createProduct({
      title: content.title,
      description: content.description,
      categoryId,
      packageWeight: content.packageWeight,
      idempotencyKey: listingIdempotencyKey(product.id, p.connectionId),
      skus: content.skus.map((s) => ({
        sellerSku: s.sellerSku,
        price: { amount: s.price, currency },
        inventory: [{ warehouseId: warehouse.id, quantity: stock.get(s.productId) ?? 0 }],
        salesAttributes: s.salesAttributes.length ? s.salesAttributes : undefined,
      })),
    });
    return done("created", created.product_id, new Map(created.skus.map((s) => [s.seller_sku, s.id])));
  } catch (err) {
    if (err instanceof TikTokShopError && !err.retryable) return fail(err.kind === "region_not_supported" ? "refused" : "failed", `TikTok Shop answered: ${err.message}`, hash);
    throw err;
  }
}

/** Queues one product's listing to be sent again even if its content looks unchanged — "Push now" on the product page. */
export async function queueListing(tx: JobTx, p: { workspaceId: string; connectionId: string; productId: string }) {
  await tx.db
    .update(productListings)
    .set({ contentHash: null, updatedAt: sql`now()` })
    .where(and(eq(productListings.productId, p.productId), eq(productListings.connectionId, p.connectionId), inArray(productListings.status, ["failed", "listed"])));
  await tx.enqueue(JOBS.pushProduct, p, { singletonKey: `${p.connectionId}:${p.productId}` });
}
