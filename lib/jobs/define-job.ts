import type PgBoss from "pg-boss";
import type { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { JobTx } from "./transaction";

/** What a handler gets besides its payload: the job's identity, the database, and transactions that can enqueue. */
export interface JobContext {
  id: string;
  name: string;
  db: Db;
  /** A transaction whose writes and the follow-up jobs it enqueues commit together. */
  transaction<T>(fn: (tx: JobTx) => Promise<T>): Promise<T>;
  /** Enqueue outside any transaction. */
  enqueue: JobTx["enqueue"];
}

/** Queue settings of one job; retries use pg-boss's exponential backoff. */
export interface JobOptions {
  retryLimit?: number;
  retryDelay?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  /** Jobs fetched per poll by one worker. */
  batchSize?: number;
  /** Jobs of one batch run at the same time (per worker); each succeeds or fails on its own. */
  concurrency?: number;
  /** Fetch loops per worker process (each fetches a batch at a time). */
  loops?: number;
  /** Cron expression: the worker schedules the job (pg-boss runs each tick once across all workers). */
  schedule?: string;
  /**
   * pg-boss queue policy. `singletonKey` de-duplicates only under a policy: `short` (one queued job per key),
   * `singleton` (one running per key), `stately` (one queued and one running per key). `standard` ignores keys.
   */
  policy?: "standard" | "short" | "singleton" | "stately";
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  schema: S;
  options: JobOptions;
  handler: (data: z.output<S>, job: JobContext) => Promise<void>;
  /**
   * Handles a whole batch at once (e.g. one vendor read for 50 ids). Returns each job's failure, or null
   * when it succeeded; jobs missing from the map succeeded. One job failing never fails the others.
   */
  handleBatch?: (items: Array<{ id: string; data: z.output<S> }>, ctx: Omit<JobContext, "id">) => Promise<Map<string, unknown>>;
  /** Called once when the job gives up (permanent failure, or the last retry failed): record it where a person sees it. */
  onFailure?: (data: z.output<S>, reason: string, job: JobContext) => Promise<void>;
}

/**
 * A failure that retrying cannot fix (bad payload, the vendor refused the data).
 * The worker completes the job instead of retrying and records the reason; the
 * sync engine turns these into exceptions a merchant can act on.
 */
export class PermanentJobError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "PermanentJobError";
  }
}

export const DEFAULT_JOB_OPTIONS: Required<Omit<JobOptions, "batchSize" | "schedule" | "concurrency" | "loops">> = {
  policy: "standard",
  retryLimit: 8,
  retryDelay: 5,
  retryBackoff: true,
  expireInSeconds: 15 * 60,
};

/** Declares a job once: name, payload schema, handler and queue options. */
export function defineJob<S extends z.ZodType>(def: {
  name: string;
  schema: S;
  handler: JobDefinition<S>["handler"];
  handleBatch?: JobDefinition<S>["handleBatch"];
  onFailure?: JobDefinition<S>["onFailure"];
  options?: JobOptions;
}): JobDefinition<S> {
  // Declared in lib/sync/jobs/catalog.ts (name, schema, options); here it gets its handler.
  return { ...def, options: { ...DEFAULT_JOB_OPTIONS, ...def.options } };
}

export function queueOptions(def: { options: JobOptions }): Omit<PgBoss.Queue, "name"> {
  const { retryLimit, retryDelay, retryBackoff, expireInSeconds, policy } = def.options;
  return { retryLimit, retryDelay, retryBackoff, expireInSeconds, policy };
}
