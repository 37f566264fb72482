import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, createPool } from "@/lib/db/client";
import type { TestDatabase } from "@/lib/testing/test-db";
import { createTestDatabase } from "@/lib/testing/test-db";
import { createDbRateBudget } from "./db-rate-budget";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe("rate budget shared through the database", () => {
  it("holds two independent clients (as two processes) to one request rate", async () => {
    const otherPool = createPool(t.url, 4);
    try {
      const limits = { perSecond: 20, burst: 1 };
      const a = createDbRateBudget(t.db, limits);
      const b = createDbRateBudget(createDb(otherPool), limits);
      const started = Date.now();
      await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).acquire("tiktok-shop:app:shop-1").then((release) => release())));
      const elapsed = Date.now() - started;
      // 30 requests at 20/s with no burst need at least ~1.45 s whoever asks.
      expect(elapsed).toBeGreaterThanOrEqual(1_300);
      // Another key has its own budget.
      const t0 = Date.now();
      await (await a.acquire("tiktok-shop:app:shop-2"))();
      expect(Date.now() - t0).toBeLessThan(500);
    } finally {
      await otherPool.end();
    }
  });

  it("caps requests in flight across clients", async () => {
    const a = createDbRateBudget(t.db, { perSecond: 1000, burst: 1000, concurrency: 2 });
    const b = createDbRateBudget(t.db, { perSecond: 1000, burst: 1000, concurrency: 2 });
    let inFlight = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const release = await (i % 2 ? a : b).acquire("acumatica:instance");
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 50));
        inFlight--;
        release();
      }),
    );
    expect(peak).toBe(2);
  });
});
