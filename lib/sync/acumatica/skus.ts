import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { executeNamed } from "@/lib/db/prepared";
import { erpItemChecks } from "@/lib/db/schema";
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

type Check = { canonical: string | null; active: boolean };

const CHANNEL_SKUS_AND_CHECKS = `
  select s.sku, pcs.channel_sku, c.canonical, c.active, c.checked_at
  from unnest($1::text[]) as s(sku)
  left join products p on p.workspace_id = $2::uuid and p.sku = s.sku
  left join product_channel_skus pcs on pcs.product_id = p.id and pcs.connector = 'acumatica'
  left join erp_item_checks c on c.workspace_id = $2::uuid and c.requested = coalesce(pcs.channel_sku, s.sku) and c.checked_at > $3::timestamptz`;

/**
 * In one statement: each SKU's Channel SKU (Acumatica row) and the cached check of the InventoryID it resolves to
 * (a found item is trusted for a day, a missing one for ten minutes).
 */
async function channelSkusAndChecks(db: DbOrTx, workspaceId: string, skus: string[]): Promise<{ channel: Map<string, string>; cached: Map<string, Check> }> {
  const now = Date.now();
  const rows = await executeNamed<{ sku: string; channel_sku: string | null; canonical: string | null; active: boolean | null; checked_at: string | Date | null }>(
    db,
    "ob_channel_skus_and_checks",
    CHANNEL_SKUS_AND_CHECKS,
    [skus, workspaceId, new Date(now - FOUND_TTL_MS)],
  );
  const channel = new Map<string, string>();
  const cached = new Map<string, Check>();
  for (const r of rows) {
    if (r.channel_sku !== null) channel.set(r.sku, r.channel_sku);
    if (r.checked_at === null) continue;
    const fresh = r.canonical !== null || new Date(r.checked_at).getTime() > now - MISSING_TTL_MS;
    if (fresh) cached.set(r.channel_sku ?? r.sku, { canonical: r.canonical, active: !!r.active });
  }
  return { channel, cached };
}

/** What Acumatica says about each InventoryID not in `cached` (then cached). */
async function checkItems(db: DbOrTx, client: AcumaticaClient, workspaceId: string, ids: string[], cached: Map<string, Check>): Promise<Map<string, Check>> {
  const out = new Map(cached);
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
  const { channel, cached } = await channelSkusAndChecks(db, workspaceId, unique);
  const candidates = new Map(unique.map((sku) => [sku, channel.get(sku) ?? sku]));
  const checks = await checkItems(db, client, workspaceId, [...new Set(candidates.values())], cached);
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
