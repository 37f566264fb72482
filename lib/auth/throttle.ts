import { and, count, eq, gt, max, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/client";
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
export async function getLoginWaitMs(db: DbOrTx, email: string, ip: string | null, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const counts = [await recentFailures(db, loginAttempts.email, email, since)];
  if (ip) counts.push(await recentFailures(db, loginAttempts.ip, ip, since));
  let wait = 0;
  for (const f of counts) {
    const needed = requiredWaitMs(f.n);
    if (needed > 0 && f.last) wait = Math.max(wait, f.last.getTime() + needed - now.getTime());
  }
  return Math.max(0, wait);
}

/**
 * Starts an attempt: under a lock per e-mail (and per address) it checks the
 * wait and, if none is due, records the attempt as failed before the password
 * is even checked. Concurrent guesses therefore count against each other; a
 * success flips its own row afterwards (finishLoginAttempt).
 */
export async function beginLoginAttempt(db: Db, email: string, ip: string | null): Promise<{ attemptId: number } | { waitMs: number }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`login:${email}`}))`);
    if (ip) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`login-ip:${ip}`}))`);
    const waitMs = await getLoginWaitMs(tx, email, ip);
    if (waitMs > 0) return { waitMs };
    const [row] = await tx.insert(loginAttempts).values({ email, ip: ip ?? UNKNOWN_IP, succeeded: false }).returning({ id: loginAttempts.id });
    return { attemptId: row!.id };
  });
}

export async function finishLoginAttempt(db: DbOrTx, attemptId: number, succeeded: boolean): Promise<void> {
  if (succeeded) await db.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attemptId));
}

/** Recorded as the address when none can be trusted (no proxy configured); never counted per address. */
export const UNKNOWN_IP = "unknown";
