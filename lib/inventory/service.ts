import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/client";
import { inventoryChanges, inventoryLevels, inventoryTiktokPushes, locations, products, syncRuns } from "@/lib/db/schema";
import type { RequestContext } from "@/lib/auth/context-types";
import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { withJobTransaction } from "@/lib/jobs/transaction";
import { queueInventoryPush, startInventoryResync as startEngineInventoryResync } from "@/lib/sync/inventory/queue";
import { LABELS } from "@/lib/order-settings/schemas";
import { writeAudit } from "@/lib/workspaces/service";
import type { InventoryCsvField } from "./csv";
import { readInventoryCsv } from "./csv";
import { getInventorySettings } from "./queries";
import type { EditInventoryInput, InventoryImportInput } from "./schemas";
import { INVENTORY_RESYNC_FLOW, inventoryReadOnlyReason } from "./schemas";

const SETTING = "Connectors → Acumatica → Inventory and locations";

/**
 * Hub quantity writes (edits, CSV imports) take this per-workspace lock in
 * their transaction, so an import's plan cannot go stale under a concurrent
 * edit.
 */
export async function lockInventory(db: DbOrTx, workspaceId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`orderbridge.inventory:${workspaceId}`}, 0))`);
}

/**
 * Force inventory resync. Pull: the engine re-reads Acumatica's stock into a run row the screen polls. Push (the hub is
 * the source): every hub quantity is sent again — each level is marked not yet pushed (Acumatica adjusts only what
 * differs from its on hand, for the figures set here; TikTok gets every figure again) — and the run row records how many were queued.
 * Refused while Process inventory information is off; a running resync is returned.
 */
export async function requestInventoryResync(db: Db, ctx: RequestContext): Promise<{ runId: string; started: boolean }> {
  assertCan(ctx, "connectors:write");
  const { direction } = await getInventorySettings(db, ctx.workspaceId);
  if (direction === "off") {
    throw new AppError("validation", `Set ${LABELS.inventory} to ${LABELS.inventoryPull} or ${LABELS.inventoryPush} first: a resync refreshes that flow.`, undefined, SETTING);
  }
  if (direction === "pull") return startEngineInventoryResync(db, ctx);
  return withJobTransaction(db, async (tx) => {
    await lockInventory(tx.db, ctx.workspaceId);
    const marked = await tx.db
      .update(inventoryLevels)
      .set({ pushedToErpAt: null, pushedToTiktokAt: null, pushedQuantity: null })
      .where(eq(inventoryLevels.workspaceId, ctx.workspaceId))
      .returning({ productId: inventoryLevels.productId });
    await tx.db.delete(inventoryTiktokPushes).where(eq(inventoryTiktokPushes.workspaceId, ctx.workspaceId));
    const [run] = await tx.db
      .insert(syncRuns)
      .values({ workspaceId: ctx.workspaceId, flow: INVENTORY_RESYNC_FLOW, finishedAt: sql`now()`, counts: { levelsQueued: marked.length } })
      .returning({ id: syncRuns.id });
    await queueInventoryPush(tx, ctx.workspaceId);
    await writeAudit(tx.db, ctx, "inventory.resync", run!.id, { direction, levelsQueued: marked.length });
    return { runId: run!.id, started: true };
  });
}

/** Refuses hub quantity changes unless the hub is the source (push mode), with the reason. */
async function assertHubIsSource(db: DbOrTx, workspaceId: string, field: string): Promise<void> {
  const { direction } = await getInventorySettings(db, workspaceId);
  const reason = inventoryReadOnlyReason(direction);
  if (reason) throw new AppError("validation", reason, { [field]: [reason] }, SETTING);
}

/**
 * Inventory → a row's quantity: the hub's figure for one SKU × location
 * (available and on hand alike: the hub holds no allocations), with an
 * inventory_changes row naming the user, an audit row and the push trigger,
 * in one transaction. Push mode only.
 */
export async function editInventoryLevel(db: Db, ctx: RequestContext, input: EditInventoryInput): Promise<{ before: number | null; after: number; changed: boolean }> {
  assertCan(ctx, "connectors:write");
  await assertHubIsSource(db, ctx.workspaceId, "quantity");
  return withJobTransaction(db, async (tx) => {
    await lockInventory(tx.db, ctx.workspaceId);
    const [product] = await tx.db.select({ id: products.id, sku: products.sku }).from(products).where(and(eq(products.workspaceId, ctx.workspaceId), eq(products.id, input.productId)));
    if (!product) throw new AppError("not_found", "That product is not in this workspace.", { productId: ["That product is not in this workspace."] });
    const [location] = await tx.db.select({ id: locations.id, code: locations.code }).from(locations).where(and(eq(locations.workspaceId, ctx.workspaceId), eq(locations.id, input.locationId)));
    if (!location) throw new AppError("not_found", "That location is not in this workspace.", { locationId: ["That location is not in this workspace."] });
    const [level] = await tx.db
      .select({ available: inventoryLevels.available })
      .from(inventoryLevels)
      .where(and(eq(inventoryLevels.productId, product.id), eq(inventoryLevels.locationId, location.id)))
      .for("update");
    const before = level?.available ?? null;
    if (before === input.quantity) return { before, after: input.quantity, changed: false };
    await upsertLevels(tx.db, ctx.workspaceId, [{ productId: product.id, locationId: location.id, quantity: input.quantity }], "edit");
    await tx.db.insert(inventoryChanges).values({ workspaceId: ctx.workspaceId, productId: product.id, locationId: location.id, before, after: input.quantity, source: "edit", userId: ctx.userId });
    await writeAudit(tx.db, ctx, "inventory.edit", product.id, { sku: product.sku, location: location.code, before, after: input.quantity });
    await queueInventoryPush(tx, ctx.workspaceId);
    return { before, after: input.quantity, changed: true };
  });
}

async function upsertLevels(db: DbOrTx, workspaceId: string, levels: ReadonlyArray<{ productId: string; locationId: string; quantity: number }>, source: "edit" | "csv"): Promise<void> {
  for (let i = 0; i < levels.length; i += 1000) {
    await db
      .insert(inventoryLevels)
      .values(levels.slice(i, i + 1000).map((l) => ({ workspaceId, productId: l.productId, locationId: l.locationId, available: l.quantity, onHand: l.quantity, source })))
      .onConflictDoUpdate({
        target: [inventoryLevels.productId, inventoryLevels.locationId],
        set: { available: sql`excluded.available`, onHand: sql`excluded.on_hand`, source: sql`excluded.source`, updatedAt: sql`now()` },
      });
  }
}

export interface InventoryImportRow {
  line: number;
  sku: string;
  location: string;
  /** The level now (null: no level yet) and in the file. */
  before: number | null;
  after: number | null;
  change: "set" | "unchanged" | null;
  /** The column at fault and why; `suggestion` is a near miss (same letters, other case or spaces). */
  error: { field: InventoryCsvField; message: string; suggestion?: string } | null;
}

export interface InventoryImportPreview {
  rows: InventoryImportRow[];
  fileError: string | null;
  counts: { rows: number; changes: number; errors: number };
}

type Plan = { preview: InventoryImportPreview; changes: Array<{ productId: string; locationId: string; before: number | null; quantity: number }> };

const loose = (v: string) => v.trim().toLowerCase();

/** Exact matches of `keys` in a text column, and near misses (same text ignoring case and outer spaces) for the rest. */
async function matchExactly<T extends { id: string; key: string }>(lookup: (keys: string[]) => Promise<T[]>, nearLookup: (loose: string[]) => Promise<T[]>, keys: string[]) {
  const exact = new Map<string, T>();
  for (let i = 0; i < keys.length; i += 1000) for (const r of await lookup(keys.slice(i, i + 1000))) exact.set(r.key, r);
  const missing = [...new Set(keys.filter((k) => !exact.has(k)).map(loose))];
  const near = new Map<string, string>();
  for (let i = 0; i < missing.length; i += 1000) for (const r of await nearLookup(missing.slice(i, i + 1000))) if (!near.has(loose(r.key))) near.set(loose(r.key), r.key);
  return { exact, near: (k: string) => near.get(loose(k)) };
}

/**
 * Plans an inventory CSV against the workspace: each row's level now → in the
 * file, or the problem naming the row and the column (unknown SKU — exact
 * match, with the near miss when one differs only in case or spaces; unknown
 * location; a quantity that is not a whole number ≥ 0; a SKU × location twice).
 */
export async function planInventoryImport(db: DbOrTx, workspaceId: string, input: InventoryImportInput): Promise<Plan> {
  const read = readInventoryCsv(input.csv);
  if (!read.ok) return { preview: { rows: [], fileError: read.fileError, counts: { rows: 0, changes: 0, errors: 0 } }, changes: [] };
  const rows: InventoryImportRow[] = read.rows.map((r) => ({ line: r.line, sku: r.sku, location: r.location, before: null, after: r.quantity, change: null, error: r.error }));
  const valid = rows.filter((r) => !r.error);
  const skus = await matchExactly(
    (keys) => db.select({ id: products.id, key: products.sku }).from(products).where(and(eq(products.workspaceId, workspaceId), inArray(products.sku, keys))),
    (keys) => db.select({ id: products.id, key: products.sku }).from(products).where(and(eq(products.workspaceId, workspaceId), inArray(sql<string>`lower(btrim(${products.sku}))`, keys))),
    [...new Set(valid.map((r) => r.sku))],
  );
  const codes = await matchExactly(
    (keys) => db.select({ id: locations.id, key: locations.code }).from(locations).where(and(eq(locations.workspaceId, workspaceId), inArray(locations.code, keys))),
    (keys) => db.select({ id: locations.id, key: locations.code }).from(locations).where(and(eq(locations.workspaceId, workspaceId), inArray(sql<string>`lower(btrim(${locations.code}))`, keys))),
    [...new Set(valid.map((r) => r.location))],
  );
  for (const r of valid) {
    if (!skus.exact.has(r.sku)) {
      const near = skus.near(r.sku);
      r.error = near
        ? { field: "sku", message: `No product has the SKU ${r.sku}. Did you mean ${near}? SKUs match exactly, case and spaces included.`, suggestion: near }
        : { field: "sku", message: `No product has the SKU ${r.sku} (SKUs match exactly, case included).` };
    } else if (!codes.exact.has(r.location)) {
      const near = codes.near(r.location);
      r.error = near
        ? { field: "location", message: `No location has the code ${r.location}. Did you mean ${near}?`, suggestion: near }
        : { field: "location", message: `No location has the code ${r.location}: add it on Locations first.` };
    }
  }
  const ok = valid.filter((r) => !r.error);
  const pairs = ok.map((r) => ({ productId: skus.exact.get(r.sku)!.id, locationId: codes.exact.get(r.location)!.id, row: r }));
  const current = new Map<string, number>();
  const productIds = [...new Set(pairs.map((p) => p.productId))];
  for (let i = 0; i < productIds.length; i += 1000) {
    const levels = await db
      .select({ productId: inventoryLevels.productId, locationId: inventoryLevels.locationId, available: inventoryLevels.available })
      .from(inventoryLevels)
      .where(and(eq(inventoryLevels.workspaceId, workspaceId), inArray(inventoryLevels.productId, productIds.slice(i, i + 1000))));
    for (const l of levels) current.set(`${l.productId}:${l.locationId}`, l.available);
  }
  const changes: Plan["changes"] = [];
  for (const p of pairs) {
    const before = current.get(`${p.productId}:${p.locationId}`) ?? null;
    p.row.before = before;
    p.row.change = before === p.row.after ? "unchanged" : "set";
    if (p.row.change === "set") changes.push({ productId: p.productId, locationId: p.locationId, before, quantity: p.row.after! });
  }
  const errors = rows.filter((r) => r.error).length;
  return { preview: { rows, fileError: null, counts: { rows: rows.length, changes: errors ? 0 : changes.length, errors } }, changes };
}

/** Inventory → Import: what the file would change, row by row; nothing is written. */
export async function previewInventoryImport(db: Db, ctx: RequestContext, input: InventoryImportInput): Promise<InventoryImportPreview> {
  assertCan(ctx, "connectors:write");
  await assertHubIsSource(db, ctx.workspaceId, "csv");
  return (await planInventoryImport(db, ctx.workspaceId, input)).preview;
}

/**
 * Inventory → Import → Import: the whole file in one transaction, planned
 * again under the inventory lock; any bad row (or a file problem) and nothing
 * is applied. Each change gets its inventory_changes row; the push is queued.
 */
export async function applyInventoryImport(db: Db, ctx: RequestContext, input: InventoryImportInput): Promise<{ applied: number; preview: InventoryImportPreview }> {
  assertCan(ctx, "connectors:write");
  await assertHubIsSource(db, ctx.workspaceId, "csv");
  return withJobTransaction(db, async (tx) => {
    await lockInventory(tx.db, ctx.workspaceId);
    const { preview, changes } = await planInventoryImport(tx.db, ctx.workspaceId, input);
    if (preview.fileError) throw new AppError("validation", preview.fileError, { csv: [preview.fileError] });
    if (preview.counts.errors > 0) {
      const message = `${preview.counts.errors} row${preview.counts.errors === 1 ? " has a problem" : "s have problems"}: nothing was imported. Fix ${preview.counts.errors === 1 ? "it" : "them"} and import the file again.`;
      throw new AppError("validation", message, { csv: [message] });
    }
    await upsertLevels(tx.db, ctx.workspaceId, changes, "csv");
    for (let i = 0; i < changes.length; i += 1000) {
      await tx.db
        .insert(inventoryChanges)
        .values(changes.slice(i, i + 1000).map((c) => ({ workspaceId: ctx.workspaceId, productId: c.productId, locationId: c.locationId, before: c.before, after: c.quantity, source: "csv", userId: ctx.userId })));
    }
    await writeAudit(tx.db, ctx, "inventory.import", null, { rows: preview.counts.rows, changes: changes.length });
    if (changes.length) await queueInventoryPush(tx, ctx.workspaceId);
    return { applied: changes.length, preview };
  });
}

