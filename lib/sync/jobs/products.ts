import { and, eq, sql } from "drizzle-orm";
import { connections, syncRuns } from "@/lib/db/schema";
import { TikTokShopError } from "@/lib/connectors/tiktok-shop/errors";
import { productPushAllowed } from "@/lib/connections/tiktok-schemas";
import { AppError } from "@/lib/errors";
import { defineJob, PermanentJobError } from "@/lib/jobs/define-job";
import { logger } from "@/lib/logger";
import { pullProducts } from "@/lib/sync/acumatica/pull-products";
import { planListings, pushListing } from "@/lib/sync/tiktok/push-products";
import { JOBS } from "./catalog";
import { engineDeps } from "./engine-deps";

/** Every 5 minutes: a catalog pull for each connected workspace with "Pull product catalog information from Acumatica" on. */
export const pullAllProductsJob = defineJob({
  ...JOBS.pullAllProducts,
  async handler(_data, ctx) {
    const rows = await ctx.db
      .select({ workspaceId: connections.workspaceId })
      .from(connections)
      .where(and(eq(connections.provider, "acumatica"), eq(connections.status, "connected"), sql`${connections.settings}->'orders'->'catalog'->>'pullProducts' = 'true'`));
    for (const { workspaceId } of rows) await ctx.enqueue(JOBS.pullProducts, { workspaceId }, { singletonKey: workspaceId });
  },
});

export const pullProductsJob = defineJob({
  ...JOBS.pullProducts,
  async handler({ workspaceId }, ctx) {
    const result = await pullProducts(engineDeps(ctx), { workspaceId });
    if ("read" in result && result.read > 0) logger.info("acumatica catalog pull", { workspaceId, ...result });
  },
});

/** Force product catalog resync: the run row was created by the merchant's click; its last failure closes it. */
export const resyncProductsJob = defineJob({
  ...JOBS.resyncProducts,
  async handler({ workspaceId, runId }, ctx) {
    const result = await pullProducts(engineDeps(ctx), { workspaceId, mode: "full", runId });
    logger.info("acumatica catalog resync", { workspaceId, ...result });
  },
  async onFailure({ workspaceId, runId }, reason, { db }) {
    await db
      .update(syncRuns)
      .set({ finishedAt: sql`now()`, error: reason })
      .where(and(eq(syncRuns.id, runId), eq(syncRuns.workspaceId, workspaceId), sql`${syncRuns.finishedAt} is null`));
  },
});

/** Every 15 minutes: each connected US/UK shop with Push products on re-plans its listings. */
export const pushAllProductsJob = defineJob({
  ...JOBS.pushAllProducts,
  async handler(_data, ctx) {
    const shops = await ctx.db
      .select({ id: connections.id, workspaceId: connections.workspaceId, settings: connections.settings })
      .from(connections)
      .where(and(eq(connections.provider, "tiktok_shop"), eq(connections.status, "connected")));
    for (const s of shops) {
      if (s.settings.pushProducts !== true || !productPushAllowed(typeof s.settings.region === "string" ? s.settings.region : undefined)) continue;
      await ctx.enqueue(JOBS.pushProducts, { workspaceId: s.workspaceId, connectionId: s.id }, { singletonKey: s.id });
    }
  },
});

export const pushProductsJob = defineJob({
  ...JOBS.pushProducts,
  async handler(data, ctx) {
    const result = await planListings(ctx, data);
    if ("queued" in result && result.queued > 0) logger.info("tiktok listings queued", { connectionId: data.connectionId, ...result });
  },
});

export const pushProductJob = defineJob({
  ...JOBS.pushProduct,
  async handler(data, ctx) {
    try {
      await pushListing(ctx, data);
    } catch (err) {
      if (err instanceof TikTokShopError && !err.retryable) throw new PermanentJobError(err.message, { code: err.code, kind: err.kind });
      if (err instanceof AppError) throw new PermanentJobError(err.message, { code: err.code });
      throw err;
    }
  },
});
