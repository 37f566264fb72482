import { and, eq } from "drizzle-orm";
import { connections } from "@/lib/db/schema";
import { defineJob, PermanentJobError } from "@/lib/jobs/define-job";
import { logger } from "@/lib/logger";
import { TikTokShopError } from "@/lib/connectors/tiktok-shop/errors";
import { AppError } from "@/lib/errors";
import { pullShop } from "@/lib/sync/tiktok/pull";
import { JOBS } from "./catalog";

/** Every 2 minutes: a pull for each connected shop whose Pull orders is on (the shop's own job decides the window). */
export const pullAllShopsJob = defineJob({
  ...JOBS.pullAllShops,
  async handler(_data, ctx) {
    const shops = await ctx.db
      .select({ id: connections.id, workspaceId: connections.workspaceId, settings: connections.settings })
      .from(connections)
      .where(and(eq(connections.provider, "tiktok_shop"), eq(connections.status, "connected")));
    for (const s of shops) {
      if (s.settings.pullOrders === false) continue;
      await ctx.enqueue(JOBS.pullShop, { workspaceId: s.workspaceId, connectionId: s.id }, { singletonKey: s.id });
    }
  },
});

export const pullShopJob = defineJob({
  ...JOBS.pullShop,
  async handler(data, ctx) {
    try {
      const result = await pullShop(ctx, data);
      if ("pages" in result && result.orders + result.refunds > 0) logger.info("tiktok pull", { connectionId: data.connectionId, ...result });
    } catch (err) {
      if (err instanceof TikTokShopError && !err.retryable) throw new PermanentJobError(err.message, { code: err.code, kind: err.kind });
      if (err instanceof AppError) throw new PermanentJobError(err.message, { code: err.code });
      throw err;
    }
  },
});
