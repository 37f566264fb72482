import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { connections, inventoryLevels, inventorySkips, locations, products, syncRuns } from "@/lib/db/schema";
import type { SkipReason } from "@/lib/sync/inventory/scope";
import { SKIP_REASONS } from "@/lib/sync/inventory/scope";
import { getOrderSettings } from "@/lib/order-settings/queries";
import { toCsv } from "@/lib/products/csv";
import type { InventoryDirection } from "./schemas";
import { INVENTORY_CSV_COLUMNS, INVENTORY_CSV_EXTRA_COLUMNS, INVENTORY_RESYNC_FLOW } from "./schemas";

export interface InventoryRow {
  productId: string;
  locationId: string;
  sku: string;
  name: string;
  locationCode: string;
  available: number;
  onHand: number;
  /** "acumatica", "edit" or "csv". */
  source: string;
  updatedAt: Date;
  pushedToTiktokAt: Date | null;
  pushedToErpAt: Date | null;
}

export interface InventoryListParams {
  /** The start of a SKU, case and spaces exact (`Socks` does not find `SOCKS-3PK`). */
  sku?: string;
  locationId?: string;
  page: number;
  pageSize: number;
}

const ROW = {
  productId: inventoryLevels.productId,
  locationId: inventoryLevels.locationId,
  sku: products.sku,
  name: products.name,
  locationCode: locations.code,
  available: inventoryLevels.available,
  onHand: inventoryLevels.onHand,
  source: inventoryLevels.source,
  updatedAt: inventoryLevels.updatedAt,
  pushedToTiktokAt: inventoryLevels.pushedToTiktokAt,
  pushedToErpAt: inventoryLevels.pushedToErpAt,
};

/**
 * One page of the Inventory screen: SKU × location rows in SKU then location
 * order. The SKU search is a prefix, exact in case (starts_with, not ILIKE:
 * SKUs match exactly everywhere in the hub). Rows are reached through the
 * products' (workspace_id, sku) index in SKU order and inventory_levels' primary
 * key (product_id, location_id), or its (workspace_id, location_id) index when
 * filtered by location, so a page stays a bounded walk at 40,000 rows.
 */
export async function listInventory(db: DbOrTx, workspaceId: string, p: InventoryListParams): Promise<{ rows: InventoryRow[]; total: number }> {
  const where = and(
    eq(inventoryLevels.workspaceId, workspaceId),
    eq(products.workspaceId, workspaceId),
    p.locationId ? eq(inventoryLevels.locationId, p.locationId) : undefined,
    p.sku ? sql`starts_with(${products.sku}, ${p.sku})` : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select(ROW)
      .from(inventoryLevels)
      .innerJoin(products, eq(products.id, inventoryLevels.productId))
      .innerJoin(locations, eq(locations.id, inventoryLevels.locationId))
      .where(where)
      .orderBy(asc(products.sku), asc(locations.code))
      .limit(p.pageSize)
      .offset(p.page * p.pageSize),
    // Without a SKU search the count needs no product: the (workspace_id, location_id) index answers it alone.
    p.sku
      ? db.select({ n: count() }).from(inventoryLevels).innerJoin(products, eq(products.id, inventoryLevels.productId)).where(where)
      : db
          .select({ n: count() })
          .from(inventoryLevels)
          .where(and(eq(inventoryLevels.workspaceId, workspaceId), p.locationId ? eq(inventoryLevels.locationId, p.locationId) : undefined)),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** One level (the row an edit changes), or null. */
export async function getInventoryLevel(db: DbOrTx, workspaceId: string, productId: string, locationId: string): Promise<InventoryRow | null> {
  const [row] = await db
    .select(ROW)
    .from(inventoryLevels)
    .innerJoin(products, eq(products.id, inventoryLevels.productId))
    .innerJoin(locations, eq(locations.id, inventoryLevels.locationId))
    .where(and(eq(inventoryLevels.workspaceId, workspaceId), eq(inventoryLevels.productId, productId), eq(inventoryLevels.locationId, locationId)));
  return row ?? null;
}

/** The inventory part of Step 8 as the Inventory screen explains it. */
export async function getInventorySettings(db: DbOrTx, workspaceId: string) {
  const { settings } = await getOrderSettings(db, workspaceId);
  return {
    direction: settings.catalog.inventory as InventoryDirection,
    locationsDirection: settings.catalog.locations as InventoryDirection,
    matchedSkusOnly: settings.catalog.matchedSkusOnly,
    excludedSkus: settings.catalog.excludedSkus,
  };
}

/** The workspace's locations for the Inventory screen's filter (code order). */
export async function listLocationOptions(db: DbOrTx, workspaceId: string): Promise<Array<{ id: string; code: string; name: string }>> {
  return db.select({ id: locations.id, code: locations.code, name: locations.name }).from(locations).where(eq(locations.workspaceId, workspaceId)).orderBy(asc(locations.code));
}

export interface InventorySkip {
  sku: string;
  reason: string;
  detail: string | null;
  at: Date;
}

/** SKUs the inventory sync left out in its last runs, and why (excluded, not in the catalog, not matched, no location), newest first. */
export async function listInventorySkips(db: DbOrTx, workspaceId: string, limit = 500): Promise<InventorySkip[]> {
  const rows = await db
    .select({ sku: inventorySkips.sku, reason: inventorySkips.reason, detail: inventorySkips.detail, at: inventorySkips.at })
    .from(inventorySkips)
    .where(eq(inventorySkips.workspaceId, workspaceId))
    .orderBy(desc(inventorySkips.at), asc(inventorySkips.sku))
    .limit(limit);
  return rows.map((r) => ({ ...r, reason: SKIP_REASONS[r.reason as SkipReason] ?? r.reason, detail: r.detail || null }));
}

export interface InventoryRunView {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  counts: Record<string, number>;
}

/** The direction, the level count and the latest Force inventory resync (running or done) with its counts. */
export async function getInventorySyncStatus(db: DbOrTx, workspaceId: string) {
  const [{ settings, connectionId }, [resync], [levels]] = await Promise.all([
    getOrderSettings(db, workspaceId),
    db.select().from(syncRuns).where(and(eq(syncRuns.workspaceId, workspaceId), eq(syncRuns.flow, INVENTORY_RESYNC_FLOW))).orderBy(desc(syncRuns.startedAt)).limit(1),
    db.select({ n: count() }).from(inventoryLevels).where(eq(inventoryLevels.workspaceId, workspaceId)),
  ]);
  const [acumatica] = connectionId ? await db.select({ status: connections.status }).from(connections).where(eq(connections.id, connectionId)) : [];
  return {
    direction: settings.catalog.inventory as InventoryDirection,
    acumaticaConnected: acumatica?.status === "connected",
    levels: levels?.n ?? 0,
    resync: resync
      ? ({ id: resync.id, startedAt: resync.startedAt.toISOString(), finishedAt: resync.finishedAt?.toISOString() ?? null, error: resync.error, counts: resync.counts } satisfies InventoryRunView)
      : null,
  };
}
export type InventorySyncStatus = Awaited<ReturnType<typeof getInventorySyncStatus>>;

const iso = (d: Date | null) => d?.toISOString() ?? "";

/** Every level as CSV: `sku,location,quantity` first (what the import reads; quantity = available), then read-only columns. */
export async function exportInventoryCsv(db: DbOrTx, workspaceId: string): Promise<string> {
  const rows = await db
    .select(ROW)
    .from(inventoryLevels)
    .innerJoin(products, eq(products.id, inventoryLevels.productId))
    .innerJoin(locations, eq(locations.id, inventoryLevels.locationId))
    .where(eq(inventoryLevels.workspaceId, workspaceId))
    .orderBy(asc(products.sku), asc(locations.code));
  return toCsv(
    [INVENTORY_CSV_COLUMNS.sku, INVENTORY_CSV_COLUMNS.location, INVENTORY_CSV_COLUMNS.quantity, ...INVENTORY_CSV_EXTRA_COLUMNS],
    rows.map((r) => [r.sku, r.locationCode, String(r.available), String(r.onHand), r.source, iso(r.updatedAt), iso(r.pushedToTiktokAt), iso(r.pushedToErpAt)]),
  );
}
