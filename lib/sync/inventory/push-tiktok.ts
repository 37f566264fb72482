import { and, eq, inArray, isNotNull, notInArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/lib/db/client";
import { connections, inventoryLevels, inventoryTiktokPushes, locationChannelWarehouses, productListings, products } from "@/lib/db/schema";
import { TikTokShopError } from "@/lib/connectors/tiktok-shop/errors";
import { getTikTokShopClient } from "@/lib/connections/clients";
import { parseStoredSettings, tiktokShopSettingsSchema } from "@/lib/connections/stored-settings";
import type { JobTx } from "@/lib/jobs/transaction";
import { loadSettings } from "@/lib/sync/acumatica/context";
import type { Problem } from "@/lib/sync/exceptions/causes";
import { closeSubjects, syncProblems } from "@/lib/sync/exceptions/service";

/**
 * Hub stock → one TikTok shop (the shop's "Push inventory"): for every TikTok warehouse mapped to a hub location,
 * the location's absolute `available` per TikTok SKU. A hub product is the TikTok SKU whose seller_sku equals its
 * master SKU exactly (ids from product_listings, else found by seller SKU and remembered as a linked listing).
 * Only what differs from the quantity last sent to that TikTok warehouse goes out (`inventory_tiktok_pushes`),
 * one Update Inventory call per TikTok product. TikTok wants every warehouse of a SKU in the call: warehouses the
 * hub does not feed get back the quantity TikTok has (read with Inventory Search, ≤ 600 SKU ids a call).
 * A SKU TikTok refuses is an exception naming it; an unmapped TikTok warehouse is an exception naming it.
 */
export const MAX_QUANTITY = 99_999;

type TikTokClient = Pick<Awaited<ReturnType<typeof getTikTokShopClient>>, "findSkusBySellerSku" | "searchInventory" | "updateInventory">;

export interface TikTokInventoryPushCounts {
  candidates: number;
  sent: number;
  refused: number;
  /** Hub products with no TikTok SKU of the same seller SKU in this shop. */
  notOnTikTok: number;
  calls: number;
  unmappedWarehouses: number;
}

export interface PushTikTokDeps {
  db: Db;
  transaction<T>(fn: (tx: JobTx) => Promise<T>): Promise<T>;
}

const listing = alias(productListings, "listing");

const chunk = <T>(xs: T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

export async function pushInventoryToTikTok(
  deps: PushTikTokDeps,
  p: { workspaceId: string; connectionId: string },
  opts: { client?: TikTokClient; limit?: number } = {},
): Promise<TikTokInventoryPushCounts | { skipped: string }> {
  const [shop] = await deps.db
    .select()
    .from(connections)
    .where(and(eq(connections.workspaceId, p.workspaceId), eq(connections.id, p.connectionId), eq(connections.provider, "tiktok_shop")));
  if (!shop || shop.status !== "connected") return { skipped: "The shop is not connected." };
  const shopSettings = parseStoredSettings(tiktokShopSettingsSchema, shop.settings, "Connectors → TikTok Shop");
  if (!shopSettings.pushInventory) return { skipped: "Push inventory is off for this shop." };
  const settings = await loadSettings(deps.db, p.workspaceId);
  if (settings.catalog.inventory === "off") return { skipped: "Process inventory information is off." };

  const counts: TikTokInventoryPushCounts = { candidates: 0, sent: 0, refused: 0, notOnTikTok: 0, calls: 0, unmappedWarehouses: 0 };
  const mappings = await deps.db
    .select()
    .from(locationChannelWarehouses)
    .where(and(eq(locationChannelWarehouses.workspaceId, p.workspaceId), eq(locationChannelWarehouses.connectionId, p.connectionId)));
  const shopEntity = { workspaceId: p.workspaceId, entityType: "connection" as const, entityId: p.connectionId, orderId: null };
  const unmapped = mappings.filter((m) => !m.locationId);
  counts.unmappedWarehouses = unmapped.length;
  await syncProblems(
    deps.db,
    shopEntity,
    unmapped.map(
      (m): Problem => ({
        cause: "tiktok_warehouse_unmapped",
        subject: m.tiktokWarehouseId,
        message: `TikTok warehouse ${m.tiktokWarehouseName || m.tiktokWarehouseId} (${m.tiktokWarehouseId}) of ${shopSettings.shopName ?? "this shop"} is not mapped to a location: its stock is not sent. Map it on Locations.`,
      }),
    ),
    "fixed: the TikTok warehouse was mapped",
    ["tiktok_warehouse_unmapped"],
  );
  const mapped = mappings.filter((m): m is typeof m & { locationId: string } => !!m.locationId);
  if (!mapped.length) return counts;

  // Levels whose available differs from what this TikTok warehouse last got.
  const excluded = settings.catalog.excludedSkus;
  const rows = await deps.db
    .select({
      productId: inventoryLevels.productId,
      locationId: inventoryLevels.locationId,
      available: inventoryLevels.available,
      sku: products.sku,
      tiktokWarehouseId: locationChannelWarehouses.tiktokWarehouseId,
    })
    .from(inventoryLevels)
    .innerJoin(products, eq(products.id, inventoryLevels.productId))
    .innerJoin(
      locationChannelWarehouses,
      and(eq(locationChannelWarehouses.connectionId, p.connectionId), eq(locationChannelWarehouses.locationId, inventoryLevels.locationId)),
    )
    .leftJoin(
      inventoryTiktokPushes,
      and(
        eq(inventoryTiktokPushes.connectionId, p.connectionId),
        eq(inventoryTiktokPushes.tiktokWarehouseId, locationChannelWarehouses.tiktokWarehouseId),
        eq(inventoryTiktokPushes.productId, inventoryLevels.productId),
      ),
    )
    .leftJoin(listing, and(eq(listing.productId, inventoryLevels.productId), eq(listing.connectionId, p.connectionId)))
    .where(
      and(
        eq(inventoryLevels.workspaceId, p.workspaceId),
        or(
          sql`${inventoryTiktokPushes.quantity} is distinct from least(greatest(${inventoryLevels.available}, 0), ${MAX_QUANTITY})`,
          // Listed or linked in this shop since the last push: its stock goes now.
          and(isNotNull(listing.tiktokSkuId), sql`${listing.updatedAt} > ${inventoryTiktokPushes.pushedAt}`),
        ),
        excluded.length ? notInArray(products.sku, [...excluded]) : undefined,
      ),
    )
    .limit(opts.limit ?? 50_000);
  if (!rows.length) return counts;
  const productIds = [...new Set(rows.map((r) => r.productId))];
  counts.candidates = productIds.length;
  const skuOf = new Map(rows.map((r) => [r.productId, r.sku]));

  const client = opts.client ?? (await getTikTokShopClient(deps.db, p.workspaceId, p.connectionId));
  // TikTok ids: the listing's, else the SKU whose seller_sku is the master SKU (remembered as a linked listing).
  const ids = new Map<string, { tiktokProductId: string; tiktokSkuId: string }>();
  for (const part of chunk(productIds, 1000)) {
    const listed = await deps.db
      .select({ productId: productListings.productId, tiktokProductId: productListings.tiktokProductId, tiktokSkuId: productListings.tiktokSkuId })
      .from(productListings)
      .where(and(eq(productListings.connectionId, p.connectionId), inArray(productListings.productId, part), isNotNull(productListings.tiktokSkuId), isNotNull(productListings.tiktokProductId)));
    for (const l of listed) ids.set(l.productId, { tiktokProductId: l.tiktokProductId!, tiktokSkuId: l.tiktokSkuId! });
  }
  const unknown = productIds.filter((id) => !ids.has(id));
  if (unknown.length) {
    const found = await client.findSkusBySellerSku(unknown.map((id) => skuOf.get(id)!));
    counts.calls += Math.ceil(unknown.length / 10);
    const links: Array<typeof productListings.$inferInsert> = [];
    for (const id of unknown) {
      const f = found.get(skuOf.get(id)!);
      if (!f) continue;
      ids.set(id, { tiktokProductId: f.productId, tiktokSkuId: f.skuId });
      links.push({ workspaceId: p.workspaceId, productId: id, connectionId: p.connectionId, tiktokProductId: f.productId, tiktokSkuId: f.skuId, status: "linked" });
    }
    for (const part of chunk(links, 1000)) await deps.db.insert(productListings).values(part).onConflictDoNothing();
  }
  const absent = new Set(productIds.filter((id) => !ids.has(id)));
  counts.notOnTikTok = absent.size;
  // Not in this shop: remembered at this quantity, so it is looked up again only when its stock changes or it gets a listing.
  const settled = rows.filter((r) => absent.has(r.productId)).map((r) => ({ workspaceId: p.workspaceId, connectionId: p.connectionId, tiktokWarehouseId: r.tiktokWarehouseId, productId: r.productId, quantity: Math.min(Math.max(r.available, 0), MAX_QUANTITY) }));
  for (const part of chunk(settled, 1000)) {
    await deps.db
      .insert(inventoryTiktokPushes)
      .values(part)
      .onConflictDoUpdate({ target: [inventoryTiktokPushes.connectionId, inventoryTiktokPushes.tiktokWarehouseId, inventoryTiktokPushes.productId], set: { quantity: sql`excluded.quantity`, pushedAt: sql`now()` } });
  }

  // What TikTok holds per SKU and warehouse: the warehouses a SKU is stocked in, and the quantities the hub does not feed.
  const skuIds = [...new Set([...ids.values()].map((v) => v.tiktokSkuId))];
  const current = new Map<string, Map<string, number>>();
  for (const part of chunk(skuIds, 600)) {
    const inv = await client.searchInventory({ skuIds: part });
    counts.calls++;
    for (const product of inv) for (const s of product.skus) current.set(s.id, new Map(s.warehouse_inventory.map((w) => [w.warehouse_id, w.available_quantity])));
  }
  const fed = new Map<string, Map<string, number>>();
  const allLevels = await deps.db
    .select({ productId: inventoryLevels.productId, available: inventoryLevels.available, tiktokWarehouseId: locationChannelWarehouses.tiktokWarehouseId })
    .from(inventoryLevels)
    .innerJoin(locationChannelWarehouses, and(eq(locationChannelWarehouses.connectionId, p.connectionId), eq(locationChannelWarehouses.locationId, inventoryLevels.locationId)))
    .where(and(eq(inventoryLevels.workspaceId, p.workspaceId), inArray(inventoryLevels.productId, [...ids.keys()].slice(0, 60_000))));
  for (const l of allLevels) {
    const m = fed.get(l.productId) ?? new Map<string, number>();
    m.set(l.tiktokWarehouseId, Math.min(Math.max(l.available, 0), MAX_QUANTITY));
    fed.set(l.productId, m);
  }

  const byTikTokProduct = new Map<string, Array<{ productId: string; skuId: string; inventory: Array<{ warehouseId: string; quantity: number }>; sent: Array<{ warehouseId: string; quantity: number }> }>>();
  for (const [productId, v] of ids) {
    const stocked = current.get(v.tiktokSkuId);
    const hub = fed.get(productId) ?? new Map<string, number>();
    if (!stocked) continue;
    const inventory: Array<{ warehouseId: string; quantity: number }> = [];
    const sent: Array<{ warehouseId: string; quantity: number }> = [];
    for (const [warehouseId, quantity] of stocked) {
      const mine = hub.get(warehouseId);
      inventory.push({ warehouseId, quantity: mine ?? quantity });
      if (mine !== undefined) sent.push({ warehouseId, quantity: mine });
    }
    if (!sent.length) continue;
    const list = byTikTokProduct.get(v.tiktokProductId) ?? [];
    list.push({ productId, skuId: v.tiktokSkuId, inventory, sent });
    byTikTokProduct.set(v.tiktokProductId, list);
  }

  for (const [tiktokProductId, skus] of byTikTokProduct) {
    const refused = new Map<string, { code: number; message: string }>();
    try {
      const result = await client.updateInventory(
        tiktokProductId,
        skus.map((s) => ({ skuId: s.skuId, inventory: s.inventory })),
      );
      counts.calls++;
      for (const e of result.errors ?? []) {
        const skuId = e.detail?.sku_id;
        const extra = e.detail?.extra_errors.map((x) => `${x.warehouse_id ? `warehouse ${x.warehouse_id}: ` : ""}${x.message} (${x.code})`).join("; ");
        if (skuId) refused.set(skuId, { code: e.code, message: extra ? `${e.message} ${extra}` : e.message });
      }
    } catch (err) {
      counts.calls++;
      if (!(err instanceof TikTokShopError) || err.retryable) throw err;
      for (const s of skus) refused.set(s.skuId, { code: err.code, message: err.message });
    }
    await deps.transaction(async (tx) => {
      const ok = skus.filter((s) => !refused.has(s.skuId));
      const pushes = ok.flatMap((s) => s.sent.map((w) => ({ workspaceId: p.workspaceId, connectionId: p.connectionId, tiktokWarehouseId: w.warehouseId, productId: s.productId, quantity: w.quantity })));
      if (pushes.length) {
        await tx.db
          .insert(inventoryTiktokPushes)
          .values(pushes)
          .onConflictDoUpdate({
            target: [inventoryTiktokPushes.connectionId, inventoryTiktokPushes.tiktokWarehouseId, inventoryTiktokPushes.productId],
            set: { quantity: sql`excluded.quantity`, pushedAt: sql`now()` },
          });
        const okIds = ok.map((s) => s.productId);
        const locs = mapped.filter((m) => ok.some((s) => s.sent.some((w) => w.warehouseId === m.tiktokWarehouseId))).map((m) => m.locationId);
        await tx.db
          .update(inventoryLevels)
          .set({ pushedToTiktokAt: sql`now()`, pushedQuantity: sql`${inventoryLevels.available}` })
          .where(and(eq(inventoryLevels.workspaceId, p.workspaceId), inArray(inventoryLevels.productId, okIds), inArray(inventoryLevels.locationId, [...new Set(locs)])));
        await closeSubjects(tx.db, p.workspaceId, "inventory_sku_refused", ok.map((s) => `${p.connectionId}|${skuOf.get(s.productId)}`), "fixed: TikTok Shop took the stock");
      }
      counts.sent += ok.length;
      for (const s of skus.filter((x) => refused.has(x.skuId))) {
        const r = refused.get(s.skuId)!;
        counts.refused++;
        const sku = skuOf.get(s.productId)!;
        await syncProblems(
          tx.db,
          { workspaceId: p.workspaceId, entityType: "product", entityId: s.productId, orderId: null },
          [
            {
              cause: "inventory_sku_refused",
              subject: `${p.connectionId}|${sku}`,
              message: `TikTok Shop refused the stock of SKU ${sku} in ${shopSettings.shopName ?? "this shop"}: ${r.message} (${r.code}).`,
              raw: { code: r.code, message: r.message, tiktokProductId, tiktokSkuId: s.skuId },
            },
          ],
          "superseded",
          [],
        );
      }
    });
  }
  return counts;
}
