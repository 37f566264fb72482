import type PgBoss from "pg-boss";
import type { z } from "zod";
import type { SqlExecutor } from "@/lib/db/pg-transaction";
import type { JobOptions } from "./define-job";
import { announceQueues } from "./job-wake";

/** What sending needs of a job: its name, payload schema and queue policy (a JobDefinition or a catalog spec). */
export interface Enqueueable<S extends z.ZodType> {
  name: string;
  schema: S;
  options: Pick<JobOptions, "policy">;
}

/**
 * Sends a job of `def` with a payload checked against its schema. With `tx`
 * the job is inserted in that transaction (it exists only if the transaction
 * commits). `singletonKey` de-duplicates as the queue's policy says (see
 * JobOptions.policy) and is refused on a `standard` queue, where pg-boss would
 * silently ignore it. A de-duplicated send returns null.
 */
export async function enqueue<S extends z.ZodType>(
  boss: PgBoss,
  def: Enqueueable<S>,
  data: z.input<S>,
  opts: { tx?: SqlExecutor; singletonKey?: string; startAfterSeconds?: number } = {},
): Promise<string | null> {
  const payload = def.schema.parse(data) as object;
  if (opts.singletonKey && (def.options.policy ?? "standard") === "standard") {
    throw new Error(`${def.name}: singletonKey needs a queue policy (short, singleton or stately); a standard queue ignores it`);
  }
  const id = await boss.send(def.name, payload, {
    ...(opts.tx ? { db: opts.tx as never } : {}),
    ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
    ...(opts.startAfterSeconds ? { startAfter: opts.startAfterSeconds } : {}),
  });
  // Due now: workers elsewhere start on it at once (lib/jobs/job-wake.ts), not at their next poll.
  if (id && !opts.startAfterSeconds) await announceQueues(opts.tx ?? boss.getDb(), [def.name]);
  return id;
}

/** One job of an `enqueueMany` call. */
export interface EnqueueItem {
  def: Enqueueable<z.ZodType>;
  data: unknown;
  singletonKey?: string;
  startAfterSeconds?: number;
}

/**
 * Sends several jobs in one statement (pg-boss `insert`), each checked as
 * `enqueue` checks it. De-duplication by `singletonKey` follows each queue's
 * policy, as with `enqueue`. With `tx` they exist only if that transaction
 * commits. A page of 50 orders queues its 50 pushes in one round trip, not 50.
 */
export async function enqueueMany(boss: PgBoss, items: readonly EnqueueItem[], opts: { tx?: SqlExecutor } = {}): Promise<void> {
  if (items.length === 0) return;
  const jobs: PgBoss.JobInsert[] = items.map((it) => {
    const data = it.def.schema.parse(it.data) as object;
    if (it.singletonKey && (it.def.options.policy ?? "standard") === "standard") {
      throw new Error(`${it.def.name}: singletonKey needs a queue policy (short, singleton or stately); a standard queue ignores it`);
    }
    return {
      name: it.def.name,
      data,
      ...(it.singletonKey ? { singletonKey: it.singletonKey } : {}),
      // pg-boss `insert` takes startAfter as an interval text or an ISO time.
      ...(it.startAfterSeconds ? { startAfter: `${Math.ceil(it.startAfterSeconds)} seconds` } : {}),
    };
  });
  if (opts.tx) await boss.insert(jobs, { db: opts.tx as never });
  else await boss.insert(jobs);
  await announceQueues(opts.tx ?? boss.getDb(), items.filter((it) => !it.startAfterSeconds).map((it) => it.def.name));
}
