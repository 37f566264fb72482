import { and, eq, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { productChannelSkus, productListings, products } from "@/lib/db/schema";

/** Why an Acumatica item's stock is left out of the hub (the `inventory_skips.reason` values). */
export const SKIP_REASONS = {
  excluded: "Listed in Exclude inventory items with specific SKUs",
  not_in_catalog: "No hub product has this SKU (pull the catalog, or map it as a Channel SKU)",
  unmatched: "Process only inventory items with matched SKUs is on and no TikTok Shop SKU matches it",
  no_location: "None of its warehouses is a hub location",
} as const;
export type SkipReason = keyof typeof SKIP_REASONS;

export interface CatalogIndex {
  /** The hub product an Acumatica InventoryID belongs to (Step 5: its Acumatica Channel SKU, else the master SKU). */
  resolve(inventoryId: string): { productId: string; sku: string } | null;
  /** The InventoryID a product is in Acumatica. */
  inventoryIdOf(productId: string): string | null;
  /** Products with a TikTok Shop SKU linked in any shop. */
  matched: Set<string>;
  /** Stock products in the catalog. */
  size: number;
}

/**
 * The whole catalog's SKU map, read once per run (20,000 products are a few MB): each Acumatica item is resolved
 * in memory rather than by one query per page.
 */
export async function loadCatalogIndex(db: DbOrTx, workspaceId: string): Promise<CatalogIndex> {
  const rows = await db.select({ id: products.id, sku: products.sku, isTemplate: products.isTemplate }).from(products).where(eq(products.workspaceId, workspaceId));
  const channel = await db
    .select({ productId: productChannelSkus.productId, channelSku: productChannelSkus.channelSku })
    .from(productChannelSkus)
    .where(and(eq(productChannelSkus.workspaceId, workspaceId), eq(productChannelSkus.connector, "acumatica")));
  const listed = await db
    .select({ productId: productListings.productId })
    .from(productListings)
    .where(and(eq(productListings.workspaceId, workspaceId), isNotNull(productListings.tiktokSkuId)));
  const skuOf = new Map(rows.filter((r) => !r.isTemplate).map((r) => [r.id, r.sku]));
  const bySku = new Map(rows.filter((r) => !r.isTemplate).map((r) => [r.sku, r.id]));
  const channelOf = new Map(channel.map((c) => [c.productId, c.channelSku]));
  const byChannel = new Map(channel.map((c) => [c.channelSku, c.productId]));
  return {
    resolve(inventoryId) {
      const viaChannel = byChannel.get(inventoryId);
      if (viaChannel && skuOf.has(viaChannel)) return { productId: viaChannel, sku: skuOf.get(viaChannel)! };
      const namesake = bySku.get(inventoryId);
      if (!namesake) return null;
      const other = channelOf.get(namesake);
      if (other && other !== inventoryId) return null;
      return { productId: namesake, sku: inventoryId };
    },
    inventoryIdOf(productId) {
      return channelOf.get(productId) ?? skuOf.get(productId) ?? null;
    },
    matched: new Set(listed.map((l) => l.productId)),
    size: skuOf.size,
  };
}

/**
 * Whether an item's stock is in scope, by the Step 8 settings: "Exclude inventory items with specific SKUs" is
 * exact (case and spaces matter) and applies to the Acumatica InventoryID and the hub's master SKU alike.
 */
export function scopeOf(
  index: CatalogIndex,
  settings: { matchedSkusOnly: boolean; excludedSkus: readonly string[] },
  excluded: ReadonlySet<string>,
  inventoryId: string,
): { productId: string; sku: string } | { skip: SkipReason; productId?: string; sku?: string } {
  if (excluded.has(inventoryId)) return { skip: "excluded" };
  const product = index.resolve(inventoryId);
  if (!product) return { skip: "not_in_catalog" };
  if (excluded.has(product.sku)) return { skip: "excluded" };
  if (settings.matchedSkusOnly && !index.matched.has(product.productId)) return { skip: "unmatched", ...product };
  return product;
}
