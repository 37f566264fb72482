import type PgBoss from "pg-boss";
import { ZodError } from "zod";
import type { Db } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import type { JobDefinition } from "./define-job";
import { PermanentJobError } from "./define-job";
import { ensureQueues } from "./boss";

/**
 * Registers every job of the registry with pg-boss. Any number of worker
 * processes may do this on the same database: pg-boss hands each job to one of
 * them (SKIP LOCKED), so adding machines adds throughput.
 */
export async function startWorkers(boss: PgBoss, registry: readonly JobDefinition[], db: Db): Promise<void> {
  await ensureQueues(boss, registry);
  for (const def of registry) {
    if (def.options.schedule) await boss.schedule(def.name, def.options.schedule, {});
    await boss.work(def.name, { batchSize: def.options.batchSize ?? 1, pollingIntervalSeconds: 0.5, includeMetadata: true }, async (jobs) => {
      for (const job of jobs) await runJob(def, { ...job, finalAttempt: job.retryCount >= job.retryLimit }, db);
    });
  }
}

/**
 * Runs one job: validate, handle. A permanent failure completes the job with a
 * reason; any other failure is thrown for pg-boss to retry. Either way, when
 * the job gives up for good its `onFailure` records why.
 */
export async function runJob(
  def: JobDefinition,
  job: { id: string; name: string; data: unknown; finalAttempt?: boolean },
  db: Db,
): Promise<{ permanentFailure?: string }> {
  const started = Date.now();
  const ctx = { id: job.id, name: job.name, db };
  const giveUp = async (reason: string) => {
    const parsed = def.schema.safeParse(job.data);
    if (parsed.success) await def.onFailure?.(parsed.data, reason, ctx).catch((err: unknown) => logger.error("job onFailure failed", { job: job.name, err }));
  };
  try {
    const data = def.schema.parse(job.data);
    await def.handler(data, ctx);
    logger.info("job done", { job: job.name, id: job.id, ms: Date.now() - started });
    return {};
  } catch (err) {
    if (err instanceof ZodError || err instanceof PermanentJobError) {
      const reason = err instanceof ZodError ? `invalid payload: ${err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` : err.message;
      logger.warn("job failed permanently", { job: job.name, id: job.id, reason });
      await giveUp(reason);
      return { permanentFailure: reason };
    }
    if (job.finalAttempt) {
      logger.error("job failed on its last attempt", { job: job.name, id: job.id, err });
      await giveUp(`gave up after retries: ${err instanceof Error ? err.message : String(err)}`);
    } else {
      logger.warn("job failed, will retry", { job: job.name, id: job.id, err });
    }
    throw err;
  }
}
