import type { JobDefinition } from "@/lib/jobs/define-job";
import { cancelSalesOrderJob, enqueuePendingJob, pushReturnOrderJob, pushSalesOrderJob, sweepJob } from "./acumatica-orders";
import { answerBuyerRequestJob } from "./buyer-requests";
import { pullAllShipmentsJob, pullShipmentsJob, pushFulfillmentJob } from "./fulfillment";
import {
  pullInventoryJob,
  pushAllInventoryToTikTokJob,
  pushInventoryToErpJob,
  pushInventoryToTikTokJob,
  resyncInventoryJob,
  syncAllInventoryJob,
  syncAllLocationsJob,
  syncLocationsJob,
} from "./inventory";
import { keepTokensFreshJob } from "./keep-tokens-fresh";
import { pullAllProductsJob, pullProductsJob, pushAllProductsJob, pushProductJob, pushProductsJob, resyncProductsJob } from "./products";
import { processTikTokWebhook } from "./tiktok-process-webhook";
import { pullAllShopsJob, pullShopJob } from "./tiktok-pull";

/**
 * Every background job with its handler (names, payloads and queue options in
 * catalog.ts). The worker registers all of them.
 */
export const JOB_REGISTRY: readonly JobDefinition[] = [
  processTikTokWebhook,
  keepTokensFreshJob,
  pullAllShopsJob,
  pullShopJob,
  pushSalesOrderJob,
  cancelSalesOrderJob,
  pushReturnOrderJob,
  enqueuePendingJob,
  sweepJob,
  pullAllShipmentsJob,
  pullShipmentsJob,
  pushFulfillmentJob,
  pullAllProductsJob,
  pullProductsJob,
  resyncProductsJob,
  pushAllProductsJob,
  pushProductsJob,
  pushProductJob,
  answerBuyerRequestJob,
  syncAllLocationsJob,
  syncLocationsJob,
  syncAllInventoryJob,
  pullInventoryJob,
  resyncInventoryJob,
  pushInventoryToErpJob,
  pushAllInventoryToTikTokJob,
  pushInventoryToTikTokJob,
] as unknown as JobDefinition[];

const names = JOB_REGISTRY.map((j) => j.name);
if (new Set(names).size !== names.length) throw new Error(`Duplicate job names in the registry: ${names.join(", ")}`);
