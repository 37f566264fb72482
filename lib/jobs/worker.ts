import type PgBoss from "pg-boss";
import { ZodError } from "zod";
import type { Db } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import type { JobContext, JobDefinition } from "./define-job";
import { PermanentJobError } from "./define-job";
import { ensureQueues } from "./boss";
import { bossForDb, withJobTransaction } from "./transaction";
import { enqueue } from "./enqueue";
import { forgetLocalLoops, registerLocalLoop, wakeLocal, wakeLocalWhenDue } from "./local-wake";

/** What jobs run with: the database and the pg-boss instance follow-up jobs are sent through. */
export interface JobDeps {
  db: Db;
  boss?: PgBoss;
}

const depsOf = (d: Db | JobDeps): JobDeps => ("select" in d ? { db: d } : d);

function contextOf(deps: JobDeps, job: { id: string; name: string }): JobContext {
  const boss = async () => deps.boss ?? (await bossForDb(deps.db));
  return {
    id: job.id,
    name: job.name,
    db: deps.db,
    transaction: async (fn) => withJobTransaction(deps.db, fn, await boss()),
    enqueue: async (def, data, opts) => {
      const id = await enqueue(await boss(), def, data, opts);
      wakeLocalWhenDue(def.name, opts?.startAfterSeconds);
      return id;
    },
  };
}

/**
 * Registers every job of the registry with pg-boss. Any number of worker
 * processes may do this on the same database: pg-boss hands each job to one of
 * them (SKIP LOCKED), so adding machines adds throughput. Within a fetched
 * batch each job succeeds or fails on its own.
 */
export async function startWorkers(boss: PgBoss, registry: readonly JobDefinition[], db: Db, opts: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  await ensureQueues(boss, registry);
  const deps: JobDeps = { db, boss };
  boss.once("stopped", () => forgetLocalLoops(boss));
  for (const def of registry) {
    if (def.options.schedule) await boss.schedule(def.name, def.options.schedule, {});
    for (let loop = 0; loop < (def.options.loops ?? 1); loop++) {
      const id = await boss.work(def.name, { batchSize: def.options.batchSize ?? 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 0.5, includeMetadata: true }, async (jobs) => {
        const batch = jobs.map((job) => ({ id: job.id, name: job.name, data: job.data, finalAttempt: job.retryCount >= job.retryLimit }));
        const failures = await runBatch(def, batch, deps);
        for (const [jobId, err] of failures) {
          await boss.fail(def.name, jobId, { message: err instanceof Error ? err.message : String(err) }).catch((e: unknown) => logger.error("could not mark job failed", { job: def.name, id: jobId, err: e }));
        }
        // pg-boss polls (every half second by default, slower when job notifications work); while there is work, this
        // queue's loops look again at once (there may be more of the same). Follow-ups queued by the batch woke their
        // own queues' loops (lib/jobs/local-wake.ts).
        if (jobs.length) wakeLocal([def.name]);
      });
      registerLocalLoop(boss, def.name, id);
    }
  }
}

export interface RunnableJob {
  id: string;
  name: string;
  data: unknown;
  finalAttempt?: boolean;
}

/** Sorts a failure: permanent (recorded, completed) or temporary (thrown back for pg-boss to retry). */
async function settle(def: JobDefinition, job: RunnableJob, err: unknown, deps: JobDeps): Promise<{ permanentFailure?: string; retry?: unknown }> {
  const ctx = contextOf(deps, job);
  const giveUp = async (reason: string) => {
    const parsed = def.schema.safeParse(job.data);
    if (parsed.success) await def.onFailure?.(parsed.data, reason, ctx).catch((e: unknown) => logger.error("job onFailure failed", { job: job.name, err: e }));
  };
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
  return { retry: err };
}

/**
 * Runs one job: validate, handle. A permanent failure completes the job with a
 * reason; any other failure is thrown for pg-boss to retry. Either way, when
 * the job gives up for good its `onFailure` records why.
 */
export async function runJob(def: JobDefinition, job: RunnableJob, depsOrDb: JobDeps | Db): Promise<{ permanentFailure?: string }> {
  const deps = depsOf(depsOrDb);
  const started = Date.now();
  try {
    const data = def.schema.parse(job.data);
    await def.handler(data, contextOf(deps, job));
    logger.debug("job done", { job: job.name, id: job.id, ms: Date.now() - started });
    return {};
  } catch (err) {
    const outcome = await settle(def, job, err, deps);
    if ("retry" in outcome) throw outcome.retry;
    return outcome;
  }
}

/**
 * Runs a fetched batch: through `handleBatch` when the job has one (one vendor
 * call for many ids), else each job on its own, `concurrency` at a time.
 * Returns the jobs to fail for a retry; the rest complete.
 */
export async function runBatch(def: JobDefinition, jobs: RunnableJob[], depsOrDb: JobDeps | Db): Promise<Map<string, unknown>> {
  const deps = depsOf(depsOrDb);
  const retry = new Map<string, unknown>();
  if (def.handleBatch) {
    const valid: Array<{ id: string; data: unknown }> = [];
    for (const job of jobs) {
      const parsed = def.schema.safeParse(job.data);
      if (parsed.success) valid.push({ id: job.id, data: parsed.data });
      else await settle(def, job, parsed.error, deps);
    }
    let outcomes: Map<string, unknown>;
    try {
      outcomes = valid.length ? await def.handleBatch(valid, contextOf(deps, { id: jobs[0]!.id, name: def.name })) : new Map();
    } catch (err) {
      outcomes = new Map(valid.map((v) => [v.id, err]));
    }
    for (const job of jobs) {
      const err = outcomes.get(job.id);
      if (err === undefined || err === null) continue;
      const s = await settle(def, job, err, deps);
      if ("retry" in s) retry.set(job.id, s.retry);
    }
    return retry;
  }
  const limit = Math.max(1, def.options.concurrency ?? 1);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, jobs.length) }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        try {
          await runJob(def, job, deps);
        } catch (err) {
          retry.set(job.id, err);
        }
      }
    }),
  );
  return retry;
}
