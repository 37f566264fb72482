import { and, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/client";
import { connections, erpItemChecks, inventoryLevels, productChannelSkus, productListings, products, syncExceptions, syncRuns } from "@/lib/db/schema";
import type { RequestContext } from "@/lib/auth/context-types";
import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import type { JobTx } from "@/lib/jobs/transaction";
import { withJobTransaction } from "@/lib/jobs/transaction";
import { parseStoredSettings, tiktokShopSettingsSchema } from "@/lib/connections/stored-settings";
import { getOrderSettings } from "@/lib/order-settings/queries";
import { LABELS } from "@/lib/order-settings/schemas";
import { CATALOG_RESYNC_FLOW } from "@/lib/sync/acumatica/pull-products";
import { JOBS } from "@/lib/sync/jobs/catalog";
import { assertProductPushRegion, queueListing } from "@/lib/sync/tiktok/push-products";
import { writeAudit } from "@/lib/workspaces/service";
import { lockCatalog } from "./catalog-lock";
import { CsvSyntaxError, parseCsv } from "./csv";
import type { ChannelSkuImportInput, SaveChannelSkuInput } from "./schemas";
import { CHANNEL_OPTIONS_NOTES, CHANNEL_SKU_CSV_COLUMNS } from "./schemas";

type ProductRow = typeof products.$inferSelect;

/** What saving one Channel SKU does (computed before anything is written). */
export type ChannelSkuPlan =
  | { kind: "error"; message: string }
  | { kind: "unchanged"; product: ProductRow; channelSku: string }
  | { kind: "set" | "clear"; product: ProductRow | null; sku: string; before: string | null; channelSku: string }
  /** The Acumatica item already has a product (pulled, master SKU = the item): it takes the TikTok SKU as master SKU instead of a second product. */
  | { kind: "merge"; into: ProductRow; sku: string; channelSku: string; replaces: ProductRow | null };

export interface PlanContext {
  /** Channel SKUs other products will hold (the database's, with the changes of the same import applied). */
  channelOwner(channelSku: string): Promise<string | null>;
}

async function channelSkuOf(db: DbOrTx, productId: string): Promise<string | null> {
  const [row] = await db.select({ channelSku: productChannelSkus.channelSku }).from(productChannelSkus).where(and(eq(productChannelSkus.productId, productId), eq(productChannelSkus.connector, "acumatica")));
  return row?.channelSku ?? null;
}

async function hasChildren(db: DbOrTx, workspaceId: string, productId: string): Promise<boolean> {
  const [child] = await db.select({ id: products.id }).from(products).where(and(eq(products.workspaceId, workspaceId), eq(products.parentId, productId))).limit(1);
  return !!child;
}

const dbChannelOwner = (db: DbOrTx, workspaceId: string) => async (channelSku: string) => {
  const [row] = await db
    .select({ sku: products.sku })
    .from(productChannelSkus)
    .innerJoin(products, eq(products.id, productChannelSkus.productId))
    .where(and(eq(productChannelSkus.workspaceId, workspaceId), eq(productChannelSkus.connector, "acumatica"), eq(productChannelSkus.channelSku, channelSku)));
  return row?.sku ?? null;
};

/**
 * Decides what saving Channel SKU `channelSku` for the product with master SKU
 * `sku` (or `product`) does. The Step 5 model: a TikTok SKU is a master SKU;
 * the Channel SKU is the Acumatica InventoryID to send for it.
 */
export async function planChannelSku(db: DbOrTx, workspaceId: string, target: { product: ProductRow | null; sku: string }, channelSku: string, ctx: PlanContext): Promise<ChannelSkuPlan> {
  const { product, sku } = target;
  if (product && (await hasChildren(db, workspaceId, product.id))) {
    return channelSku || (await channelSkuOf(db, product.id)) ? { kind: "error", message: CHANNEL_OPTIONS_NOTES.parent } : { kind: "unchanged", product, channelSku: "" };
  }
  const before = product ? await channelSkuOf(db, product.id) : null;
  if (!channelSku) return product && !before ? { kind: "unchanged", product, channelSku: "" } : { kind: "clear", product, sku, before, channelSku: "" };
  if (product && before === channelSku) return { kind: "unchanged", product, channelSku };
  const owner = await ctx.channelOwner(channelSku);
  if (owner !== null && owner !== sku) return { kind: "error", message: `${channelSku} is already the Acumatica Channel SKU of product ${owner}: one Acumatica item maps to one product.` };
  if (channelSku === sku) return { kind: "error", message: `The Channel SKU equals the master SKU ${sku}: leave it empty and the master SKU is sent.` };
  const [namesake] = await db.select().from(products).where(and(eq(products.workspaceId, workspaceId), eq(products.sku, channelSku)));
  if (namesake && namesake.source === "acumatica" && !(await channelSkuOf(db, namesake.id))) {
    if (namesake.isTemplate || (await hasChildren(db, workspaceId, namesake.id))) {
      return { kind: "error", message: `${channelSku} is a matrix template in Acumatica, not an item an order can ship: map a variant's SKU.` };
    }
    if (product && (product.source === "acumatica" || product.isTemplate)) {
      return {
        kind: "error",
        message: `Both ${sku} and ${channelSku} are items in Acumatica's item master, each with its own product here. A TikTok SKU that Acumatica knows as its own item needs no Channel SKU.`,
      };
    }
    return { kind: "merge", into: namesake, sku, channelSku, replaces: product };
  }
  return { kind: "set", product, sku, before, channelSku };
}

/** Writes a plan (inside the catalog lock); returns the product the Channel SKU now belongs to. */
export async function applyChannelSkuPlan(db: DbOrTx, workspaceId: string, plan: Exclude<ChannelSkuPlan, { kind: "error" }>): Promise<ProductRow> {
  if (plan.kind === "unchanged") return plan.product;
  if (plan.kind === "merge") {
    const { into, replaces } = plan;
    if (replaces) {
      // The manual product made for the TikTok SKU gives way: what hangs on it moves to the Acumatica product.
      await db
        .update(productListings)
        .set({ productId: into.id })
        .where(and(eq(productListings.productId, replaces.id), sql`not exists (select 1 from ${productListings} l2 where l2.product_id = ${into.id} and l2.connection_id = ${productListings.connectionId})`));
      await db
        .update(inventoryLevels)
        .set({ productId: into.id })
        .where(and(eq(inventoryLevels.productId, replaces.id), sql`not exists (select 1 from ${inventoryLevels} i2 where i2.product_id = ${into.id} and i2.location_id = ${inventoryLevels.locationId})`));
      await db.delete(products).where(and(eq(products.workspaceId, workspaceId), eq(products.id, replaces.id)));
    }
    const [renamed] = await db.update(products).set({ sku: plan.sku, updatedAt: sql`now()` }).where(eq(products.id, into.id)).returning();
    await db.insert(productChannelSkus).values({ workspaceId, productId: into.id, connector: "acumatica", channelSku: plan.channelSku });
    await db.delete(erpItemChecks).where(and(eq(erpItemChecks.workspaceId, workspaceId), eq(erpItemChecks.requested, plan.channelSku)));
    return renamed!;
  }
  const product = plan.product ?? (await db.insert(products).values({ workspaceId, sku: plan.sku, name: plan.sku, source: "manual" }).returning())[0]!;
  if (plan.kind === "set") {
    await db
      .insert(productChannelSkus)
      .values({ workspaceId, productId: product.id, connector: "acumatica", channelSku: plan.channelSku })
      .onConflictDoUpdate({ target: [productChannelSkus.productId, productChannelSkus.connector], set: { channelSku: plan.channelSku, updatedAt: sql`now()` } });
    // Ask Acumatica afresh about the new mapping.
    await db.delete(erpItemChecks).where(and(eq(erpItemChecks.workspaceId, workspaceId), eq(erpItemChecks.requested, plan.channelSku)));
  } else {
    await db.delete(productChannelSkus).where(and(eq(productChannelSkus.productId, product.id), eq(productChannelSkus.connector, "acumatica")));
  }
  return product;
}

/** Retries the orders and refunds held back by "SKU not found" on these master SKUs; returns how many were queued. */
async function retrySkuExceptions(tx: JobTx, workspaceId: string, skus: string[]): Promise<number> {
  if (skus.length === 0) return 0;
  const open = await tx.db
    .select({ entityType: syncExceptions.entityType, entityId: syncExceptions.entityId })
    .from(syncExceptions)
    .where(and(eq(syncExceptions.workspaceId, workspaceId), eq(syncExceptions.status, "open"), inArray(syncExceptions.subject, skus), sql`${syncExceptions.cause} in ('sku_not_found', 'sku_spelling')`));
  const seen = new Set<string>();
  for (const e of open) {
    if (seen.has(e.entityId)) continue;
    seen.add(e.entityId);
    if (e.entityType === "order") await tx.enqueue(JOBS.pushSalesOrder, { workspaceId, orderId: e.entityId }, { singletonKey: e.entityId });
    else if (e.entityType === "refund") await tx.enqueue(JOBS.pushReturnOrder, { workspaceId, refundId: e.entityId }, { singletonKey: e.entityId });
  }
  return seen.size;
}

/**
 * Sets (or clears) a product's Channel SKU on the Acumatica row — the
 * Acumatica InventoryID to send for it when it differs from the master SKU.
 * A SKU seen only on TikTok orders gets its product created here — or, when
 * Acumatica's item already came in as a product of its own (pulled, master SKU
 * = the InventoryID), that product takes the TikTok SKU as its master SKU
 * (no duplicate). The open "SKU not found" exceptions of that SKU are retried
 * at once, so they close themselves when the mapping fixes them.
 */
export async function saveChannelSku(db: Db, ctx: RequestContext, input: SaveChannelSkuInput): Promise<{ productId: string; retried: number; merged: boolean }> {
  assertCan(ctx, "connectors:write");
  return withJobTransaction(db, async (tx) => {
    await lockCatalog(tx.db, ctx.workspaceId);
    const [product] = input.productId
      ? await tx.db.select().from(products).where(and(eq(products.workspaceId, ctx.workspaceId), eq(products.id, input.productId)))
      : await tx.db.select().from(products).where(and(eq(products.workspaceId, ctx.workspaceId), eq(products.sku, input.sku!)));
    if (!product && input.sku === undefined) throw new AppError("not_found", "That product is not in this workspace.");
    const sku = product?.sku ?? input.sku!;
    const plan = await planChannelSku(tx.db, ctx.workspaceId, { product: product ?? null, sku }, input.channelSku, { channelOwner: dbChannelOwner(tx.db, ctx.workspaceId) });
    if (plan.kind === "error") throw new AppError("validation", plan.message, { channelSku: [plan.message] });
    const saved = await applyChannelSkuPlan(tx.db, ctx.workspaceId, plan);
    const before = plan.kind === "set" || plan.kind === "clear" ? plan.before : plan.kind === "merge" ? null : plan.channelSku || null;
    await writeAudit(tx.db, ctx, "product.channel_sku", saved.id, {
      sku,
      before,
      after: input.channelSku || null,
      ...(plan.kind === "merge" ? { merged: { acumaticaProduct: plan.into.id, replaced: plan.replaces?.id ?? null } } : {}),
    });
    const retried = plan.kind === "unchanged" ? 0 : await retrySkuExceptions(tx, ctx.workspaceId, [sku]);
    return { productId: saved.id, retried, merged: plan.kind === "merge" };
  });
}

export interface ChannelSkuImportRow {
  line: number;
  sku: string;
  /** The Channel SKU before and after (null = none: the master SKU is sent). */
  before: string | null;
  after: string | null;
  change: "set" | "clear" | "unchanged" | "merge" | null;
  error: string | null;
}

export interface ChannelSkuImportPreview {
  rows: ChannelSkuImportRow[];
  /** A problem with the file itself (no rows are read). */
  fileError: string | null;
  counts: { rows: number; changes: number; errors: number };
}

const spaced = (v: string) => v !== v.trim();

/**
 * Reads a Channel SKU CSV (columns `sku`, `acumatica_channel_sku`; others
 * ignored) and plans every row against the catalog: the change it makes, or
 * why it cannot (unknown SKU, a parent product, stray spaces, a SKU or Channel
 * SKU listed twice, a Channel SKU another product holds).
 */
export async function planChannelSkuImport(db: DbOrTx, workspaceId: string, input: ChannelSkuImportInput): Promise<{ preview: ChannelSkuImportPreview; plans: Map<number, Exclude<ChannelSkuPlan, { kind: "error" }>> }> {
  const plans = new Map<number, Exclude<ChannelSkuPlan, { kind: "error" }>>();
  const empty = (fileError: string) => ({ preview: { rows: [], fileError, counts: { rows: 0, changes: 0, errors: 0 } }, plans });
  let table;
  try {
    table = parseCsv(input.csv);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return empty(err.message);
    throw err;
  }
  const header = table.header.map((h) => h.trim().toLowerCase());
  const skuCol = header.indexOf(CHANNEL_SKU_CSV_COLUMNS.sku);
  const channelCol = header.indexOf(CHANNEL_SKU_CSV_COLUMNS.channelSku);
  if (skuCol < 0 || channelCol < 0) return empty(`The first line must name the columns ${CHANNEL_SKU_CSV_COLUMNS.sku} and ${CHANNEL_SKU_CSV_COLUMNS.channelSku}.`);
  if (table.rows.length === 0) return empty("The file has no rows below its header.");
  if (table.rows.length > 20_000) return empty("The file has more than 20,000 rows: split it.");

  const rows: ChannelSkuImportRow[] = table.rows.map(({ line, cells }) => ({ line, sku: cells[skuCol] ?? "", before: null, after: (cells[channelCol] ?? "") || null, change: null, error: null }));
  const skuLines = new Map<string, number>();
  const channelLines = new Map<string, number>();
  for (const r of rows) {
    const channel = r.after ?? "";
    if (!r.sku) r.error = "The sku cell is empty.";
    else if (spaced(r.sku)) r.error = `The SKU "${r.sku}" starts or ends with a space: SKUs match exactly, so fix the cell.`;
    else if (spaced(channel)) r.error = `The Channel SKU "${channel}" starts or ends with a space: Acumatica SKUs never do.`;
    else if (channel.length > 30) r.error = "An Acumatica Inventory ID is at most 30 characters.";
    else if (skuLines.has(r.sku)) r.error = `${r.sku} is listed twice (also on line ${skuLines.get(r.sku)}).`;
    else if (channel && channelLines.has(channel)) r.error = `The Channel SKU ${channel} is listed twice (also on line ${channelLines.get(channel)}): one Acumatica item maps to one product.`;
    if (r.sku && !skuLines.has(r.sku)) skuLines.set(r.sku, r.line);
    if (channel && !channelLines.has(channel)) channelLines.set(channel, r.line);
  }

  const listed = [...skuLines.keys()];
  const found = new Map<string, ProductRow>();
  for (let i = 0; i < listed.length; i += 1000) {
    const part = listed.slice(i, i + 1000);
    for (const p of await db.select().from(products).where(and(eq(products.workspaceId, workspaceId), inArray(products.sku, part)))) found.set(p.sku, p);
  }
  // Who holds a Channel SKU once this file is applied: the file's own rows win over the database.
  const fileOwner = new Map<string, string>();
  const changedInFile = new Set<string>();
  for (const r of rows) {
    if (r.error || !found.has(r.sku)) continue;
    changedInFile.add(r.sku);
    if (r.after) fileOwner.set(r.after, r.sku);
  }
  const fromDb = dbChannelOwner(db, workspaceId);
  const ctx: PlanContext = {
    async channelOwner(channelSku) {
      const inFile = fileOwner.get(channelSku);
      if (inFile) return inFile;
      const owner = await fromDb(channelSku);
      return owner && changedInFile.has(owner) ? null : owner;
    },
  };
  for (const r of rows) {
    if (r.error) continue;
    const product = found.get(r.sku);
    if (!product) {
      r.error = `No product has the SKU ${r.sku} (SKUs match exactly, case included).`;
      continue;
    }
    const plan = await planChannelSku(db, workspaceId, { product, sku: r.sku }, r.after ?? "", ctx);
    if (plan.kind === "error") {
      r.error = plan.message;
      continue;
    }
    r.before = plan.kind === "set" || plan.kind === "clear" ? plan.before : plan.kind === "unchanged" ? plan.channelSku || null : null;
    r.change = plan.kind;
    plans.set(r.line, plan);
  }
  const errors = rows.filter((r) => r.error).length;
  return { preview: { rows, fileError: null, counts: { rows: rows.length, changes: rows.filter((r) => r.change && r.change !== "unchanged").length, errors } }, plans };
}

/** The preview of an import: nothing is written. */
export async function previewChannelSkuImport(db: Db, ctx: RequestContext, input: ChannelSkuImportInput): Promise<ChannelSkuImportPreview> {
  assertCan(ctx, "connectors:write");
  return (await planChannelSkuImport(db, ctx.workspaceId, input)).preview;
}

/**
 * Applies an import in one transaction, planned again under the catalog lock:
 * any bad row (or a file problem) and nothing is applied. The orders held back
 * by the SKUs it maps are retried.
 */
export async function applyChannelSkuImport(db: Db, ctx: RequestContext, input: ChannelSkuImportInput): Promise<{ applied: number; retried: number; preview: ChannelSkuImportPreview }> {
  assertCan(ctx, "connectors:write");
  return withJobTransaction(db, async (tx) => {
    await lockCatalog(tx.db, ctx.workspaceId);
    const { preview, plans } = await planChannelSkuImport(tx.db, ctx.workspaceId, input);
    if (preview.fileError) throw new AppError("validation", preview.fileError, { csv: [preview.fileError] });
    if (preview.counts.errors > 0) {
      const message = `${preview.counts.errors} row${preview.counts.errors === 1 ? " has a problem" : "s have problems"}: nothing was imported. Fix ${preview.counts.errors === 1 ? "it" : "them"} and import the file again.`;
      throw new AppError("validation", message, { csv: [message] });
    }
    const changed: string[] = [];
    // Clearings first: a Channel SKU moving from one product to another is free when it is set again.
    const ordered = [...plans.entries()].sort(([, a], [, b]) => Number(b.kind === "clear") - Number(a.kind === "clear"));
    for (const [line, plan] of ordered) {
      if (plan.kind === "unchanged") continue;
      await applyChannelSkuPlan(tx.db, ctx.workspaceId, plan);
      changed.push(preview.rows.find((r) => r.line === line)!.sku);
    }
    await writeAudit(tx.db, ctx, "product.channel_sku_import", null, { rows: preview.counts.rows, changes: changed.length });
    const retried = await retrySkuExceptions(tx, ctx.workspaceId, changed);
    return { applied: changed.length, retried, preview };
  });
}

/**
 * Force product catalog resync: one run that re-reads the whole item master
 * (the cursor is ignored), its progress in the run row. A resync already
 * running is returned instead of starting a second one.
 */
export async function startCatalogResync(db: Db, ctx: RequestContext): Promise<{ runId: string; started: boolean }> {
  assertCan(ctx, "connectors:write");
  const { settings } = await getOrderSettings(db, ctx.workspaceId);
  if (!settings.catalog.pullProducts) {
    throw new AppError("validation", `Turn on ${LABELS.pullProducts} first: a resync reads the item master that pull brings in.`, undefined, "Connectors → Acumatica → Sync settings");
  }
  return withJobTransaction(db, async (tx) => {
    await lockCatalog(tx.db, ctx.workspaceId);
    const [running] = await tx.db
      .select({ id: syncRuns.id })
      .from(syncRuns)
      .where(and(eq(syncRuns.workspaceId, ctx.workspaceId), eq(syncRuns.flow, CATALOG_RESYNC_FLOW), isNull(syncRuns.finishedAt), gt(syncRuns.startedAt, sql`now() - interval '6 hours'`)))
      .limit(1);
    if (running) return { runId: running.id, started: false };
    const [run] = await tx.db.insert(syncRuns).values({ workspaceId: ctx.workspaceId, flow: CATALOG_RESYNC_FLOW }).returning({ id: syncRuns.id });
    await tx.enqueue(JOBS.resyncProducts, { workspaceId: ctx.workspaceId, runId: run!.id }, { singletonKey: ctx.workspaceId });
    await writeAudit(tx.db, ctx, "catalog.resync", run!.id);
    return { runId: run!.id, started: true };
  });
}

async function loadShopForListings(db: DbOrTx, workspaceId: string, connectionId: string) {
  const [shop] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.workspaceId, workspaceId), eq(connections.id, connectionId), eq(connections.provider, "tiktok_shop")));
  if (!shop) throw new AppError("not_found", "That TikTok shop is not connected to this workspace.");
  return { shop, settings: parseStoredSettings(tiktokShopSettingsSchema, shop.settings, "Connectors → TikTok Shop") };
}

/**
 * "Push now": sends one product's listing (or plans the whole catalog) to a
 * shop. Refused outside the US and the UK with the setup guide's sentence,
 * whatever the stored toggle says.
 */
export async function pushListingsNow(db: Db, ctx: RequestContext, input: { connectionId: string; productId?: string }): Promise<{ queued: "product" | "catalog" }> {
  assertCan(ctx, "connectors:write");
  const { shop, settings } = await loadShopForListings(db, ctx.workspaceId, input.connectionId);
  assertProductPushRegion(settings.region);
  if (shop.status !== "connected") throw new AppError("validation", "This shop is not connected. Reconnect it first.", undefined, "Connectors → TikTok Shop");
  if (!settings.pushProducts) throw new AppError("validation", "Turn on Push products for this shop first.", { connectionId: ["Turn on Push products for this shop first."] }, "Connectors → TikTok Shop");
  return withJobTransaction(db, async (tx) => {
    if (input.productId) {
      const [product] = await tx.db.select({ id: products.id, parentId: products.parentId }).from(products).where(and(eq(products.workspaceId, ctx.workspaceId), eq(products.id, input.productId)));
      if (!product) throw new AppError("not_found", "That product is not in this workspace.");
      await queueListing(tx, { workspaceId: ctx.workspaceId, connectionId: shop.id, productId: product.parentId ?? product.id });
      await writeAudit(tx.db, ctx, "listing.push", product.id, { connectionId: shop.id });
      return { queued: "product" as const };
    }
    await tx.enqueue(JOBS.pushProducts, { workspaceId: ctx.workspaceId, connectionId: shop.id, retryFailed: true }, { singletonKey: shop.id });
    await writeAudit(tx.db, ctx, "listing.push_catalog", shop.id);
    return { queued: "catalog" as const };
  });
}

/** The TikTok category new listings of a shop are created in (US/UK shops only). Failed listings are tried again. */
export async function saveListingDefaults(db: Db, ctx: RequestContext, input: { connectionId: string; categoryId: string }): Promise<{ connectionId: string }> {
  assertCan(ctx, "connectors:write");
  const { shop, settings } = await loadShopForListings(db, ctx.workspaceId, input.connectionId);
  assertProductPushRegion(settings.region);
  return withJobTransaction(db, async (tx) => {
    const next = { ...settings, listingCategoryId: input.categoryId || undefined };
    await tx.db.update(connections).set({ settings: next as Record<string, unknown>, updatedAt: sql`now()` }).where(eq(connections.id, shop.id));
    await writeAudit(tx.db, ctx, "listing.defaults", shop.id, { before: settings.listingCategoryId ?? null, after: input.categoryId || null });
    if (settings.pushProducts && shop.status === "connected") await tx.enqueue(JOBS.pushProducts, { workspaceId: ctx.workspaceId, connectionId: shop.id, retryFailed: true }, { singletonKey: shop.id });
    return { connectionId: shop.id };
  });
}
