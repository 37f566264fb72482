/**
 * Request budgets shared by every process that talks to one vendor account.
 *
 * A vendor limit (Acumatica: requests per minute and concurrent requests per
 * licence; TikTok Shop: QPS per app and shop) belongs to the account, not to a
 * process. Clients therefore take a `RateBudget` and ask it before each call;
 * the database implementation (lib/connectors/shared/db-rate-budget.ts) makes the
 * budget visible to all workers, the memory one serves tests and single-process use.
 */
export interface RateBudget {
  /**
   * Waits until one request may start under `key` and returns a release
   * function to call when the response has arrived (frees a concurrency slot).
   */
  acquire(key: string): Promise<() => void>;
}

export interface RateBudgetLimits {
  /** Sustained requests per second (token bucket refill rate). */
  perSecond: number;
  /** Bucket size: how many requests may start back to back. Defaults to perSecond. */
  burst?: number;
  /** Requests in flight at once; unlimited when absent. */
  concurrency?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Token bucket + semaphore per key, within one process. */
export function createMemoryRateBudget(limits: RateBudgetLimits): RateBudget {
  const burst = limits.burst ?? Math.max(1, limits.perSecond);
  const buckets = new Map<string, { tokens: number; at: number; inFlight: number; waiters: Array<() => void> }>();

  function bucket(key: string) {
    let b = buckets.get(key);
    if (!b) {
      b = { tokens: burst, at: Date.now(), inFlight: 0, waiters: [] };
      buckets.set(key, b);
    }
    return b;
  }

  return {
    async acquire(key) {
      const b = bucket(key);
      if (limits.concurrency !== undefined) {
        while (b.inFlight >= limits.concurrency) {
          await new Promise<void>((resolve) => b.waiters.push(resolve));
        }
      }
      b.inFlight++;
      for (;;) {
        const now = Date.now();
        b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * limits.perSecond);
        b.at = now;
        if (b.tokens >= 1) {
          b.tokens -= 1;
          break;
        }
        await sleep(Math.ceil(((1 - b.tokens) / limits.perSecond) * 1000));
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        b.inFlight--;
        b.waiters.shift()?.();
      };
    },
  };
}

/** A budget that never waits (tests that exercise the vendor's own limits). */
export const UNLIMITED_BUDGET: RateBudget = {
  async acquire() {
    return () => undefined;
  },
};
