import type PgBoss from "pg-boss";
import type { z } from "zod";
import type { Db } from "@/lib/db/client";

/** What a handler gets besides its payload: the job's identity and the database to work in. */
export interface JobContext {
  id: string;
  name: string;
  db: Db;
}

/** Queue settings of one job; retries use pg-boss's exponential backoff. */
export interface JobOptions {
  retryLimit?: number;
  retryDelay?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  /** Jobs fetched per poll by one worker. */
  batchSize?: number;
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

export const DEFAULT_JOB_OPTIONS: Required<Omit<JobOptions, "batchSize" | "schedule">> = {
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
  onFailure?: JobDefinition<S>["onFailure"];
  options?: JobOptions;
}): JobDefinition<S> {
  return { ...def, options: { ...DEFAULT_JOB_OPTIONS, ...def.options } };
}

export function queueOptions(def: JobDefinition): Omit<PgBoss.Queue, "name"> {
  const { retryLimit, retryDelay, retryBackoff, expireInSeconds, policy } = def.options;
  return { retryLimit, retryDelay, retryBackoff, expireInSeconds, policy };
}
