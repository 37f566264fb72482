import type PgBoss from "pg-boss";
import type { z } from "zod";
import type { SqlExecutor } from "@/lib/db/pg-transaction";
import type { JobDefinition } from "./define-job";

/**
 * Sends a job of `def` with a payload checked against its schema. With `tx`
 * the job is inserted in that transaction (it exists only if the transaction
 * commits). `singletonKey` de-duplicates as the queue's policy says (see
 * JobOptions.policy) and is refused on a `standard` queue, where pg-boss would
 * silently ignore it. A de-duplicated send returns null.
 */
export async function enqueue<S extends z.ZodType>(
  boss: PgBoss,
  def: JobDefinition<S>,
  data: z.input<S>,
  opts: { tx?: SqlExecutor; singletonKey?: string; startAfterSeconds?: number } = {},
): Promise<string | null> {
  const payload = def.schema.parse(data) as object;
  if (opts.singletonKey && (def.options.policy ?? "standard") === "standard") {
    throw new Error(`${def.name}: singletonKey needs a queue policy (short, singleton or stately); a standard queue ignores it`);
  }
  return boss.send(def.name, payload, {
    ...(opts.tx ? { db: opts.tx as never } : {}),
    ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
    ...(opts.startAfterSeconds ? { startAfter: opts.startAfterSeconds } : {}),
  });
}
