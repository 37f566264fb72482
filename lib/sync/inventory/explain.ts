import { and, eq, inArray, like } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections, inventoryLevels, inventorySkips, inventoryTiktokPushes, locationChannelWarehouses, locations, productListings, products, syncExceptions } from "@/lib/db/schema";
import { parseStoredSettings, tiktokShopSettingsSchema } from "@/lib/connections/stored-settings";
import { LABELS } from "@/lib/order-settings/schemas";
import type { Reason } from "@/lib/sync/acumatica/explain";
import { loadSettings } from "@/lib/sync/acumatica/context";
import { fixOf } from "@/lib/sync/exceptions/causes";
import type { Cause } from "@/lib/sync/exceptions/causes";
import { SKIP_REASONS } from "./scope";

const SETTINGS = { path: "/connectors/acumatica#catalog", label: "Open the inventory settings" };

export interface InventoryExplanation {
  sku: string;
  /** One sentence: where the SKU's stock stands. */
  summary: string;
  reasons: Reason[];
  levels: Array<{ location: string; available: number; onHand: number; source: string; updatedAt: Date; pushedToTiktokAt: Date | null; pushedToErpAt: Date | null }>;
}

/**
 * "Why isn't this SKU's stock where I expect it?": the settings that stop it, why the last pull left it out, its
 * levels, and per shop whether it is sent (Push inventory, mapped warehouses, a TikTok SKU, refusals).
 */
export async function explainInventory(db: Db, workspaceId: string, sku: string): Promise<InventoryExplanation> {
  const settings = (await loadSettings(db, workspaceId)).catalog;
  const reasons: Reason[] = [];
  if (settings.inventory === "off") reasons.push({ code: "inventory_off", message: `${LABELS.inventory} is off: no stock moves.`, fix: SETTINGS });
  if (settings.excludedSkus.includes(sku)) reasons.push({ code: "excluded", message: `${sku} is listed in ${LABELS.excludedSkus}.`, fix: SETTINGS });
  const [skip] = await db.select().from(inventorySkips).where(and(eq(inventorySkips.workspaceId, workspaceId), eq(inventorySkips.sku, sku)));
  if (skip) reasons.push({ code: `skipped_${skip.reason}`, message: `The last inventory pull left ${sku} out: ${skip.detail}.`, fix: skip.reason === "no_location" ? { path: "/locations", label: "Review the locations" } : SETTINGS });
  const [product] = await db.select().from(products).where(and(eq(products.workspaceId, workspaceId), eq(products.sku, sku)));
  if (!product) {
    reasons.push({ code: "no_product", message: `No product has master SKU ${sku}.`, fix: { path: `/products?sku=${encodeURIComponent(sku)}`, label: "Open Products" } });
    return { sku, summary: `${sku} is not in the catalog.`, reasons, levels: [] };
  }
  const levels = await db
    .select({ level: inventoryLevels, code: locations.code, locationId: locations.id })
    .from(inventoryLevels)
    .innerJoin(locations, eq(locations.id, inventoryLevels.locationId))
    .where(and(eq(inventoryLevels.workspaceId, workspaceId), eq(inventoryLevels.productId, product.id)));
  if (!levels.length) reasons.push({ code: "no_levels", message: `${sku} has no stock level yet.` });

  const shops = await db
    .select({ id: connections.id, settings: connections.settings, status: connections.status })
    .from(connections)
    .where(and(eq(connections.workspaceId, workspaceId), eq(connections.provider, "tiktok_shop")));
  for (const shop of shops) {
    const s = parseStoredSettings(tiktokShopSettingsSchema, shop.settings, "Connectors → TikTok Shop");
    const name = s.shopName ?? "a TikTok shop";
    if (shop.status !== "connected") continue;
    if (!s.pushInventory) {
      reasons.push({ code: "push_inventory_off", message: `Push inventory is off for ${name}.`, fix: { path: "/connectors/tiktok-shop", label: "Turn on Push inventory" } });
      continue;
    }
    const maps = await db.select().from(locationChannelWarehouses).where(eq(locationChannelWarehouses.connectionId, shop.id));
    const fed = maps.filter((m) => m.locationId && levels.some((l) => l.locationId === m.locationId));
    for (const m of maps.filter((x) => !x.locationId)) {
      reasons.push({ code: "warehouse_unmapped", message: `TikTok warehouse ${m.tiktokWarehouseName || m.tiktokWarehouseId} of ${name} is not mapped to a location.`, fix: fixOf("tiktok_warehouse_unmapped", m.tiktokWarehouseId, null) });
    }
    if (levels.length && !fed.length) reasons.push({ code: "no_mapped_location", message: `None of ${sku}'s locations is mapped to a TikTok warehouse of ${name}.`, fix: { path: "/locations", label: "Map the TikTok warehouses" } });
    const [listing] = await db.select().from(productListings).where(and(eq(productListings.productId, product.id), eq(productListings.connectionId, shop.id)));
    const pushes = fed.length
      ? await db.select().from(inventoryTiktokPushes).where(and(eq(inventoryTiktokPushes.connectionId, shop.id), eq(inventoryTiktokPushes.productId, product.id), inArray(inventoryTiktokPushes.tiktokWarehouseId, fed.map((f) => f.tiktokWarehouseId))))
      : [];
    if (!listing?.tiktokSkuId && pushes.length) reasons.push({ code: "not_on_tiktok", message: `${name} has no TikTok SKU with seller SKU ${sku} (exactly, case and spaces included).` });
  }
  const refusals = await db
    .select()
    .from(syncExceptions)
    .where(and(eq(syncExceptions.workspaceId, workspaceId), eq(syncExceptions.entityId, product.id), eq(syncExceptions.status, "open"), like(syncExceptions.cause, "inventory_%")));
  for (const e of refusals) reasons.push({ code: e.cause, message: e.message, fix: fixOf(e.cause as Cause, e.subject, null) });
  const summary = reasons.length ? `${sku}: ${reasons[0]!.message}` : `${sku}'s stock is in sync.`;
  return {
    sku,
    summary,
    reasons,
    levels: levels.map((l) => ({
      location: l.code,
      available: l.level.available,
      onHand: l.level.onHand,
      source: l.level.source,
      updatedAt: l.level.updatedAt,
      pushedToTiktokAt: l.level.pushedToTiktokAt,
      pushedToErpAt: l.level.pushedToErpAt,
    })),
  };
}

export { SKIP_REASONS };
