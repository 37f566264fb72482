import { z } from "zod";
import type { JobOptions } from "@/lib/jobs/define-job";
import { DEFAULT_JOB_OPTIONS } from "@/lib/jobs/define-job";

/**
 * Every job's name, payload schema and queue options, without handlers: what
 * code needs to enqueue a job (services import this, never the handlers, so
 * there is no import cycle). `registry.ts` binds each to its handler.
 */
export interface JobSpec<S extends z.ZodType = z.ZodType> {
  name: string;
  schema: S;
  options: JobOptions;
}

const spec = <S extends z.ZodType>(name: string, schema: S, options: JobOptions = {}): JobSpec<S> => ({ name, schema, options: { ...DEFAULT_JOB_OPTIONS, ...options } });

const workspaceOrder = z.object({ workspaceId: z.string().uuid(), orderId: z.string().uuid() });

export const JOBS = {
  processTikTokWebhook: spec("tiktok-shop.process-webhook", z.object({ eventId: z.string().uuid() }), { retryLimit: 8, retryDelay: 5, retryBackoff: true, batchSize: 50 }),
  keepTokensFresh: spec("connections.keep-tokens-fresh", z.object({}).passthrough(), { retryLimit: 0, schedule: "*/10 * * * *", expireInSeconds: 600 }),
  /** Every 2 minutes: one pull per connected shop with Pull orders on. */
  pullAllShops: spec("tiktok-shop.pull-all-shops", z.object({}).passthrough(), { retryLimit: 0, schedule: "*/2 * * * *", expireInSeconds: 300 }),
  /** Incremental pull of one shop's orders, cancellations and returns (one queued and one running per shop). */
  pullShop: spec("tiktok-shop.pull-shop", z.object({ workspaceId: z.string().uuid(), connectionId: z.string().uuid() }), {
    policy: "stately",
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 900,
  }),
  /** Creates the Acumatica sales order of one hub order, once. */
  pushSalesOrder: spec("acumatica.push-sales-order", workspaceOrder.extend({ test: z.boolean().default(false) }), {
    policy: "stately",
    batchSize: 20,
    concurrency: 8,
    // One fetch loop: a second (one batch's tail overlapping the next) measured no better, licence-bound or not.
    loops: 1,
    retryLimit: 10,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 900,
  }),
  cancelSalesOrder: spec("acumatica.cancel-sales-order", workspaceOrder, { policy: "stately", retryLimit: 10, retryDelay: 5, retryBackoff: true }),
  pushReturnOrder: spec("acumatica.push-return-order", z.object({ workspaceId: z.string().uuid(), refundId: z.string().uuid() }), {
    policy: "stately",
    retryLimit: 10,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 900,
  }),
  /** Every minute: each workspace with shipping requests or fulfillments pulled reads Acumatica's changed shipments. */
  pullAllShipments: spec("acumatica.pull-all-shipments", z.object({}).passthrough(), { retryLimit: 0, schedule: "* * * * *", expireInSeconds: 120 }),
  pullShipments: spec("acumatica.pull-shipments", z.object({ workspaceId: z.string().uuid() }), { policy: "stately", retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 900 }),
  /** One Acumatica package → one TikTok Shop package (or its tracking correction), once. */
  pushFulfillment: spec("tiktok-shop.push-fulfillment", z.object({ workspaceId: z.string().uuid(), fulfillmentId: z.string().uuid() }), {
    policy: "stately",
    batchSize: 10,
    concurrency: 5,
    retryLimit: 10,
    retryDelay: 5,
    retryBackoff: true,
  }),
  /** Every 5 minutes: a catalog pull for each connected workspace with "Pull product catalog information from Acumatica" on. */
  pullAllProducts: spec("acumatica.pull-all-products", z.object({}).passthrough(), { retryLimit: 0, schedule: "*/5 * * * *", expireInSeconds: 300 }),
  /** Incremental pull of one workspace's item master (templates and stock items). */
  pullProducts: spec("acumatica.pull-products", z.object({ workspaceId: z.string().uuid() }), { policy: "stately", retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 3600 }),
  /** Force product catalog resync: re-reads the whole item master into the run row the merchant started. */
  resyncProducts: spec("acumatica.resync-products", z.object({ workspaceId: z.string().uuid(), runId: z.string().uuid() }), {
    policy: "stately",
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 4 * 3600,
  }),
  /** Every 15 minutes: each US/UK shop with Push products on plans its listings (a safety net; catalog changes plan at once). */
  pushAllProducts: spec("tiktok-shop.push-all-products", z.object({}).passthrough(), { retryLimit: 0, schedule: "*/15 * * * *", expireInSeconds: 600 }),
  /** Compares one shop's listings with the hub catalog and queues the products to create or update. */
  pushProducts: spec("tiktok-shop.push-products", z.object({ workspaceId: z.string().uuid(), connectionId: z.string().uuid(), retryFailed: z.boolean().default(false) }), { policy: "stately", retryLimit: 3, retryDelay: 10, retryBackoff: true }),
  /** Creates or updates one product's TikTok listing in one shop (key: stable idempotency_key per product × shop). */
  pushProduct: spec("tiktok-shop.push-product", z.object({ workspaceId: z.string().uuid(), connectionId: z.string().uuid(), productId: z.string().uuid() }), {
    policy: "stately",
    batchSize: 10,
    concurrency: 4,
    retryLimit: 8,
    retryDelay: 5,
    retryBackoff: true,
  }),
  /**
   * Answers one buyer request (cancellation or return) per the shop's settings, once: one queued and one running
   * per TikTok request id (the singleton key).
   */
  answerBuyerRequest: spec("tiktok-shop.answer-buyer-request", z.object({ workspaceId: z.string().uuid(), refundId: z.string().uuid() }), {
    policy: "stately",
    retryLimit: 10,
    retryDelay: 5,
    retryBackoff: true,
  }),
  /** Every 10 minutes: a locations sync for each connected workspace with Process locations information on (or a shop pushing inventory). */
  syncAllLocations: spec("acumatica.sync-all-locations", z.object({}).passthrough(), { retryLimit: 0, schedule: "*/10 * * * *", expireInSeconds: 600 }),
  /** Locations of one workspace: Acumatica warehouses ↔ hub locations (one direction), and each shop's TikTok warehouses. */
  syncLocations: spec("acumatica.sync-locations", z.object({ workspaceId: z.string().uuid() }), { policy: "stately", retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 900 }),
  /** Every 5 minutes: the inventory pull or push of each connected workspace, per Process inventory information. */
  syncAllInventory: spec("acumatica.sync-all-inventory", z.object({}).passthrough(), { retryLimit: 0, schedule: "*/5 * * * *", expireInSeconds: 300 }),
  /** Acumatica stock changed since the cursor → hub inventory levels. */
  pullInventory: spec("acumatica.pull-inventory", z.object({ workspaceId: z.string().uuid() }), { policy: "stately", retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 3600 }),
  /** Force inventory resync: every item re-read into the run row the merchant started. */
  resyncInventory: spec("acumatica.resync-inventory", z.object({ workspaceId: z.string().uuid(), runId: z.string().uuid() }), {
    policy: "stately",
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 4 * 3600,
  }),
  /** Hub levels set by edits or CSV → Acumatica inventory adjustments, exactly once per batch. */
  pushInventoryToErp: spec("acumatica.push-inventory", z.object({ workspaceId: z.string().uuid() }), { policy: "stately", retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 1800 }),
  /** Every 15 minutes: each shop with Push inventory on sends what changed (a safety net; pulls and edits queue it at once). */
  pushAllInventoryToTikTok: spec("tiktok-shop.push-all-inventory", z.object({}).passthrough(), { retryLimit: 0, schedule: "*/15 * * * *", expireInSeconds: 600 }),
  /** Hub available quantities → one TikTok shop's mapped warehouses (only what changed since the last push). */
  pushInventoryToTikTok: spec("tiktok-shop.push-inventory", z.object({ workspaceId: z.string().uuid(), connectionId: z.string().uuid() }), {
    policy: "stately",
    retryLimit: 8,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 3600,
  }),
  /** Enqueues the workspace's orders that should be in Acumatica and are not (after a settings change, a reconnect, or on schedule). */
  enqueuePending: spec("acumatica.enqueue-pending", z.object({ workspaceId: z.string().uuid() }), { policy: "stately", retryLimit: 3 }),
  /** Every 5 minutes: a safety net for every workspace (missed jobs, parked orders, settled lost answers). */
  sweep: spec("acumatica.sweep", z.object({}).passthrough(), { retryLimit: 0, schedule: "*/5 * * * *", expireInSeconds: 300 }),
} as const;

export type JobKey = keyof typeof JOBS;
