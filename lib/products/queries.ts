import { and, asc, count, eq, ilike, isNull, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { productChannelSkus, products } from "@/lib/db/schema";

export interface ProductRow {
  id: string;
  sku: string;
  name: string;
  active: boolean;
  source: string;
  parentId: string | null;
  children: number;
  acumaticaSku: string | null;
}

const channelSku = sql<string | null>`(select c.channel_sku from ${productChannelSkus} c where c.product_id = ${products.id} and c.connector = 'acumatica')`;
const childCount = sql<number>`(select count(*)::int from ${products} ch where ch.workspace_id = ${products.workspaceId} and ch.parent_id = ${products.id})`;

/** A page of the product catalog; `q` matches SKU or name; `sku` finds one SKU exactly (case and spaces matter). */
export async function listProducts(db: DbOrTx, workspaceId: string, p: { q?: string; sku?: string; page: number; pageSize: number }) {
  const q = p.q?.trim().replace(/[%_\\]/g, "");
  const where = and(
    eq(products.workspaceId, workspaceId),
    p.sku !== undefined ? eq(products.sku, p.sku) : undefined,
    q ? or(ilike(products.sku, `%${q}%`), ilike(products.name, `%${q}%`)) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({ id: products.id, sku: products.sku, name: products.name, active: products.active, source: products.source, parentId: products.parentId, children: childCount, acumaticaSku: channelSku })
      .from(products)
      .where(where)
      .orderBy(asc(products.sku))
      .limit(p.pageSize)
      .offset(p.page * p.pageSize),
    db.select({ n: count() }).from(products).where(where),
  ]);
  return { rows: rows as ProductRow[], total: total?.n ?? 0 };
}

export async function getProduct(db: DbOrTx, workspaceId: string, productId: string) {
  const [row] = await db
    .select({ id: products.id, sku: products.sku, name: products.name, active: products.active, source: products.source, parentId: products.parentId, children: childCount, acumaticaSku: channelSku })
    .from(products)
    .where(and(eq(products.workspaceId, workspaceId), eq(products.id, productId)));
  if (!row) return null;
  const [parent, children] = await Promise.all([
    row.parentId ? db.select({ id: products.id, sku: products.sku, name: products.name }).from(products).where(and(eq(products.workspaceId, workspaceId), eq(products.id, row.parentId))) : [],
    db.select({ id: products.id, sku: products.sku, name: products.name }).from(products).where(and(eq(products.workspaceId, workspaceId), eq(products.parentId, productId))).orderBy(asc(products.sku)),
  ]);
  return { product: row as ProductRow, parent: parent[0] ?? null, children };
}

export const topLevelOnly = isNull(products.parentId);
