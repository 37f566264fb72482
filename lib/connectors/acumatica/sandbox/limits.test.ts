import { describe, expect, it } from "vitest";
import { RequestDeclinedError, createRequestLimiter } from "./limits";

describe("licence request limiter", () => {
  it("runs at most maxConcurrentRequests at once and queues the rest", async () => {
    const limiter = createRequestLimiter({ maxConcurrentRequests: 2, requestsPerMinute: Infinity });
    const a = await limiter.admit();
    await limiter.admit();
    let third = false;
    const p = limiter.admit().then((r) => {
      third = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(third).toBe(false);
    expect(limiter.stats().queued).toBe(1);
    a();
    await p;
    expect(third).toBe(true);
  });

  it("declines with 429 semantics when more than maxQueue requests wait", async () => {
    const limiter = createRequestLimiter({ maxConcurrentRequests: 1, maxQueue: 2, requestsPerMinute: Infinity });
    await limiter.admit();
    const waiting = [limiter.admit(), limiter.admit()];
    await expect(limiter.admit()).rejects.toBeInstanceOf(RequestDeclinedError);
    expect(limiter.stats().declined).toBe(1);
    void waiting;
  });

  it("slows down past 50 % of the per-window limit by remaining time / remaining requests", async () => {
    const limiter = createRequestLimiter({ maxConcurrentRequests: 10, requestsPerMinute: 10, windowMs: 2000 });
    for (let i = 0; i < 5; i++) (await limiter.admit())();
    expect(limiter.stats().delayed).toBe(0);
    const t = Date.now();
    (await limiter.admit())();
    // 5 of 10 used: the next request waits about (2000 ms - elapsed) / 5 remaining ≈ 400 ms.
    expect(Date.now() - t).toBeGreaterThanOrEqual(200);
    expect(limiter.stats().delayed).toBe(1);
  });

  it("declines a request that waited longer than maxQueueWaitMs", async () => {
    const limiter = createRequestLimiter({ maxConcurrentRequests: 1, maxQueueWaitMs: 30, requestsPerMinute: Infinity });
    await limiter.admit();
    await expect(limiter.admit()).rejects.toBeInstanceOf(RequestDeclinedError);
  });
});
