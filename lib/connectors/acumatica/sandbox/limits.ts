/**
 * Licence limits of an Acumatica instance (License Monitoring Console, SM604000):
 * - API users: concurrent API sessions (enforced by the identity module);
 * - concurrent API requests: extra requests wait in a queue;
 * - requests per minute: once the current window reaches 50 % of the limit each
 *   request is delayed by remaining_time_in_window / remaining_requests;
 * - a request is declined (429) when more than `maxQueue` requests are already
 *   queued or it has waited longer than `maxQueueWaitMs`.
 */
export interface LicenseLimits {
  maxApiUsers: number;
  maxConcurrentRequests: number;
  requestsPerMinute: number;
  maxQueue: number;
  maxQueueWaitMs: number;
  /** Length of the rate window; 60 000 on a real instance, shorter in tests. */
  windowMs: number;
}

export const DEFAULT_LIMITS: LicenseLimits = {
  maxApiUsers: 10,
  maxConcurrentRequests: 8,
  requestsPerMinute: 600,
  maxQueue: 20,
  maxQueueWaitMs: 600_000,
  windowMs: 60_000,
};

export class RequestDeclinedError extends Error {}

export interface LimiterStats {
  processed: number;
  delayed: number;
  declined: number;
  queued: number;
  inFlight: number;
  /** Most requests processed at once / waiting at once since the last reset (benchmarks check the licence cap with these). */
  peakInFlight: number;
  peakQueued: number;
}

interface Waiter {
  resolve: (release: () => void) => void;
  reject: (err: Error) => void;
  delayedOnce: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export interface RequestLimiter {
  /** Waits for a processing slot; resolves to a release function or rejects with RequestDeclinedError. */
  admit(): Promise<() => void>;
  stats(): LimiterStats;
  setLimits(next: Partial<LicenseLimits>): void;
  limits(): LicenseLimits;
  reset(): void;
}

export function createRequestLimiter(initial: Partial<LicenseLimits> = {}): RequestLimiter {
  let limits: LicenseLimits = { ...DEFAULT_LIMITS, ...initial };
  const queue: Waiter[] = [];
  let inFlight = 0;
  let windowStart = Date.now();
  let windowCount = 0;
  let pumpTimer: ReturnType<typeof setTimeout> | undefined;
  const counters = { processed: 0, delayed: 0, declined: 0, peakInFlight: 0, peakQueued: 0 };

  function rollWindow(now: number) {
    if (now - windowStart >= limits.windowMs) {
      windowStart = now;
      windowCount = 0;
    }
  }

  /** Delay the next request must wait before it starts; 0 below half the limit. */
  function throttleDelay(now: number): { ms: number; untilWindowEnd: boolean } {
    if (!Number.isFinite(limits.requestsPerMinute) || windowCount < limits.requestsPerMinute * 0.5) return { ms: 0, untilWindowEnd: false };
    const remainingTime = Math.max(0, windowStart + limits.windowMs - now);
    const remainingRequests = limits.requestsPerMinute - windowCount;
    if (remainingRequests <= 0) return { ms: remainingTime + 1, untilWindowEnd: true };
    return { ms: Math.ceil(remainingTime / remainingRequests), untilWindowEnd: false };
  }

  function start(w: Waiter) {
    if (w.timer) clearTimeout(w.timer);
    inFlight++;
    counters.peakInFlight = Math.max(counters.peakInFlight, inFlight);
    windowCount++;
    counters.processed++;
    let released = false;
    w.resolve(() => {
      if (released) return;
      released = true;
      inFlight--;
      pump();
    });
  }

  function pump() {
    if (pumpTimer) return;
    while (queue.length > 0 && inFlight < limits.maxConcurrentRequests) {
      const now = Date.now();
      rollWindow(now);
      const head = queue[0];
      if (!head) break;
      const delay = throttleDelay(now);
      if (delay.ms > 0 && (delay.untilWindowEnd || !head.delayedOnce)) {
        if (!head.delayedOnce) counters.delayed++;
        head.delayedOnce = true;
        pumpTimer = setTimeout(() => {
          pumpTimer = undefined;
          pump();
        }, delay.ms);
        return;
      }
      queue.shift();
      start(head);
    }
  }

  return {
    admit() {
      return new Promise<() => void>((resolve, reject) => {
        if (queue.length >= limits.maxQueue && (inFlight >= limits.maxConcurrentRequests || throttleDelay(Date.now()).ms > 0)) {
          counters.declined++;
          reject(new RequestDeclinedError("The request was declined: the API request queue is full."));
          return;
        }
        const w: Waiter = { resolve, reject, delayedOnce: false, timer: undefined };
        w.timer = setTimeout(() => {
          const i = queue.indexOf(w);
          if (i >= 0) {
            queue.splice(i, 1);
            counters.declined++;
            reject(new RequestDeclinedError("The request was declined: it waited in the API request queue too long."));
          }
        }, limits.maxQueueWaitMs);
        queue.push(w);
        pump();
        counters.peakQueued = Math.max(counters.peakQueued, queue.length);
      });
    },
    stats: () => ({ ...counters, queued: queue.length, inFlight }),
    setLimits(next) {
      limits = { ...limits, ...next };
      pump();
    },
    limits: () => limits,
    reset() {
      windowStart = Date.now();
      windowCount = 0;
      counters.processed = 0;
      counters.delayed = 0;
      counters.declined = 0;
      counters.peakInFlight = inFlight;
      counters.peakQueued = queue.length;
    },
  };
}
