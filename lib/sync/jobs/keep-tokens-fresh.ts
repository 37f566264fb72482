import { keepTokensFresh } from "@/lib/connections/keep-tokens-fresh";
import { defineJob } from "@/lib/jobs/define-job";
import { logger } from "@/lib/logger";
import { JOBS } from "./catalog";

/** Every 10 minutes: refresh token chains about to expire and flag the ones that need the merchant. */
export const keepTokensFreshJob = defineJob({
  ...JOBS.keepTokensFresh,
  async handler(_data, { db }) {
    const result = await keepTokensFresh(db);
    if (result.refreshed || result.lost || result.deferred || result.warned) logger.info("token upkeep", { ...result });
  },
});
