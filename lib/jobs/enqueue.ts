import type PgBoss from "pg-boss";
import type { z } from "zod";
import type { SqlExecutor } from "@/lib/db/pg-transaction";
import type { JobDefinition } from "./define-job";

/**
 * Sends a job of `def` with a payload checked against its schema. With `tx`
 * the job is inserted in that transaction (it exists only if the transaction
 * commits). `singletonKey` de-duplicates: one queued job per key.
 */
export async function enqueue<S extends z.ZodType>(
  boss: PgBoss,
  def: JobDefinition<S>,
  data: z.input<S>,
  opts: { tx?: SqlExecutor; singletonKey?: string; startAfterSeconds?: number } = {},
): Promise<string | null> {
  const payload = def.schema.parse(data) as object;
  return boss.send(def.name, payload, {
    ...(opts.tx ? { db: opts.tx as never } : {}),
    ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
    ...(opts.startAfterSeconds ? { startAfter: opts.startAfterSeconds } : {}),
  });
}
