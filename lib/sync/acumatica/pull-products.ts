import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { connections, productChannelSkus, products, syncCursors, syncRuns } from "@/lib/db/schema";
import type { AcumaticaClient } from "@/lib/connectors/acumatica/client";
import { AcumaticaError } from "@/lib/connectors/acumatica/errors";
import type { HubProductFromErp } from "@/lib/connectors/acumatica/mapper";
import { templateToHubProduct, toHubProduct } from "@/lib/connectors/acumatica/mapper";
import { productPushAllowed } from "@/lib/connections/tiktok-schemas";
import type { JobTx } from "@/lib/jobs/transaction";
import { lockCatalog } from "@/lib/products/catalog-lock";
import { closeSubjects, syncProblems } from "@/lib/sync/exceptions/service";
import { JOBS } from "@/lib/sync/jobs/catalog";
import type { EngineDeps } from "./context";
import { acumaticaFor, loadSettings, parkOnLostAuthorization, ParkedError } from "./context";

/**
 * Acumatica's item master → the hub's products ("Pull product catalog
 * information from Acumatica"). Two streams, templates first so variants find
 * their parent: matrix templates (`TemplateItems`) and stock items, each read
 * by its modified stamp with an overlap, page by page ($top/$skip: Acumatica
 * has no ordering, so a page is not "older than the next"). Each page commits
 * with its progress; the stream's watermark moves only when a pass is
 * complete, so a crash resumes the pass where it stopped and never skips an
 * item. A force resync reads everything (no cursor), keeping its progress in
 * its run row, and marks inactive what Acumatica no longer has.
 *
 * Which product an item updates (the SKU model of setup guide Step 5):
 * the product whose Acumatica Channel SKU is the InventoryID; else the product
 * whose master SKU is the InventoryID (unless that one is mapped to another
 * item); else a new product with the InventoryID as master SKU.
 */
export const CATALOG_PULL_FLOW = "acumatica.pull-products";
export const CATALOG_RESYNC_FLOW = "acumatica.resync-products";
export const OVERLAP_MS = 5 * 60_000;
const PAGE_SIZE = 100;

export interface CatalogPullCounts {
  /** Items and templates read. */
  read: number;
  pages: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Read with a status that cannot be sold (No Sales, Inactive, Marked for Deletion). */
  inactive: number;
  /** Items left out because their SKU belongs to a product mapped to another Acumatica item. */
  conflicts: number;
  /** Acumatica products a force resync did not find any more (marked inactive). */
  missing: number;
}

const ZERO: CatalogPullCounts = { read: 0, pages: 0, created: 0, updated: 0, unchanged: 0, inactive: 0, conflicts: 0, missing: 0 };

type Mode = "incremental" | "full";

interface Stream {
  key: "templates" | "items";
  name: string;
  pages(client: AcumaticaClient, since: Date | undefined, skip: number, pageSize: number): AsyncGenerator<HubProductFromErp[]>;
}

async function* mapped<T>(pages: AsyncGenerator<T[]>, map: (item: T) => HubProductFromErp): AsyncGenerator<HubProductFromErp[]> {
  for await (const page of pages) yield page.map(map);
}

const STREAMS: Stream[] = [
  {
    key: "templates",
    name: "acumatica.template-items",
    pages: (client, since, skip, pageSize) =>
      mapped(
        client.templateItems.listModifiedSince(since, {
          pageSize,
          skip,
          select: ["InventoryID", "Description", "ItemStatus", "DefaultPrice", "DimensionWeight", "WeightUOM", client.itemModifiedField],
        }),
        templateToHubProduct,
      ),
  },
  {
    key: "items",
    name: "acumatica.stock-items",
    pages: (client, since, skip, pageSize) =>
      mapped(
        client.stockItems.listModifiedSince(since, {
          pageSize,
          skip,
          expand: ["Attributes", "CrossReferences"],
          select: [
            "InventoryID",
            "Description",
            "ItemStatus",
            "DefaultPrice",
            "DimensionWeight",
            "WeightUOM",
            "TemplateItemID",
            client.itemModifiedField,
            "Attributes/AttributeID",
            "Attributes/Value",
            "CrossReferences/AlternateID",
            "CrossReferences/AlternateType",
          ],
        }),
        toHubProduct,
      ),
  },
];

/** An incremental pass in progress: where it started reading, how far it got, the newest stamp seen. Stored beside the watermark. */
interface Pass {
  since: string | null;
  skip: number;
  high: string | null;
  startedAt: string;
}

const passStream = (s: Stream) => `${s.name}.pass`;

async function readCursor(deps: EngineDeps, workspaceId: string, stream: string): Promise<string | null> {
  const [row] = await deps.db.select().from(syncCursors).where(and(eq(syncCursors.workspaceId, workspaceId), eq(syncCursors.stream, stream)));
  return row?.position ?? null;
}

const putCursor = (tx: JobTx, workspaceId: string, stream: string, position: string) =>
  tx.db
    .insert(syncCursors)
    .values({ workspaceId, stream, position })
    .onConflictDoUpdate({ target: [syncCursors.workspaceId, syncCursors.stream], set: { position, updatedAt: sql`now()` } });

const maxIso = (a: string | null, b: string | null) => (!a ? b : !b ? a : Date.parse(a) >= Date.parse(b) ? a : b);

export interface PullProductsOptions {
  pageSize?: number;
  /** How far before the watermark a pass starts reading again (default OVERLAP_MS). */
  overlapMs?: number;
  /** Called after each committed page (tests stop a pass here to prove it resumes). */
  afterPage?: (stream: string, counts: CatalogPullCounts) => Promise<void> | void;
}

/**
 * One pull of a workspace's catalog. `runId` names the run row a force
 * resync was started with (its progress is read from there, so a retried job
 * continues where the last attempt stopped).
 */
export async function pullProducts(deps: EngineDeps, p: { workspaceId: string; mode?: Mode; runId?: string }, opts: PullProductsOptions = {}): Promise<CatalogPullCounts | { skipped: string }> {
  const mode: Mode = p.mode ?? "incremental";
  const settings = await loadSettings(deps.db, p.workspaceId);
  const finishRun = (id: string, counts: CatalogPullCounts, error: string | null) =>
    deps.db.update(syncRuns).set({ finishedAt: sql`now()`, counts: { ...counts }, error }).where(and(eq(syncRuns.id, id), eq(syncRuns.workspaceId, p.workspaceId)));
  if (!settings.catalog.pullProducts) {
    const skipped = "Pull product catalog information from Acumatica is off.";
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
  let counts: CatalogPullCounts = { ...ZERO };
  let progress: Record<string, number> = {};
  let startedAt = new Date();
  if (runId) {
    const [run] = await deps.db.select().from(syncRuns).where(and(eq(syncRuns.id, runId), eq(syncRuns.workspaceId, p.workspaceId)));
    if (!run || run.finishedAt) return { skipped: "That resync has already finished." };
    // A retried attempt continues from the last committed page.
    counts = { ...ZERO, ...pick(run.counts, Object.keys(ZERO)) };
    progress = pick(run.counts, STREAMS.map((s) => `${s.key}Skip`));
    startedAt = run.startedAt;
  } else {
    const [run] = await deps.db.insert(syncRuns).values({ workspaceId: p.workspaceId, flow: mode === "full" ? CATALOG_RESYNC_FLOW : CATALOG_PULL_FLOW }).returning();
    runId = run!.id;
    startedAt = run!.startedAt;
  }
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const runCounts = () => ({ ...counts, ...progress });

  try {
    for (const stream of STREAMS) {
      let since: Date | undefined;
      let skip = 0;
      let pass: Pass | null = null;
      if (mode === "full") {
        skip = progress[`${stream.key}Skip`] ?? 0;
      } else {
        const stored = await readCursor(deps, p.workspaceId, passStream(stream));
        const watermark = await readCursor(deps, p.workspaceId, stream.name);
        pass = stored ? (JSON.parse(stored) as Pass) : { since: watermark ? new Date(Date.parse(watermark) - (opts.overlapMs ?? OVERLAP_MS)).toISOString() : null, skip: 0, high: null, startedAt: new Date().toISOString() };
        since = pass.since ? new Date(pass.since) : undefined;
        skip = pass.skip;
      }
      try {
        for await (const page of stream.pages(client, since, skip, pageSize)) {
          skip += page.length;
          await deps.transaction(async (tx) => {
            await lockCatalog(tx.db, p.workspaceId);
            await upsertPage(tx, p.workspaceId, page, counts);
            counts.pages++;
            if (pass) {
              pass = { ...pass, skip, high: maxIso(pass.high, page.map((i) => i.modifiedAt).reduce<string | null>(maxIso, null)) };
              await putCursor(tx, p.workspaceId, passStream(stream), JSON.stringify(pass));
            } else {
              progress[`${stream.key}Skip`] = skip;
            }
            await tx.db.update(syncRuns).set({ counts: runCounts() }).where(eq(syncRuns.id, runId!));
          });
          await opts.afterPage?.(stream.name, counts);
        }
      } catch (err) {
        // An endpoint without matrix templates: variants still get a parent (a placeholder named by TemplateItemID).
        if (stream.key === "templates" && err instanceof AcumaticaError && !err.retryable && ["not_found", "bad_request", "server"].includes(err.code)) continue;
        throw err;
      }
      if (pass) {
        const done = pass;
        await deps.transaction(async (tx) => {
          // Items changed while the pass ran may sit behind its read position: the next pass starts no later than this one did.
          const watermark = done.high ? new Date(Math.min(Date.parse(done.high), Date.parse(done.startedAt))).toISOString() : null;
          if (watermark) {
            await tx.db
              .insert(syncCursors)
              .values({ workspaceId: p.workspaceId, stream: stream.name, position: watermark })
              .onConflictDoUpdate({
                target: [syncCursors.workspaceId, syncCursors.stream],
                set: { position: sql`greatest(${syncCursors.position}, excluded.position)`, updatedAt: sql`now()` },
              });
          }
          await tx.db.delete(syncCursors).where(and(eq(syncCursors.workspaceId, p.workspaceId), eq(syncCursors.stream, passStream(stream))));
        });
      }
    }
    await deps.transaction(async (tx) => {
      if (mode === "full") {
        // Read everything: an Acumatica product not seen in this resync was deleted there. Marked, never deleted here.
        const gone = await tx.db
          .update(products)
          .set({ active: false, updatedAt: sql`now()` })
          .where(and(eq(products.workspaceId, p.workspaceId), eq(products.source, "acumatica"), eq(products.active, true), or(isNull(products.erpSyncedAt), lt(products.erpSyncedAt, startedAt))))
          .returning({ id: products.id });
        counts.missing = gone.length;
      }
      await tx.db.update(syncRuns).set({ finishedAt: sql`now()`, counts: runCounts() }).where(eq(syncRuns.id, runId!));
      if (counts.created + counts.updated + counts.missing > 0) await enqueueListingPushes(tx, p.workspaceId);
    });
    return counts;
  } catch (err) {
    const last = err instanceof Error ? err.message : String(err);
    // A force resync keeps its run open while its job retries; the job's last failure closes it (see the job).
    if (mode !== "full") await finishRun(runId, counts, last);
    else await deps.db.update(syncRuns).set({ counts: runCounts(), error: last }).where(eq(syncRuns.id, runId));
    await parkOnLostAuthorization(deps, p.workspaceId, err).catch((e: unknown) => {
      if (!(e instanceof ParkedError)) throw e;
    });
    throw err;
  }
}

function pick(from: Record<string, number>, keys: string[]): Record<string, number> {
  return Object.fromEntries(keys.filter((k) => typeof from[k] === "number").map((k) => [k, from[k]!]));
}

/** The catalog changed: each shop that pushes products re-plans its listings. */
async function enqueueListingPushes(tx: JobTx, workspaceId: string) {
  const shops = await tx.db
    .select({ id: connections.id, settings: connections.settings })
    .from(connections)
    .where(and(eq(connections.workspaceId, workspaceId), eq(connections.provider, "tiktok_shop"), eq(connections.status, "connected")));
  for (const s of shops) {
    if (s.settings.pushProducts !== true || !productPushAllowed(typeof s.settings.region === "string" ? s.settings.region : undefined)) continue;
    await tx.enqueue(JOBS.pushProducts, { workspaceId, connectionId: s.id }, { singletonKey: s.id });
  }
}

type ProductRow = typeof products.$inferSelect;

const numeric = (v: number | null) => (v === null || v === undefined ? null : String(v));
const sameNumber = (a: string | null, b: string | null) => (a === null || b === null ? a === b : Number(a) === Number(b));
const sameAttributes = (a: Record<string, string>, b: Record<string, string>) => {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
};

/** Writes one page of items: each resolved to its product by the Step 5 rule, its template parent found or made. */
async function upsertPage(tx: JobTx, workspaceId: string, items: HubProductFromErp[], counts: CatalogPullCounts) {
  const valid = items.filter((i) => i.sku);
  const skus = [...new Set([...valid.map((i) => i.sku), ...valid.map((i) => i.parentSku).filter((s): s is string => !!s)])];
  if (skus.length === 0) return;
  const byChannel = new Map<string, ProductRow>();
  const bySku = new Map<string, ProductRow>();
  const channelOf = new Map<string, string>();
  const mapped = await tx.db
    .select({ product: products, channelSku: productChannelSkus.channelSku })
    .from(productChannelSkus)
    .innerJoin(products, eq(products.id, productChannelSkus.productId))
    .where(and(eq(productChannelSkus.workspaceId, workspaceId), eq(productChannelSkus.connector, "acumatica"), inArray(productChannelSkus.channelSku, skus)));
  for (const m of mapped) byChannel.set(m.channelSku, m.product);
  const rows = await tx.db.select().from(products).where(and(eq(products.workspaceId, workspaceId), inArray(products.sku, skus)));
  for (const r of rows) bySku.set(r.sku, r);
  if (rows.length) {
    const own = await tx.db
      .select({ productId: productChannelSkus.productId, channelSku: productChannelSkus.channelSku })
      .from(productChannelSkus)
      .where(and(eq(productChannelSkus.workspaceId, workspaceId), eq(productChannelSkus.connector, "acumatica"), inArray(productChannelSkus.productId, rows.map((r) => r.id))));
    for (const o of own) channelOf.set(o.productId, o.channelSku);
  }

  /** The product an Acumatica InventoryID belongs to, or a conflict (its master-SKU namesake sends another item). */
  const resolve = (inventoryId: string): { product: ProductRow | null; conflictWith?: ProductRow } => {
    const viaChannel = byChannel.get(inventoryId);
    if (viaChannel) return { product: viaChannel };
    const namesake = bySku.get(inventoryId);
    if (!namesake) return { product: null };
    const other = channelOf.get(namesake.id);
    if (other && other !== inventoryId) return { product: null, conflictWith: namesake };
    return { product: namesake };
  };
  const remember = (row: ProductRow) => {
    bySku.set(row.sku, row);
  };

  // Parents first: each template named by a variant of this page, found or made (a placeholder the template stream fills in).
  const parentSkus = [...new Set(valid.map((i) => i.parentSku).filter((x): x is string => !!x))];
  const parentIds = new Map<string, string>();
  const toMark: string[] = [];
  const toMake: string[] = [];
  for (const parentSku of parentSkus) {
    const { product } = resolve(parentSku);
    if (!product) toMake.push(parentSku);
    else {
      parentIds.set(parentSku, product.id);
      if (!product.isTemplate) toMark.push(product.id);
    }
  }
  if (toMark.length) {
    for (const row of await tx.db.update(products).set({ isTemplate: true, updatedAt: sql`now()` }).where(inArray(products.id, toMark)).returning()) remember(row);
  }
  if (toMake.length) {
    const made = await tx.db
      .insert(products)
      .values(toMake.map((sku) => ({ workspaceId, sku, name: sku, source: "acumatica", isTemplate: true })))
      .onConflictDoUpdate({ target: [products.workspaceId, products.sku], set: { isTemplate: true, updatedAt: sql`now()` } })
      .returning();
    for (const row of made) {
      remember(row);
      parentIds.set(row.sku, row.id);
    }
  }

  const now = new Date();
  const resolved: string[] = [];
  type Values = typeof products.$inferInsert;
  const creates = new Map<string, Values>();
  const changes = new Map<string, Values>();
  const stamps = new Map<string, Values>();
  for (const item of valid) {
    counts.read++;
    if (!item.active) counts.inactive++;
    const { product, conflictWith } = resolve(item.sku);
    if (conflictWith) {
      counts.conflicts++;
      const channel = channelOf.get(conflictWith.id)!;
      await syncProblems(
        tx.db,
        { workspaceId, entityType: "product", entityId: conflictWith.id, orderId: null },
        [
          {
            cause: "catalog_sku_conflict",
            subject: item.sku,
            message: `Acumatica item ${item.sku} is not in the catalog: the product with master SKU ${conflictWith.sku} sends Acumatica item ${channel} (its Acumatica Channel SKU), and two products cannot share a master SKU. Clear that Channel SKU if the product should be Acumatica item ${item.sku}.`,
          },
        ],
        "superseded",
        [],
      );
      continue;
    }
    resolved.push(item.sku);
    const values = {
      name: item.name,
      active: item.active,
      source: "acumatica",
      isTemplate: item.isTemplate || (product?.isTemplate ?? false),
      parentId: item.parentSku ? (parentIds.get(item.parentSku) ?? null) : null,
      barcode: item.barcode,
      price: numeric(item.price),
      weight: numeric(item.weight),
      weightUnit: item.weightUnit,
      attributes: item.attributes,
      erpModifiedAt: item.modifiedAt ? new Date(item.modifiedAt) : null,
      erpSyncedAt: now,
    };
    if (!product) {
      // A page may list an item twice (a shifted page): the last reading wins, counted once.
      if (!creates.has(item.sku)) counts.created++;
      creates.set(item.sku, { workspaceId, sku: item.sku, ...values });
      continue;
    }
    const same =
      product.name === values.name &&
      product.active === values.active &&
      product.source === values.source &&
      product.isTemplate === values.isTemplate &&
      product.parentId === values.parentId &&
      product.barcode === values.barcode &&
      sameNumber(product.price, values.price) &&
      sameNumber(product.weight, values.weight) &&
      product.weightUnit === values.weightUnit &&
      sameAttributes(product.attributes, values.attributes);
    if (same) {
      counts.unchanged++;
      stamps.set(product.id, { ...product, erpModifiedAt: values.erpModifiedAt, erpSyncedAt: now });
    } else {
      counts.updated++;
      changes.set(product.id, { ...product, ...values });
    }
  }

  // One statement per kind of write: new products, changed ones, and the stamps of unchanged ones (rows updated by id).
  if (creates.size) {
    await tx.db
      .insert(products)
      .values([...creates.values()])
      .onConflictDoUpdate({ target: [products.workspaceId, products.sku], set: { ...EXCLUDED_CONTENT, updatedAt: sql`now()` } });
  }
  if (changes.size) {
    await tx.db
      .insert(products)
      .values([...changes.values()])
      .onConflictDoUpdate({ target: products.id, set: { ...EXCLUDED_CONTENT, updatedAt: sql`now()` } });
  }
  if (stamps.size) {
    await tx.db
      .insert(products)
      .values([...stamps.values()])
      .onConflictDoUpdate({ target: products.id, set: { erpModifiedAt: sql`excluded.erp_modified_at`, erpSyncedAt: sql`excluded.erp_synced_at` } });
  }
  // An item that found its product is no longer in conflict (its namesake's Channel SKU was cleared or changed).
  if (resolved.length) await closeSubjects(tx.db, workspaceId, "catalog_sku_conflict", resolved, "fixed: the Acumatica item was pulled into its product");
}

/** What a pulled item sets on its product (the row being written, `excluded` in an upsert). */
const EXCLUDED_CONTENT = {
  name: sql`excluded.name`,
  active: sql`excluded.active`,
  source: sql`excluded.source`,
  isTemplate: sql`excluded.is_template`,
  parentId: sql`excluded.parent_id`,
  barcode: sql`excluded.barcode`,
  price: sql`excluded.price`,
  weight: sql`excluded.weight`,
  weightUnit: sql`excluded.weight_unit`,
  attributes: sql`excluded.attributes`,
  erpModifiedAt: sql`excluded.erp_modified_at`,
  erpSyncedAt: sql`excluded.erp_synced_at`,
};
