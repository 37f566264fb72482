import { and, count, eq, gt, max } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { loginAttempts } from "@/lib/db/schema";

/**
 * Wrong-password throttling, per e-mail and per client address. After
 * FREE_FAILURES failures within WINDOW_MS, each further attempt must wait
 * BASE_DELAY_MS × 2^(failures − FREE_FAILURES), capped at MAX_DELAY_MS, counted
 * from the last failure. A success does not erase the history of the address.
 */
export const FREE_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;
export const BASE_DELAY_MS = 30_000;
export const MAX_DELAY_MS = 15 * 60_000;

export function requiredWaitMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (failures - FREE_FAILURES));
}

async function recentFailures(db: DbOrTx, column: typeof loginAttempts.email | typeof loginAttempts.ip, value: string, since: Date) {
  const [row] = await db
    .select({ n: count(), last: max(loginAttempts.createdAt) })
    .from(loginAttempts)
    .where(and(eq(column, value), eq(loginAttempts.succeeded, false), gt(loginAttempts.createdAt, since)));
  return { n: Number(row?.n ?? 0), last: row?.last ?? null };
}

/** Milliseconds the caller must still wait before another attempt for this e-mail or address (0 = go). */
export async function getLoginWaitMs(db: DbOrTx, email: string, ip: string, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const [byEmail, byIp] = await Promise.all([
    recentFailures(db, loginAttempts.email, email, since),
    recentFailures(db, loginAttempts.ip, ip, since),
  ]);
  let wait = 0;
  for (const f of [byEmail, byIp]) {
    const needed = requiredWaitMs(f.n);
    if (needed > 0 && f.last) wait = Math.max(wait, f.last.getTime() + needed - now.getTime());
  }
  return Math.max(0, wait);
}

export async function recordLoginAttempt(db: DbOrTx, email: string, ip: string, succeeded: boolean): Promise<void> {
  await db.insert(loginAttempts).values({ email, ip, succeeded });
}
