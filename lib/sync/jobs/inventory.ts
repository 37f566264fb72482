import { and, eq, sql } from "drizzle-orm";
import { connections, syncRuns } from "@/lib/db/schema";
import { defineJob } from "@/lib/jobs/define-job";
import { logger } from "@/lib/logger";
import { pullInventory } from "@/lib/sync/inventory/pull-inventory";
import { pushInventoryToAcumatica } from "@/lib/sync/inventory/push-acumatica";
import { pushInventoryToTikTok } from "@/lib/sync/inventory/push-tiktok";
import { syncLocations } from "@/lib/sync/locations/sync-locations";
import { JOBS } from "./catalog";
import { engineDeps } from "./engine-deps";

const connectedAcumatica = and(eq(connections.provider, "acumatica"), eq(connections.status, "connected"));

/** Every 10 minutes: locations of each connected workspace with Process locations information on, or with a shop pushing inventory. */
export const syncAllLocationsJob = defineJob({
  ...JOBS.syncAllLocations,
  async handler(_data, ctx) {
    const rows = await ctx.db
      .select({ workspaceId: connections.workspaceId })
      .from(connections)
      .where(
        sql`(${connectedAcumatica} and coalesce(${connections.settings}->'orders'->'catalog'->>'locations', 'off') <> 'off')
          or (${connections.provider} = 'tiktok_shop' and ${connections.status} = 'connected' and ${connections.settings}->>'pushInventory' = 'true')`,
      );
    for (const workspaceId of new Set(rows.map((r) => r.workspaceId))) await ctx.enqueue(JOBS.syncLocations, { workspaceId }, { singletonKey: workspaceId });
  },
});

export const syncLocationsJob = defineJob({
  ...JOBS.syncLocations,
  async handler({ workspaceId }, ctx) {
    const result = await syncLocations(engineDeps(ctx), { workspaceId });
    if ("read" in result && (result.created + result.updated + result.deactivated + result.pushed > 0)) logger.info("locations sync", { workspaceId, ...result });
  },
});

/** Every 5 minutes: each connected workspace pulls or pushes inventory per Process inventory information. */
export const syncAllInventoryJob = defineJob({
  ...JOBS.syncAllInventory,
  async handler(_data, ctx) {
    const rows = await ctx.db
      .select({ workspaceId: connections.workspaceId, direction: sql<string>`${connections.settings}->'orders'->'catalog'->>'inventory'` })
      .from(connections)
      .where(and(connectedAcumatica, sql`${connections.settings}->'orders'->'catalog'->>'inventory' in ('pull', 'push')`));
    for (const { workspaceId, direction } of rows) {
      if (direction === "pull") await ctx.enqueue(JOBS.pullInventory, { workspaceId }, { singletonKey: workspaceId });
      else await ctx.enqueue(JOBS.pushInventoryToErp, { workspaceId }, { singletonKey: workspaceId });
    }
  },
});

export const pullInventoryJob = defineJob({
  ...JOBS.pullInventory,
  async handler({ workspaceId }, ctx) {
    const result = await pullInventory(engineDeps(ctx), { workspaceId });
    if ("read" in result && result.read > 0) logger.info("acumatica inventory pull", { workspaceId, ...result });
  },
});

/** Force inventory resync: the run row was created by the merchant's click; its last failure closes it. */
export const resyncInventoryJob = defineJob({
  ...JOBS.resyncInventory,
  async handler({ workspaceId, runId }, ctx) {
    const result = await pullInventory(engineDeps(ctx), { workspaceId, mode: "full", runId });
    logger.info("acumatica inventory resync", { workspaceId, ...result });
  },
  async onFailure({ workspaceId, runId }, reason, { db }) {
    await db
      .update(syncRuns)
      .set({ finishedAt: sql`now()`, error: reason })
      .where(and(eq(syncRuns.id, runId), eq(syncRuns.workspaceId, workspaceId), sql`${syncRuns.finishedAt} is null`));
  },
});

export const pushInventoryToErpJob = defineJob({
  ...JOBS.pushInventoryToErp,
  async handler({ workspaceId }, ctx) {
    const result = await pushInventoryToAcumatica(engineDeps(ctx), { workspaceId });
    if ("batches" in result) {
      if (result.batches + result.refused > 0) logger.info("acumatica inventory push", { workspaceId, ...result });
      // A create whose answer was lost settles after Acumatica's processing window: look again then.
      if (result.waiting > 0) await ctx.enqueue(JOBS.pushInventoryToErp, { workspaceId }, { singletonKey: workspaceId, startAfterSeconds: 30 });
    }
  },
});

export const pushAllInventoryToTikTokJob = defineJob({
  ...JOBS.pushAllInventoryToTikTok,
  async handler(_data, ctx) {
    const shops = await ctx.db
      .select({ id: connections.id, workspaceId: connections.workspaceId })
      .from(connections)
      .where(and(eq(connections.provider, "tiktok_shop"), eq(connections.status, "connected"), sql`${connections.settings}->>'pushInventory' = 'true'`));
    for (const s of shops) await ctx.enqueue(JOBS.pushInventoryToTikTok, { workspaceId: s.workspaceId, connectionId: s.id }, { singletonKey: s.id });
  },
});

export const pushInventoryToTikTokJob = defineJob({
  ...JOBS.pushInventoryToTikTok,
  async handler(data, ctx) {
    const result = await pushInventoryToTikTok(ctx, data);
    if ("sent" in result && result.sent + result.refused > 0) logger.info("tiktok inventory push", { connectionId: data.connectionId, ...result });
  },
});
