import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import type { RateBudget, RateBudgetLimits } from "@/lib/connectors/shared/rate-budget";

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

  /** A lease for one request in flight, or null when `cap` are out. Expired leases (a dead holder's) do not count. */
  async function takeLease(key: string, cap: number): Promise<number | null> {
    return db.transaction(async (tx) => {
      // The lock serialises takers of one key; the insert's snapshot is taken after it, so it sees every committed lease.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
      const res = await tx.execute(sql`
        with gone as (delete from rate_leases where key = ${key} and expires_at < now())
        insert into rate_leases (key, expires_at)
        select ${key}, now() + make_interval(secs => ${leaseMs / 1000})
         where (select count(*) from rate_leases where key = ${key} and expires_at >= now()) < ${cap}
        returning id`);
      const lease = res.rows[0] as { id: number } | undefined;
      return lease ? Number(lease.id) : null;
    });
  }

  return {
    async acquire(key) {
      let leaseId: number | null = null;
      if (limits.concurrency !== undefined) {
        for (let wait = 20; (leaseId = await takeLease(key, limits.concurrency)) === null; wait = Math.min(wait * 2, 500)) await sleep(wait);
      }
      for (let waitMs = await takeToken(key); waitMs > 0; waitMs = await takeToken(key)) await sleep(waitMs);
      let released = false;
      return () => {
        if (released || leaseId === null) return;
        released = true;
        // Release is synchronous in the RateBudget contract; a lost delete only means the lease expires on its own.
        void db.execute(sql`delete from rate_leases where id = ${leaseId}`).catch(() => undefined);
      };
    },
  };
}
