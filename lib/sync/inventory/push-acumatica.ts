import { and, eq, inArray, isNull, notInArray, or, sql } from "drizzle-orm";
import { connections, inventoryAdjustmentBatches, inventoryLevels, locations, products } from "@/lib/db/schema";
import type { AdjustmentLine } from "@/lib/db/schema";
import type { AcumaticaClient } from "@/lib/connectors/acumatica/client";
import { AcumaticaError } from "@/lib/connectors/acumatica/errors";
import { quoteODataString } from "@/lib/connectors/acumatica/wrappers";
import type { EngineDeps } from "@/lib/sync/acumatica/context";
import { acumaticaFor, loadSettings, parkOnLostAuthorization, ParkedError } from "@/lib/sync/acumatica/context";
import { createExactlyOnce } from "@/lib/sync/acumatica/create-once";
import { getBinding } from "@/lib/sync/bindings";
import { syncProblems } from "@/lib/sync/exceptions/service";
import { loadCatalogIndex } from "./scope";

/**
 * Hub stock → Acumatica ("Push inventory updates to Acumatica"): levels the merchant set (source "edit" or "csv")
 * since they were last pushed become one Inventory Adjustment per batch, each line the difference between the hub's
 * on hand and Acumatica's on hand read just before the create, exactly once:
 * - a batch is planned once and kept (`inventory_adjustment_batches`: its lines and a stable ExternalRef);
 * - the create goes through the batch's binding claim (createExactlyOnce): a lost answer is settled by
 *   `findAdjustmentByExternalRef`, never by a blind second create;
 * - the adjustment is released (ReleaseAdjustment, settled by re-reading its status), then the levels are marked
 *   pushed — only those not edited again since the batch was planned.
 * A refused batch is an exception with Acumatica's answer; its levels wait for the next edit.
 */
export const INVENTORY_PUSH_FLOW = "acumatica.push-inventory";
const BATCH_LINES = 200;

export interface InventoryPushCounts {
  batches: number;
  lines: number;
  /** Levels already equal to Acumatica's on hand (nothing to adjust). */
  alreadyEqual: number;
  refused: number;
  waiting: number;
}

export async function pushInventoryToAcumatica(deps: EngineDeps, p: { workspaceId: string }, opts: { batchLines?: number; maxBatches?: number } = {}): Promise<InventoryPushCounts | { skipped: string }> {
  const settings = await loadSettings(deps.db, p.workspaceId);
  if (settings.catalog.inventory !== "push") return { skipped: "Process inventory information is not set to Push inventory updates to Acumatica." };
  let client: AcumaticaClient;
  try {
    client = await acumaticaFor(deps, p.workspaceId);
  } catch (err) {
    if (!(err instanceof ParkedError)) throw err;
    return { skipped: err.message };
  }
  const counts: InventoryPushCounts = { batches: 0, lines: 0, alreadyEqual: 0, refused: 0, waiting: 0 };
  try {
    for (let round = 0; round < (opts.maxBatches ?? 50); round++) {
      let [batch] = await deps.db
        .select()
        .from(inventoryAdjustmentBatches)
        .where(and(eq(inventoryAdjustmentBatches.workspaceId, p.workspaceId), isNull(inventoryAdjustmentBatches.doneAt)))
        .orderBy(inventoryAdjustmentBatches.createdAt)
        .limit(1);
      if (!batch) {
        batch = await planBatch(deps, p.workspaceId, settings.catalog.excludedSkus, opts.batchLines ?? BATCH_LINES);
        if (!batch) break;
      }
      const outcome = await sendBatch(deps, client, p.workspaceId, batch, counts);
      if (outcome === "wait") {
        counts.waiting++;
        break;
      }
    }
    return counts;
  } catch (err) {
    await parkOnLostAuthorization(deps, p.workspaceId, err).catch((e: unknown) => {
      if (!(e instanceof ParkedError)) throw e;
    });
    throw err;
  }
}

type Batch = typeof inventoryAdjustmentBatches.$inferSelect;

async function planBatch(deps: EngineDeps, workspaceId: string, excludedSkus: readonly string[], size: number): Promise<Batch | undefined> {
  const pending = await deps.db
    .select({
      productId: inventoryLevels.productId,
      locationId: inventoryLevels.locationId,
      onHand: inventoryLevels.onHand,
      updatedAt: sql<string>`${inventoryLevels.updatedAt}::text`,
      sku: products.sku,
      warehouseId: locations.code,
    })
    .from(inventoryLevels)
    .innerJoin(products, eq(products.id, inventoryLevels.productId))
    .innerJoin(locations, eq(locations.id, inventoryLevels.locationId))
    .where(
      and(
        eq(inventoryLevels.workspaceId, workspaceId),
        inArray(inventoryLevels.source, ["edit", "csv"]),
        or(isNull(inventoryLevels.pushedToErpAt), sql`${inventoryLevels.updatedAt} > ${inventoryLevels.pushedToErpAt}`),
        excludedSkus.length ? notInArray(products.sku, [...excludedSkus]) : undefined,
        // A level a refused batch holds waits for the next edit (a newer updatedAt).
        sql`not exists (select 1 from ${inventoryAdjustmentBatches} b, jsonb_array_elements(b.lines) l
          where b.workspace_id = ${workspaceId} and b.error is not null
            and l->>'productId' = ${inventoryLevels.productId}::text and l->>'locationId' = ${inventoryLevels.locationId}::text
            and (l->>'levelUpdatedAt')::timestamptz >= ${inventoryLevels.updatedAt})`,
      ),
    )
    .orderBy(inventoryLevels.updatedAt)
    .limit(size);
  if (!pending.length) return undefined;
  const index = await loadCatalogIndex(deps.db, workspaceId);
  const lines: AdjustmentLine[] = pending.map((l) => ({
    productId: l.productId,
    locationId: l.locationId,
    inventoryId: index.inventoryIdOf(l.productId) ?? l.sku,
    warehouseId: l.warehouseId,
    target: l.onHand,
    levelUpdatedAt: l.updatedAt,
  }));
  const id = crypto.randomUUID();
  const [batch] = await deps.db
    .insert(inventoryAdjustmentBatches)
    .values({ id, workspaceId, externalRef: `OB-INV-${id.replace(/-/g, "").slice(0, 20).toUpperCase()}`, lines })
    .returning();
  return batch;
}

/** Acumatica's on hand per item × warehouse, read in one StockItem list per 100 items. */
async function readOnHand(client: AcumaticaClient, lines: AdjustmentLine[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const ids = [...new Set(lines.map((l) => l.inventoryId))];
  for (let i = 0; i < ids.length; i += 100) {
    const part = ids.slice(i, i + 100);
    const items = await client.stockItems.list({
      filter: part.map((id) => `InventoryID eq ${quoteODataString(id)}`).join(" or "),
      expand: ["WarehouseDetails"],
      select: ["InventoryID", "WarehouseDetails/WarehouseID", "WarehouseDetails/QtyOnHand"],
    });
    for (const it of items) for (const d of it.WarehouseDetails ?? []) out.set(`${(it.InventoryID ?? "").toUpperCase()}|${(d.WarehouseID ?? "").toUpperCase()}`, d.QtyOnHand ?? 0);
  }
  return out;
}

async function sendBatch(deps: EngineDeps, client: AcumaticaClient, workspaceId: string, batch: Batch, counts: InventoryPushCounts): Promise<"done" | "wait"> {
  const key = { workspaceId, entityType: "inventory_adjustment" as const, entityId: batch.id, target: "acumatica" as const };
  const binding = await getBinding(deps.db, key);
  let lines = batch.lines;
  if (!binding || binding.state === "pending" || binding.state === "failed") {
    // Never sent: the quantities are planned now, from Acumatica's on hand read just before the create.
    const onHand = await readOnHand(client, lines);
    lines = lines.map((l) => ({ ...l, qty: l.target - (onHand.get(`${l.inventoryId.toUpperCase()}|${l.warehouseId.toUpperCase()}`) ?? 0) }));
    await deps.db.update(inventoryAdjustmentBatches).set({ lines }).where(eq(inventoryAdjustmentBatches.id, batch.id));
  }
  const toSend = lines.filter((l) => (l.qty ?? 0) !== 0);
  counts.alreadyEqual += lines.length - toSend.length;
  if (!toSend.length && (!binding || binding.state === "pending" || binding.state === "failed")) {
    await markDone(deps, workspaceId, { ...batch, lines }, null);
    return "done";
  }
  const result = await createExactlyOnce(deps, key, batch.externalRef, {
    lookup: () => client.inventory.findAdjustmentByExternalRef(batch.externalRef),
    create: async () =>
      (
        await client.inventory.createAdjustment({
          externalRef: batch.externalRef,
          description: "OrderBridge: stock set in the hub",
          lines: toSend.map((l) => ({ inventoryId: l.inventoryId, warehouseId: l.warehouseId, qty: l.qty! })),
        })
      ).record,
    keysOf: (r) => ({ externalType: "InventoryAdjustment", externalId: r.ReferenceNbr ?? "" }),
    payloadHash: null,
    onDone: async (tx, r) => {
      await tx.db.update(inventoryAdjustmentBatches).set({ referenceNbr: r.ReferenceNbr ?? null }).where(eq(inventoryAdjustmentBatches.id, batch.id));
    },
  });
  if (result.kind === "wait") return "wait";
  if (result.kind === "refused") {
    counts.refused++;
    const err = result.error;
    const message = err instanceof AcumaticaError ? err.message : String(err);
    await deps.db.update(inventoryAdjustmentBatches).set({ error: message, doneAt: sql`now()` }).where(eq(inventoryAdjustmentBatches.id, batch.id));
    const [erp] = await deps.db
      .select({ id: connections.id })
      .from(connections)
      .where(and(eq(connections.workspaceId, workspaceId), eq(connections.provider, "acumatica"), eq(connections.externalId, "")));
    await syncProblems(
      deps.db,
      { workspaceId, entityType: "connection", entityId: erp?.id ?? workspaceId, orderId: null },
      [
        {
          cause: "inventory_adjustment_refused",
          subject: batch.externalRef,
          message: `Acumatica refused inventory adjustment ${batch.externalRef} (${toSend.map((l) => `${l.inventoryId} @ ${l.warehouseId} ${l.qty! > 0 ? "+" : ""}${l.qty}`).join(", ")}): ${message}. Correct the quantities or the SKUs; an edited level is pushed again.`,
          raw: err instanceof AcumaticaError ? { code: err.code, message: err.message, fields: err.fieldErrors ?? null } : undefined,
        },
      ],
      "superseded",
      [],
    );
    return "done";
  }
  const referenceNbr = result.externalId;
  // Release once: a released document is done; a lost answer is settled by reading the status.
  const doc = await client.inventory.getAdjustment(referenceNbr);
  if (doc && doc.Status !== "Released") {
    try {
      await client.inventory.release(referenceNbr);
    } catch (err) {
      const again = await client.inventory.getAdjustment(referenceNbr).catch(() => null);
      if (again?.Status !== "Released") throw err;
    }
  }
  counts.batches++;
  counts.lines += toSend.length;
  await markDone(deps, workspaceId, { ...batch, lines, referenceNbr }, new Date());
  return "done";
}

async function markDone(deps: EngineDeps, workspaceId: string, batch: Batch, releasedAt: Date | null) {
  await deps.transaction(async (tx) => {
    await tx.db.update(inventoryAdjustmentBatches).set({ doneAt: sql`now()`, releasedAt, referenceNbr: batch.referenceNbr }).where(eq(inventoryAdjustmentBatches.id, batch.id));
    for (const l of batch.lines) {
      // Only the version of the level this batch carried: an edit made since waits for the next batch.
      await tx.db
        .update(inventoryLevels)
        .set({ pushedToErpAt: sql`now()` })
        .where(
          and(
            eq(inventoryLevels.workspaceId, workspaceId),
            eq(inventoryLevels.productId, l.productId),
            eq(inventoryLevels.locationId, l.locationId),
            sql`${inventoryLevels.updatedAt} <= ${l.levelUpdatedAt}::timestamptz`,
          ),
        );
    }
  });
}
