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

  async function takeToken(key: string): Promise<number> {
    await db.execute(sql`insert into rate_buckets (key, tokens, updated_at) values (${key}, ${burst}, now()) on conflict (key) do nothing`);
    const res = await db.execute(sql`
      update rate_buckets
         set tokens = least(${burst}::float8, tokens + extract(epoch from (clock_timestamp() - updated_at)) * ${rate}::float8) - 1,
             updated_at = clock_timestamp()
       where key = ${key}
         and least(${burst}::float8, tokens + extract(epoch from (clock_timestamp() - updated_at)) * ${rate}::float8) >= 1
       returning tokens`);
    if (res.rows.length > 0) return 0;
    const [row] = (await db.execute(sql`
      select least(${burst}::float8, tokens + extract(epoch from (clock_timestamp() - updated_at)) * ${rate}::float8) as tokens
        from rate_buckets where key = ${key}`)).rows as Array<{ tokens: number }>;
    const missing = 1 - Number(row?.tokens ?? 0);
    return Math.max(5, Math.ceil((missing / rate) * 1000));
  }

  async function takeLease(key: string, cap: number): Promise<number | null> {
    return db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
      await tx.execute(sql`delete from rate_leases where key = ${key} and expires_at < now()`);
      const [count] = (await tx.execute(sql`select count(*)::int as n from rate_leases where key = ${key}`)).rows as Array<{ n: number }>;
      if ((count?.n ?? 0) >= cap) return null;
      const [lease] = (await tx.execute(sql`
        insert into rate_leases (key, expires_at) values (${key}, now() + make_interval(secs => ${leaseMs / 1000}))
        returning id`)).rows as Array<{ id: number }>;
      return Number(lease!.id);
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
        void db.execute(sql`delete from rate_leases where id = ${leaseId}`).catch(() => undefined);
      };
    },
  };
}
