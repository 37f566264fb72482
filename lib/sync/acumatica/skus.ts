import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { erpItemChecks, productChannelSkus, products } from "@/lib/db/schema";
import type { AcumaticaClient } from "@/lib/connectors/acumatica/client";
import type { Problem } from "@/lib/sync/exceptions/causes";

/**
 * The Acumatica InventoryID of each TikTok SKU: the Channel SKU on the
 * product's Acumatica row when set, else the SKU itself — and then checked
 * against Acumatica, exactly. Acumatica matches keys ignoring case and
 * trailing spaces, so "Tee-Wht-S " would silently become TEE-WHT-S there; the
 * hub refuses that and names both spellings instead.
 */
export type SkuResolution = { inventoryId: string } | { problem: Problem };

const FOUND_TTL_MS = 24 * 3600_000;
const MISSING_TTL_MS = 10 * 60_000;
const SELLABLE = (status: string | null) => !["Inactive", "Marked for Deletion", "No Sales"].includes(status ?? "");
const show = (s: string) => JSON.stringify(s);

async function channelSkusOf(db: DbOrTx, workspaceId: string, skus: string[]): Promise<Map<string, string>> {
  const rows = await db
    .select({ sku: products.sku, channelSku: productChannelSkus.channelSku })
    .from(products)
    .innerJoin(productChannelSkus, and(eq(productChannelSkus.productId, products.id), eq(productChannelSkus.connector, "acumatica")))
    .where(and(eq(products.workspaceId, workspaceId), inArray(products.sku, skus)));
  return new Map(rows.map((r) => [r.sku, r.channelSku]));
}

/** What Acumatica says about each InventoryID (cached: a day when found, ten minutes when not). */
async function checkItems(db: DbOrTx, client: AcumaticaClient, workspaceId: string, ids: string[]): Promise<Map<string, { canonical: string | null; active: boolean }>> {
  const now = Date.now();
  const cached = await db
    .select()
    .from(erpItemChecks)
    .where(and(eq(erpItemChecks.workspaceId, workspaceId), inArray(erpItemChecks.requested, ids), gt(erpItemChecks.checkedAt, new Date(now - FOUND_TTL_MS))));
  const out = new Map<string, { canonical: string | null; active: boolean }>();
  for (const c of cached) if (c.canonical !== null || c.checkedAt.getTime() > now - MISSING_TTL_MS) out.set(c.requested, { canonical: c.canonical, active: c.active });
  for (const id of ids) {
    if (out.has(id)) continue;
    // A key with outer spaces cannot exist in Acumatica; ask for the trimmed one to name what it would have matched.
    const item = id.trim() ? await client.stockItems.get(id.trim(), []) : null;
    const check = { canonical: item?.InventoryID ?? null, active: !!item && SELLABLE(item.ItemStatus) };
    out.set(id, check);
    await db
      .insert(erpItemChecks)
      .values({ workspaceId, requested: id, ...check })
      .onConflictDoUpdate({ target: [erpItemChecks.workspaceId, erpItemChecks.requested], set: { ...check, checkedAt: sql`now()` } });
  }
  return out;
}

export async function resolveSkus(db: DbOrTx, client: AcumaticaClient, workspaceId: string, skus: string[]): Promise<Map<string, SkuResolution>> {
  const unique = [...new Set(skus)];
  const channel = await channelSkusOf(db, workspaceId, unique);
  const candidates = new Map(unique.map((sku) => [sku, channel.get(sku) ?? sku]));
  const checks = await checkItems(db, client, workspaceId, [...new Set(candidates.values())]);
  const out = new Map<string, SkuResolution>();
  for (const sku of unique) {
    const candidate = candidates.get(sku)!;
    const check = checks.get(candidate)!;
    const via = channel.has(sku) ? `the Channel SKU ${show(candidate)} of product ${show(sku)}` : `TikTok SKU ${show(sku)}`;
    if (check.canonical === null) {
      out.set(sku, {
        problem: {
          cause: "sku_not_found",
          subject: sku,
          message: `${via} is not a stock item in Acumatica. Add the item there, or enter its Acumatica SKU in the product's Channel Options (Acumatica row).`,
        },
      });
    } else if (check.canonical !== candidate) {
      out.set(sku, {
        problem: {
          cause: "sku_spelling",
          subject: sku,
          message: `${via} matches Acumatica's ${show(check.canonical)} only when case and spaces are ignored. SKUs must match exactly: enter ${show(check.canonical)} as the Channel SKU in the product's Channel Options (Acumatica row).`,
          raw: { requested: candidate, acumatica: check.canonical },
        },
      });
    } else if (!check.active) {
      out.set(sku, { problem: { cause: "sku_not_found", subject: sku, message: `${via} is inactive (or not for sale) in Acumatica. Activate the item, or map another SKU in Channel Options.` } });
    } else {
      out.set(sku, { inventoryId: check.canonical });
    }
  }
  return out;
}
