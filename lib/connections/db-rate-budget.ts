import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { executeNamed } from "@/lib/db/prepared";
import type { RateBudget, RateBudgetLimits } from "@/lib/connectors/shared/rate-budget";

const TAKE = "select lease_id, wait_ms from ob_rate_take($1, $2::integer, $3::float8, $4::float8, $5::float8)";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A RateBudget every process shares through the database: a token bucket row
 * per key (refilled by elapsed time in one UPDATE, so no process can take a
 * token another already took) and, with `concurrency`, leases for requests in
 * flight that expire on their own if a process dies holding one.
 */
export function createDbRateBudget(db: Db, limits: RateBudgetLimits & { leaseMs?: number }): RateBudget {
  const burst = limits.burst ?? Math.max(1, limits.perSecond);
  const rate = limits.perSecond;
  const leaseMs = limits.leaseMs ?? 60_000;

  /** One round trip when a token is there: create-or-refill-and-take in a single upsert. Returns ms to wait, 0 = taken. */
  async function takeToken(key: string): Promise<number> {
    const refill = sql`least(${burst}::float8, b.tokens + extract(epoch from (clock_timestamp() - b.updated_at)) * ${rate}::float8)`;
    const taken = await db.execute(sql`
      insert into rate_buckets as b (key, tokens, updated_at) values (${key}, ${burst - 1}::float8, clock_timestamp())
      on conflict (key) do update set tokens = ${refill} - 1, updated_at = clock_timestamp()
        where ${refill} >= 1
      returning tokens`);
    if (taken.rows.length > 0) return 0;
    const [row] = (await db.execute(sql`select ${refill} as tokens from rate_buckets b where key = ${key}`)).rows as Array<{ tokens: number }>;
    const missing = 1 - Number(row?.tokens ?? 0);
    return Math.max(5, Math.ceil((missing / rate) * 1000));
  }

  /**
   * The common case in one round trip (ob_rate_take, migration 0006): a lease for one request in flight when the
   * budget caps concurrency (expired leases, a dead holder's, do not count), then a token. Null when every lease is out.
   */
  async function take(key: string): Promise<{ leaseId: number | null; waitMs: number } | null> {
    const cap = limits.concurrency ?? null;
    const [row] = await executeNamed<{ lease_id: string | number | null; wait_ms: number }>(db, "ob_rate_take", TAKE, [key, cap, leaseMs / 1000, burst, rate]);
    if (!row) throw new Error("ob_rate_take returned no row");
    if (Number(row.wait_ms) < 0) return null;
    return { leaseId: row.lease_id === null ? null : Number(row.lease_id), waitMs: Number(row.wait_ms) };
  }

  return {
    async acquire(key) {
      let got: { leaseId: number | null; waitMs: number } | null;
      for (let wait = 20; (got = await take(key)) === null; wait = Math.min(wait * 2, 500)) await sleep(wait);
      const leaseId = got.leaseId;
      // Holding the lease, wait for a token (the bucket alone, one upsert a try).
      for (let waitMs = got.waitMs; waitMs > 0; waitMs = await takeToken(key)) await sleep(waitMs);
      let released = false;
      return () => {
        if (released || leaseId === null) return;
        released = true;
        // Release is synchronous in the RateBudget contract; a lost delete only means the lease expires on its own.
        void executeNamed(db, "ob_rate_release", "delete from rate_leases where id = $1", [leaseId]).catch(() => undefined);
      };
    },
  };
}
