import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";

/**
 * A mutex every worker process shares, for work that must not run twice at
 * once on one record (e.g. the packages of one TikTok order: each push picks
 * unshipped units from what it read, so two at once could pick the same
 * unit). One statement (ob_rate_take with cap 1 and no bucket); a dead
 * holder's lease expires after `ttlMs`.
 */
export async function tryLease(db: Db, key: string, ttlMs: number): Promise<number | null> {
  const res = await db.execute(sql`select lease_id, wait_ms from ob_rate_take(${key}, 1, ${ttlMs / 1000}::float8, null, null)`);
  const row = res.rows[0] as { lease_id: string | number | null; wait_ms: number };
  return Number(row.wait_ms) < 0 || row.lease_id === null ? null : Number(row.lease_id);
}

export async function releaseLease(db: Db, leaseId: number): Promise<void> {
  await db.execute(sql`delete from rate_leases where id = ${leaseId}`);
}

/** The lease key of an order's package pushes. */
export const packagesLeaseKey = (orderId: string) => `tiktok-packages:${orderId}`;

/** Longer than one package push (two TikTok calls with their retries); a dead holder's lease frees the order after it (or after the claim lease, if shorter). */
export const packagesLeaseMs = (deps: { leaseMs?: number }) => Math.min(deps.leaseMs ?? 120_000, 120_000);
