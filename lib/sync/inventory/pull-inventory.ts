import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections, inventoryChanges, inventoryLevels, inventorySkips, locations, productListings, syncCursors, syncRuns } from "@/lib/db/schema";
import { getTikTokShopClient } from "@/lib/connections/clients";
import type { AcumaticaClient } from "@/lib/connectors/acumatica/client";
import { quoteODataString } from "@/lib/connectors/acumatica/wrappers";
import type { JobTx } from "@/lib/jobs/transaction";
import type { EngineDeps } from "@/lib/sync/acumatica/context";
import { acumaticaFor, loadSettings, parkOnLostAuthorization, ParkedError } from "@/lib/sync/acumatica/context";
import { JOBS } from "@/lib/sync/jobs/catalog";
import type { SkipReason } from "./scope";
import { loadCatalogIndex, scopeOf, SKIP_REASONS } from "./scope";

/**
 * Acumatica stock → hub `inventory_levels` ("Pull inventory updates from Acumatica").
 *
 * What it costs, within the licence's pace (ACUMATICA_REQUESTS_PER_SECOND): Acumatica has no per-warehouse
 * "available" list. So:
 * 1. one InventoryQuantityAvailable call (SO640590) names the items whose stock changed since the cursor (a full
 *    resync: every item) with each item's total available;
 * 2. for the items in scope, one StockItem list per 100 items (`$filter` on their InventoryIDs,
 *    `$expand=WarehouseDetails`) gives on hand per warehouse — when more than half the catalog (and 2,000 items)
 *    changed, the whole list is paged instead (about the same calls, no long key filter);
 * 3. available per warehouse is then exact without another call when the item is stocked in one warehouse
 *    (available = the item's total) or when nothing is reserved anywhere (total available = total on hand, so
 *    every warehouse's available is its on hand); only the other items cost one InventorySummaryInquiry each.
 * A 20,000-item first pull with no reservations is ~201 calls instead of 20,000 summaries.
 *
 * The cursor (`acumatica.inventory`, the newest LastModifiedDateTime read) moves in the transaction that
 * commits the last chunk, with a 5-minute overlap on the next read. Each chunk of 100 items commits its levels,
 * their `inventory_changes` rows (source "acumatica") and the skipped SKUs (`inventory_skips`, why each).
 */
export const INVENTORY_PULL_FLOW = "acumatica.pull-inventory";
export { INVENTORY_RESYNC_FLOW } from "@/lib/inventory/schemas";
import { INVENTORY_RESYNC_FLOW } from "@/lib/inventory/schemas";
export const INVENTORY_CURSOR = "acumatica.inventory";
export const OVERLAP_MS = 5 * 60_000;
const CHUNK = 100;
/** Above this many changed items (and half the catalog), the StockItem list is paged whole rather than filtered by InventoryID. */
const FULL_LIST_ABOVE = 2_000;
type StockItemRow = Awaited<ReturnType<AcumaticaClient["stockItems"]["list"]>>[number];

export interface InventoryPullCounts {
  /** Items Acumatica reported changed (all of them in a resync). */
  read: number;
  kept: number;
  skippedSkus: number;
  levelsCreated: number;
  levelsChanged: number;
  unchanged: number;
  /** Acumatica calls: the changed-items inquiry, StockItem lists, per-item summaries. */
  calls: number;
  summaries: number;
}

const ZERO: InventoryPullCounts = { read: 0, kept: 0, skippedSkus: 0, levelsCreated: 0, levelsChanged: 0, unchanged: 0, calls: 0, summaries: 0 };

export interface PullInventoryOptions {
  overlapMs?: number;
  chunkSize?: number;
  /** TikTok clients per shop (tests); defaults to the stored connection's. */
  tiktokClient?: (connectionId: string) => Promise<Pick<Awaited<ReturnType<typeof getTikTokShopClient>>, "findSkusBySellerSku">>;
}

/**
 * Looks the master SKUs up in every connected shop (10 a call) and records each TikTok SKU found as a linked
 * listing, so the next pull and the TikTok push know it without asking again. Returns the products found.
 */
async function linkTikTokSkus(db: Db, workspaceId: string, items: Array<{ productId: string; sku: string }>, tiktokClient: PullInventoryOptions["tiktokClient"]): Promise<Set<string>> {
  const found = new Set<string>();
  const shops = await db
    .select({ id: connections.id })
    .from(connections)
    .where(and(eq(connections.workspaceId, workspaceId), eq(connections.provider, "tiktok_shop"), eq(connections.status, "connected")));
  for (const shop of shops) {
    const client = await (tiktokClient ?? ((id: string) => getTikTokShopClient(db, workspaceId, id)))(shop.id);
    const hits = await client.findSkusBySellerSku(items.map((i) => i.sku));
    const links: Array<typeof productListings.$inferInsert> = [];
    for (const i of items) {
      const hit = hits.get(i.sku);
      if (!hit) continue;
      found.add(i.productId);
      links.push({ workspaceId, productId: i.productId, connectionId: shop.id, tiktokProductId: hit.productId, tiktokSkuId: hit.skuId, status: "linked" });
    }
    for (let k = 0; k < links.length; k += 1000) await db.insert(productListings).values(links.slice(k, k + 1000)).onConflictDoNothing();
  }
  return found;
}

interface Reading {
  productId: string;
  locationId: string;
  available: number;
  onHand: number;
}

export async function pullInventory(
  deps: EngineDeps,
  p: { workspaceId: string; mode?: "incremental" | "full"; runId?: string },
  opts: PullInventoryOptions = {},
): Promise<InventoryPullCounts | { skipped: string }> {
  const mode = p.mode ?? "incremental";
  const settings = await loadSettings(deps.db, p.workspaceId);
  const finishRun = (id: string, counts: InventoryPullCounts, error: string | null) =>
    deps.db.update(syncRuns).set({ finishedAt: sql`now()`, counts: { ...counts }, error }).where(and(eq(syncRuns.id, id), eq(syncRuns.workspaceId, p.workspaceId)));
  if (settings.catalog.inventory !== "pull") {
    const skipped = "Process inventory information is not set to Pull inventory updates from Acumatica.";
    if (p.runId) await finishRun(p.runId, ZERO, skipped);
    return { skipped };
  }
  let client: AcumaticaClient;
  try {
    client = await acumaticaFor(deps, p.workspaceId);
  } catch (err) {
    if (!(err instanceof ParkedError)) throw err;
    if (p.runId) await finishRun(p.runId, ZERO, err.message);
    return { skipped: err.message };
  }

  let runId = p.runId;
  if (runId) {
    const [run] = await deps.db.select().from(syncRuns).where(and(eq(syncRuns.id, runId), eq(syncRuns.workspaceId, p.workspaceId)));
    if (!run || run.finishedAt) return { skipped: "That resync has already finished." };
  } else {
    const [run] = await deps.db.insert(syncRuns).values({ workspaceId: p.workspaceId, flow: mode === "full" ? INVENTORY_RESYNC_FLOW : INVENTORY_PULL_FLOW }).returning();
    runId = run!.id;
  }
  const counts: InventoryPullCounts = { ...ZERO };
  const startedAt = new Date();
  try {
    const [cursorRow] = await deps.db.select().from(syncCursors).where(and(eq(syncCursors.workspaceId, p.workspaceId), eq(syncCursors.stream, INVENTORY_CURSOR)));
    const since = mode === "full" || !cursorRow ? undefined : new Date(Date.parse(cursorRow.position) - (opts.overlapMs ?? OVERLAP_MS));
    const changed = (await client.inventory.quantityAvailable({ modifiedSince: since })).Results ?? [];
    counts.calls++;
    counts.read = changed.length;
    await deps.db.update(syncRuns).set({ counts: { ...counts } }).where(eq(syncRuns.id, runId));

    const index = await loadCatalogIndex(deps.db, p.workspaceId);
    const excluded = new Set(settings.catalog.excludedSkus);
    const hubLocations = new Map((await deps.db.select({ id: locations.id, code: locations.code }).from(locations).where(eq(locations.workspaceId, p.workspaceId))).map((l) => [l.code.toUpperCase(), l.id]));
    let high: string | null = null;
    const totals = new Map<string, number>();
    const kept: Array<{ inventoryId: string; productId: string }> = [];
    const skips: Array<{ sku: string; reason: SkipReason; detail: string }> = [];
    const unmatched: Array<{ inventoryId: string; productId: string; sku: string; qty: number }> = [];
    for (const row of changed) {
      const inventoryId = row.InventoryID;
      if (!inventoryId) continue;
      if (row.LastModifiedDateTime && (!high || Date.parse(row.LastModifiedDateTime) > Date.parse(high))) high = new Date(row.LastModifiedDateTime).toISOString();
      const scope = scopeOf(index, settings.catalog, excluded, inventoryId);
      if ("skip" in scope) {
        if (scope.skip === "unmatched" && scope.productId && scope.sku) unmatched.push({ inventoryId, productId: scope.productId, sku: scope.sku, qty: row.QtyAvailable ?? 0 });
        else skips.push({ sku: inventoryId, reason: scope.skip, detail: SKIP_REASONS[scope.skip] });
        continue;
      }
      totals.set(inventoryId, row.QtyAvailable ?? 0);
      kept.push({ inventoryId, productId: scope.productId });
    }
    // "Process only inventory items with matched SKUs": a product with no TikTok listing yet may still have a TikTok
    // SKU of its master SKU in a shop; those found are linked (and kept), the others are skipped as unmatched.
    if (unmatched.length) {
      const found = await linkTikTokSkus(deps.db, p.workspaceId, unmatched, opts.tiktokClient);
      for (const u of unmatched) {
        if (found.has(u.productId)) {
          totals.set(u.inventoryId, u.qty);
          kept.push({ inventoryId: u.inventoryId, productId: u.productId });
        } else skips.push({ sku: u.inventoryId, reason: "unmatched", detail: SKIP_REASONS.unmatched });
      }
    }

    const size = opts.chunkSize ?? CHUNK;
    // Skips first, in their own chunks: a screen lists them as soon as the run has read the changes.
    for (let i = 0; i < skips.length; i += 1000) {
      const part = skips.slice(i, i + 1000);
      await deps.db
        .insert(inventorySkips)
        .values(part.map((s) => ({ workspaceId: p.workspaceId, ...s })))
        .onConflictDoUpdate({ target: [inventorySkips.workspaceId, inventorySkips.sku], set: { reason: sql`excluded.reason`, detail: sql`excluded.detail`, at: sql`now()` } });
    }
    counts.skippedSkus = skips.length;

    const select = ["InventoryID", "WarehouseDetails/WarehouseID", "WarehouseDetails/QtyOnHand"];
    // Most of the catalog changed (a first pull, a resync): paging the whole list costs about the calls naming them
    // would, without a long key filter (a slower multi-record query on Acumatica's side). Otherwise, 100 named a call.
    let everything: Map<string, StockItemRow> | null = null;
    if (kept.length > FULL_LIST_ABOVE && kept.length * 2 > index.size) {
      everything = new Map();
      for await (const page of client.stockItems.listModifiedSince(undefined, { pageSize: 100, expand: ["WarehouseDetails"], select })) {
        counts.calls++;
        for (const it of page) everything.set((it.InventoryID ?? "").toUpperCase(), it);
      }
    }
    for (let i = 0; i < kept.length; i += size) {
      const part = kept.slice(i, i + size);
      const readings: Reading[] = [];
      const noLocation: Array<{ sku: string; reason: SkipReason; detail: string }> = [];
      let byId = everything;
      if (!byId) {
        const items = await client.stockItems.list({ filter: part.map((k) => `InventoryID eq ${quoteODataString(k.inventoryId)}`).join(" or "), expand: ["WarehouseDetails"], select });
        counts.calls++;
        byId = new Map(items.map((it) => [(it.InventoryID ?? "").toUpperCase(), it]));
      }
      for (const k of part) {
        const details = (byId.get(k.inventoryId.toUpperCase())?.WarehouseDetails ?? []).filter((d) => d.WarehouseID);
        const total = totals.get(k.inventoryId) ?? 0;
        const onHandTotal = details.reduce((t, d) => t + (d.QtyOnHand ?? 0), 0);
        let perWarehouse: Array<{ warehouseId: string; onHand: number; available: number }>;
        if (details.length <= 1 || onHandTotal === total) {
          perWarehouse = details.map((d) => ({ warehouseId: d.WarehouseID!, onHand: d.QtyOnHand ?? 0, available: details.length === 1 ? total : (d.QtyOnHand ?? 0) }));
        } else {
          // Reservations somewhere: only the Inventory Summary splits availability by warehouse.
          const summary = await client.inventory.summary({ inventoryId: k.inventoryId });
          counts.calls++;
          counts.summaries++;
          const sums = new Map<string, { onHand: number; available: number }>();
          for (const r of summary.Results ?? []) {
            if (!r.WarehouseID) continue;
            const s = sums.get(r.WarehouseID) ?? { onHand: 0, available: 0 };
            s.onHand += r.QtyOnHand ?? 0;
            s.available += r.QtyAvailable ?? 0;
            sums.set(r.WarehouseID, s);
          }
          perWarehouse = [...sums].map(([warehouseId, s]) => ({ warehouseId, ...s }));
        }
        let placed = 0;
        for (const w of perWarehouse) {
          const locationId = hubLocations.get(w.warehouseId.toUpperCase());
          if (!locationId) continue;
          placed++;
          readings.push({ productId: k.productId, locationId, onHand: Math.trunc(w.onHand), available: Math.trunc(w.available) });
        }
        if (perWarehouse.length > 0 && placed === 0) {
          noLocation.push({ sku: k.inventoryId, reason: "no_location", detail: `${SKIP_REASONS.no_location}: ${perWarehouse.map((w) => w.warehouseId).join(", ")}` });
        }
      }
      const last = i + size >= kept.length;
      await deps.transaction(async (tx) => {
        await writeLevels(tx, p.workspaceId, readings, counts);
        const placedSkus = part.map((k) => k.inventoryId).filter((sku) => !noLocation.some((n) => n.sku === sku));
        if (placedSkus.length) await tx.db.delete(inventorySkips).where(and(eq(inventorySkips.workspaceId, p.workspaceId), inArray(inventorySkips.sku, placedSkus)));
        if (noLocation.length) {
          await tx.db
            .insert(inventorySkips)
            .values(noLocation.map((s) => ({ workspaceId: p.workspaceId, ...s })))
            .onConflictDoUpdate({ target: [inventorySkips.workspaceId, inventorySkips.sku], set: { reason: sql`excluded.reason`, detail: sql`excluded.detail`, at: sql`now()` } });
          counts.skippedSkus += noLocation.length;
        }
        counts.kept += part.length - noLocation.length;
        await tx.db.update(syncRuns).set({ counts: { ...counts } }).where(eq(syncRuns.id, runId!));
        if (last) await finish(tx);
      });
    }

    async function finish(tx: JobTx) {
      if (high) {
        await tx.db
          .insert(syncCursors)
          .values({ workspaceId: p.workspaceId, stream: INVENTORY_CURSOR, position: high })
          .onConflictDoUpdate({ target: [syncCursors.workspaceId, syncCursors.stream], set: { position: sql`greatest(${syncCursors.position}, excluded.position)`, updatedAt: sql`now()` } });
      }
      // A full resync read every item: a skip it did not write again is stale.
      if (mode === "full") await tx.db.delete(inventorySkips).where(and(eq(inventorySkips.workspaceId, p.workspaceId), lt(inventorySkips.at, startedAt)));
      await tx.db.update(syncRuns).set({ finishedAt: sql`now()`, counts: { ...counts } }).where(eq(syncRuns.id, runId!));
      if (counts.levelsChanged + counts.levelsCreated > 0) await queueTikTokInventoryPushes(tx, p.workspaceId);
    }
    if (!kept.length) await deps.transaction(finish);
    return counts;
  } catch (err) {
    const last = err instanceof Error ? err.message : String(err);
    if (mode !== "full") await finishRun(runId, counts, last);
    else await deps.db.update(syncRuns).set({ counts: { ...counts }, error: last }).where(eq(syncRuns.id, runId));
    await parkOnLostAuthorization(deps, p.workspaceId, err).catch((e: unknown) => {
      if (!(e instanceof ParkedError)) throw e;
    });
    throw err;
  }
}

/** One statement per kind of write: levels (insert or update by key), and a change row per quantity that moved. */
async function writeLevels(tx: JobTx, workspaceId: string, readings: Reading[], counts: InventoryPullCounts) {
  if (!readings.length) return;
  const productIds = [...new Set(readings.map((r) => r.productId))];
  const existing = new Map(
    (
      await tx.db
        .select({ productId: inventoryLevels.productId, locationId: inventoryLevels.locationId, available: inventoryLevels.available, onHand: inventoryLevels.onHand, source: inventoryLevels.source })
        .from(inventoryLevels)
        .where(and(eq(inventoryLevels.workspaceId, workspaceId), inArray(inventoryLevels.productId, productIds)))
    ).map((l) => [`${l.productId}:${l.locationId}`, l]),
  );
  const writes: Array<typeof inventoryLevels.$inferInsert> = [];
  const changes: Array<typeof inventoryChanges.$inferInsert> = [];
  const seen = new Set<string>();
  for (const r of readings) {
    const key = `${r.productId}:${r.locationId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const before = existing.get(key);
    if (before && before.available === r.available && before.onHand === r.onHand && before.source === "acumatica") {
      counts.unchanged++;
      continue;
    }
    if (before) counts.levelsChanged++;
    else counts.levelsCreated++;
    writes.push({ workspaceId, productId: r.productId, locationId: r.locationId, available: r.available, onHand: r.onHand, source: "acumatica" });
    if (!before || before.available !== r.available) changes.push({ workspaceId, productId: r.productId, locationId: r.locationId, before: before?.available ?? null, after: r.available, source: "acumatica" });
  }
  if (writes.length) {
    await tx.db
      .insert(inventoryLevels)
      .values(writes)
      .onConflictDoUpdate({
        target: [inventoryLevels.productId, inventoryLevels.locationId],
        set: { available: sql`excluded.available`, onHand: sql`excluded.on_hand`, source: sql`excluded.source`, updatedAt: sql`now()` },
      });
  }
  if (changes.length) await tx.db.insert(inventoryChanges).values(changes);
}

/** Hub stock changed: each connected shop with Push inventory on sends what moved. */
export async function queueTikTokInventoryPushes(tx: JobTx, workspaceId: string) {
  const shops = await tx.db
    .select({ id: connections.id })
    .from(connections)
    .where(and(eq(connections.workspaceId, workspaceId), eq(connections.provider, "tiktok_shop"), eq(connections.status, "connected"), sql`${connections.settings}->>'pushInventory' = 'true'`));
  for (const s of shops) await tx.enqueue(JOBS.pushInventoryToTikTok, { workspaceId, connectionId: s.id }, { singletonKey: s.id });
}
