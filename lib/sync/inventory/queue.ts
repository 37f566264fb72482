import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { RequestContext } from "@/lib/auth/context-types";
import { assertCan } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { writeAudit } from "@/lib/workspaces/service";
import { syncRuns } from "@/lib/db/schema";
import { withJobTransaction } from "@/lib/jobs/transaction";
import type { JobTx } from "@/lib/jobs/transaction";
import { AppError } from "@/lib/errors";
import { getOrderSettings } from "@/lib/order-settings/queries";
import { LABELS } from "@/lib/order-settings/schemas";
import { JOBS } from "@/lib/sync/jobs/catalog";
import { INVENTORY_RESYNC_FLOW, queueTikTokInventoryPushes } from "./pull-inventory";

/**
 * What screens call to start inventory and locations work, inside their own transaction (the job is sent with the
 * write that caused it, or not at all).
 */

/** Sync locations now (Acumatica warehouses per the locations direction, and every shop's TikTok warehouses). */
export async function queueLocationsSync(tx: JobTx, workspaceId: string): Promise<void> {
  await tx.enqueue(JOBS.syncLocations, { workspaceId }, { singletonKey: workspaceId });
}

/**
 * Hub quantities were edited (a screen edit or a CSV import): push them to Acumatica (when Process inventory
 * information is Push inventory updates to Acumatica; the job checks) and to every shop with Push inventory on.
 */
export async function queueInventoryPush(tx: JobTx, workspaceId: string): Promise<void> {
  await tx.enqueue(JOBS.pushInventoryToErp, { workspaceId }, { singletonKey: workspaceId });
  await queueTikTokInventoryPushes(tx, workspaceId);
}

/** Pull Acumatica's changed stock now. */
export async function queueInventoryPull(tx: JobTx, workspaceId: string): Promise<void> {
  await tx.enqueue(JOBS.pullInventory, { workspaceId }, { singletonKey: workspaceId });
}

/**
 * Force inventory resync: a run row the screen polls (`sync_runs` flow "acumatica.resync-inventory": counts read,
 * kept, skippedSkus, levelsCreated, levelsChanged, unchanged, calls; finishedAt and error when it ends). A second click
 * while one runs returns the same run. Needs connectors:write; audited.
 */
export async function startInventoryResync(db: Db, ctx: RequestContext): Promise<{ runId: string; started: boolean }> {
  assertCan(ctx, "connectors:write");
  const workspaceId = ctx.workspaceId;
  const { settings } = await getOrderSettings(db, workspaceId);
  if (settings.catalog.inventory !== "pull") {
    throw new AppError("validation", `Set ${LABELS.inventory} to ${LABELS.inventoryPull} first: a resync re-reads Acumatica's stock.`, undefined, "Connectors → Acumatica → Sync settings");
  }
  return withJobTransaction(db, async (tx) => {
    const [running] = await tx.db
      .select({ id: syncRuns.id })
      .from(syncRuns)
      .where(and(eq(syncRuns.workspaceId, workspaceId), eq(syncRuns.flow, INVENTORY_RESYNC_FLOW), isNull(syncRuns.finishedAt), gt(syncRuns.startedAt, sql`now() - interval '6 hours'`)))
      .limit(1);
    if (running) return { runId: running.id, started: false };
    const [run] = await tx.db.insert(syncRuns).values({ workspaceId, flow: INVENTORY_RESYNC_FLOW }).returning({ id: syncRuns.id });
    await tx.enqueue(JOBS.resyncInventory, { workspaceId, runId: run!.id }, { singletonKey: workspaceId });
    await writeAudit(tx.db, ctx, "inventory.resync", run!.id);
    return { runId: run!.id, started: true };
  });
}
