import { and, asc, count, desc, eq, ilike, inArray, isNull, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { connections, inventoryLevels, locations, productChannelSkus, productListings, products, syncRuns } from "@/lib/db/schema";
import { tiktokShopSettingsSchema } from "@/lib/connections/stored-settings";
import { PRODUCT_PUSH_REGION_NOTE, productPushAllowed } from "@/lib/connections/tiktok-schemas";
import { getOrderSettings } from "@/lib/order-settings/queries";
import { CATALOG_PULL_FLOW, CATALOG_RESYNC_FLOW } from "@/lib/sync/acumatica/pull-products";
import { spreadsheetText, toCsv } from "./csv";
import { CATALOG_CSV_EXTRA_COLUMNS, CHANNEL_OPTIONS_NOTES, CHANNEL_SKU_CSV_COLUMNS } from "./schemas";

export interface StockAtLocation {
  location: string;
  available: number;
  onHand: number;
}

export interface ProductRow {
  id: string;
  sku: string;
  name: string;
  active: boolean;
  source: string;
  parentId: string | null;
  isTemplate: boolean;
  children: number;
  acumaticaSku: string | null;
  /** Per location (a parent: its variants added up); empty until inventory is synced. */
  stock: StockAtLocation[];
  /** Shown under its parent in the list (not a search hit of its own). */
  nested: boolean;
}

// Drizzle leaves column names unqualified in a one-table select, so correlated subqueries name the outer table themselves.
const channelSku = sql<string | null>`(select c.channel_sku from ${productChannelSkus} c where c.product_id = ${products}.id and c.connector = 'acumatica')`;
const childCount = sql<number>`(select count(*)::int from ${products} ch where ch.workspace_id = ${products}.workspace_id and ch.parent_id = ${products}.id)`;
const ROW = { id: products.id, sku: products.sku, name: products.name, active: products.active, source: products.source, parentId: products.parentId, isTemplate: products.isTemplate, children: childCount, acumaticaSku: channelSku };

/** Variants shown under each parent on a list page; the rest are one click away on the parent's page. */
export const VARIANTS_PER_PARENT = 25;

export type ProductStatusFilter = "active" | "inactive";

/** Stock per product (and, for parents, their variants summed) at each location. */
async function stockOf(db: DbOrTx, workspaceId: string, rows: Array<{ id: string; parentId: string | null }>): Promise<Map<string, StockAtLocation[]>> {
  const out = new Map<string, StockAtLocation[]>();
  if (rows.length === 0) return out;
  const ids = rows.map((r) => r.id);
  const levels = await db
    .select({ productId: inventoryLevels.productId, parentId: products.parentId, location: locations.code, available: inventoryLevels.available, onHand: inventoryLevels.onHand })
    .from(inventoryLevels)
    .innerJoin(locations, eq(locations.id, inventoryLevels.locationId))
    .innerJoin(products, eq(products.id, inventoryLevels.productId))
    .where(and(eq(inventoryLevels.workspaceId, workspaceId), or(inArray(inventoryLevels.productId, ids), inArray(products.parentId, ids))))
    .orderBy(asc(locations.code));
  const add = (key: string, l: { location: string; available: number; onHand: number }) => {
    const list = out.get(key) ?? [];
    const at = list.find((s) => s.location === l.location);
    if (at) {
      at.available += l.available;
      at.onHand += l.onHand;
    } else list.push({ location: l.location, available: l.available, onHand: l.onHand });
    out.set(key, list);
  };
  const wanted = new Set(ids);
  for (const l of levels) {
    if (wanted.has(l.productId)) add(l.productId, l);
    if (l.parentId && wanted.has(l.parentId)) add(l.parentId, l);
  }
  return out;
}

/**
 * A page of the product catalog. Without a search, top-level products in SKU
 * order, each parent followed by its variants (`nested`); with `q` (part of a
 * SKU or name) or `status`, every match in SKU order. `sku` finds one SKU
 * exactly (case and spaces matter).
 */
export async function listProducts(db: DbOrTx, workspaceId: string, p: { q?: string; sku?: string; status?: ProductStatusFilter; page: number; pageSize: number }) {
  const q = p.q?.trim().replace(/[%_\\]/g, "");
  const flat = p.sku !== undefined || !!q || !!p.status;
  const where = and(
    eq(products.workspaceId, workspaceId),
    p.sku !== undefined ? eq(products.sku, p.sku) : undefined,
    q ? or(ilike(products.sku, `%${q}%`), ilike(products.name, `%${q}%`)) : undefined,
    p.status ? eq(products.active, p.status === "active") : undefined,
    flat ? undefined : isNull(products.parentId),
  );
  const [top, [total]] = await Promise.all([
    db.select(ROW).from(products).where(where).orderBy(asc(products.sku)).limit(p.pageSize).offset(p.page * p.pageSize),
    db.select({ n: count() }).from(products).where(where),
  ]);
  let rows = top.map((r) => ({ ...r, nested: false }));
  if (!flat) {
    const parents = top.filter((r) => r.children > 0).map((r) => r.id);
    const variants = parents.length
      ? await db
          .select(ROW)
          .from(products)
          .where(and(eq(products.workspaceId, workspaceId), inArray(products.parentId, parents)))
          .orderBy(asc(products.sku))
      : [];
    rows = top.flatMap((r) => [{ ...r, nested: false }, ...variants.filter((v) => v.parentId === r.id).slice(0, VARIANTS_PER_PARENT).map((v) => ({ ...v, nested: true }))]);
  }
  const stock = await stockOf(db, workspaceId, rows);
  return { rows: rows.map((r) => ({ ...r, stock: stock.get(r.id) ?? [] })) as ProductRow[], total: total?.n ?? 0 };
}

export interface ChannelOptionRow {
  connector: "acumatica" | "tiktok_shop";
  label: string;
  /** The Channel SKU cell: only the Acumatica row of a product that is not a parent has one. */
  channelSku: { value: string } | null;
  /** What the row says instead (the setup guide's explanation). */
  note: string | null;
}

/**
 * Channel Options as the setup guide (Step 5) describes them: one row per
 * connector; the Channel SKU column on the Acumatica row only; the TikTok Shop
 * row without it and why; on a parent the column hidden, with the pointer to
 * its variants.
 */
export function channelOptionsOf(product: { children: number; acumaticaSku: string | null }): { columnHidden: boolean; parentNote: string | null; rows: ChannelOptionRow[] } {
  const parent = product.children > 0;
  return {
    columnHidden: parent,
    parentNote: parent ? CHANNEL_OPTIONS_NOTES.parent : null,
    rows: [
      { connector: "acumatica", label: "Acumatica", channelSku: parent ? null : { value: product.acumaticaSku ?? "" }, note: null },
      { connector: "tiktok_shop", label: "TikTok Shop", channelSku: null, note: parent ? null : CHANNEL_OPTIONS_NOTES.tiktokRow },
    ],
  };
}

export interface ProductListingView {
  connectionId: string;
  shopName: string;
  region: string;
  connected: boolean;
  /** US/UK: product push is possible; elsewhere `refusal` says why not. */
  allowed: boolean;
  refusal: string | null;
  pushProducts: boolean;
  listing: { status: string; tiktokProductId: string | null; tiktokSkuId: string | null; lastError: string | null; updatedAt: Date } | null;
}

async function listingsOf(db: DbOrTx, workspaceId: string, productId: string): Promise<ProductListingView[]> {
  const shops = await db
    .select({ c: connections, l: productListings })
    .from(connections)
    .leftJoin(productListings, and(eq(productListings.connectionId, connections.id), eq(productListings.productId, productId)))
    .where(and(eq(connections.workspaceId, workspaceId), eq(connections.provider, "tiktok_shop")))
    .orderBy(asc(connections.createdAt));
  return shops.map(({ c, l }) => {
    const s = tiktokShopSettingsSchema.safeParse(c.settings);
    const region = (s.success ? s.data.region : undefined) ?? "";
    const allowed = productPushAllowed(region);
    return {
      connectionId: c.id,
      shopName: c.displayName,
      region,
      connected: c.status === "connected",
      allowed,
      refusal: allowed ? null : PRODUCT_PUSH_REGION_NOTE,
      pushProducts: s.success ? s.data.pushProducts : false,
      listing: l ? { status: l.status, tiktokProductId: l.tiktokProductId, tiktokSkuId: l.tiktokSkuId, lastError: l.lastError, updatedAt: l.updatedAt } : null,
    };
  });
}

export async function getProduct(db: DbOrTx, workspaceId: string, productId: string) {
  const [row] = await db
    .select({
      ...ROW,
      description: products.description,
      barcode: products.barcode,
      price: products.price,
      weight: products.weight,
      weightUnit: products.weightUnit,
      attributes: products.attributes,
      erpModifiedAt: products.erpModifiedAt,
      erpSyncedAt: products.erpSyncedAt,
    })
    .from(products)
    .where(and(eq(products.workspaceId, workspaceId), eq(products.id, productId)));
  if (!row) return null;
  const [parent, children, stock, listings] = await Promise.all([
    row.parentId ? db.select({ id: products.id, sku: products.sku, name: products.name }).from(products).where(and(eq(products.workspaceId, workspaceId), eq(products.id, row.parentId))) : [],
    db
      .select({ id: products.id, sku: products.sku, name: products.name, active: products.active, acumaticaSku: channelSku })
      .from(products)
      .where(and(eq(products.workspaceId, workspaceId), eq(products.parentId, productId)))
      .orderBy(asc(products.sku)),
    stockOf(db, workspaceId, [row]),
    // A variant is listed with its parent.
    listingsOf(db, workspaceId, productId),
  ]);
  return {
    product: { ...row, nested: false, stock: stock.get(row.id) ?? [] },
    parent: parent[0] ?? null,
    children,
    channelOptions: channelOptionsOf(row),
    listings,
  };
}

/** The catalog with its Channel SKUs as CSV: `sku,acumatica_channel_sku` first (what the import reads), then name, parent, status, source. */
export async function exportCatalogCsv(db: DbOrTx, workspaceId: string): Promise<string> {
  const parent = sql<string | null>`(select p.sku from ${products} p where p.id = ${products}.parent_id)`;
  const rows = await db
    .select({ sku: products.sku, channelSku, name: products.name, parentSku: parent, active: products.active, source: products.source })
    .from(products)
    .where(eq(products.workspaceId, workspaceId))
    .orderBy(asc(products.sku));
  return toCsv(
    [CHANNEL_SKU_CSV_COLUMNS.sku, CHANNEL_SKU_CSV_COLUMNS.channelSku, ...CATALOG_CSV_EXTRA_COLUMNS],
    rows.map((r) => [r.sku, r.channelSku ?? "", spreadsheetText(r.name), r.parentSku ?? "", r.active ? "active" : "inactive", r.source]),
  );
}

export interface CatalogRunView {
  id: string;
  flow: string;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  counts: Record<string, number>;
}

const runView = (r: typeof syncRuns.$inferSelect): CatalogRunView => ({
  id: r.id,
  flow: r.flow,
  startedAt: r.startedAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
  error: r.error,
  counts: r.counts,
});

/** The catalog pull toggle, the last pull and the latest Force product catalog resync (running or done), with their counts. */
export async function getCatalogSyncStatus(db: DbOrTx, workspaceId: string) {
  const [{ settings, acumaticaConnected }, [pull], [resync], [{ n: productCount } = { n: 0 }]] = await Promise.all([
    getOrderSettingsState(db, workspaceId),
    db.select().from(syncRuns).where(and(eq(syncRuns.workspaceId, workspaceId), eq(syncRuns.flow, CATALOG_PULL_FLOW))).orderBy(desc(syncRuns.startedAt)).limit(1),
    db.select().from(syncRuns).where(and(eq(syncRuns.workspaceId, workspaceId), eq(syncRuns.flow, CATALOG_RESYNC_FLOW))).orderBy(desc(syncRuns.startedAt)).limit(1),
    db.select({ n: count() }).from(products).where(eq(products.workspaceId, workspaceId)),
  ]);
  return {
    pullProducts: settings.catalog.pullProducts,
    acumaticaConnected,
    products: productCount,
    lastPull: pull ? runView(pull) : null,
    resync: resync ? runView(resync) : null,
  };
}
export type CatalogSyncStatus = Awaited<ReturnType<typeof getCatalogSyncStatus>>;

async function getOrderSettingsState(db: DbOrTx, workspaceId: string) {
  const { settings, connectionId } = await getOrderSettings(db, workspaceId);
  const [row] = connectionId ? await db.select({ status: connections.status }).from(connections).where(eq(connections.id, connectionId)) : [];
  return { settings, acumaticaConnected: row?.status === "connected" };
}

export interface ShopListingsView {
  connectionId: string;
  shopName: string;
  region: string;
  connected: boolean;
  allowed: boolean;
  refusal: string | null;
  pushProducts: boolean;
  categoryId: string;
  counts: Record<string, number>;
}

/** Each TikTok shop's product push: region rule, toggle, category for new listings, listings by status. */
export async function listShopListings(db: DbOrTx, workspaceId: string): Promise<ShopListingsView[]> {
  const shops = await db
    .select()
    .from(connections)
    .where(and(eq(connections.workspaceId, workspaceId), eq(connections.provider, "tiktok_shop")))
    .orderBy(asc(connections.createdAt));
  const counts = shops.length
    ? await db
        .select({ connectionId: productListings.connectionId, status: productListings.status, n: count() })
        .from(productListings)
        .innerJoin(products, and(eq(products.id, productListings.productId), isNull(products.parentId)))
        .where(and(eq(productListings.workspaceId, workspaceId), inArray(productListings.connectionId, shops.map((s) => s.id))))
        .groupBy(productListings.connectionId, productListings.status)
    : [];
  return shops.map((c) => {
    const s = tiktokShopSettingsSchema.safeParse(c.settings);
    const region = (s.success ? s.data.region : undefined) ?? "";
    const allowed = productPushAllowed(region);
    return {
      connectionId: c.id,
      shopName: c.displayName,
      region,
      connected: c.status === "connected",
      allowed,
      refusal: allowed ? null : PRODUCT_PUSH_REGION_NOTE,
      pushProducts: s.success ? s.data.pushProducts : false,
      categoryId: (s.success ? s.data.listingCategoryId : undefined) ?? "",
      counts: Object.fromEntries(counts.filter((x) => x.connectionId === c.id).map((x) => [x.status, x.n])),
    };
  });
}

