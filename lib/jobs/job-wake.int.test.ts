import { sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { TestDatabase } from "@/lib/testing/test-db";
import { createTestDatabase } from "@/lib/testing/test-db";
import { createBoss, ensureQueues } from "./boss";
import { defineJob } from "./define-job";
import { enqueue, enqueueMany } from "./enqueue";
import type { JobListener } from "./job-wake";
import { listenForJobs, queuesOf } from "./job-wake";
import { wakeAllLocal, wakeLocal } from "./local-wake";
import { withJobTransaction } from "./transaction";
import { startWorkers } from "./worker";

let t: TestDatabase;
let boss: PgBoss;
let listener: JobListener;
const heard: Array<string[] | "*"> = [];
const schema = z.object({ n: z.number() });
const wakeA = defineJob({ name: "test.wake-a", schema, handler: async () => undefined, options: { policy: "stately" } });
const wakeB = defineJob({ name: "test.wake-b", schema, handler: async () => undefined });

const settle = () => new Promise((r) => setTimeout(r, 300));
const heardSince = (from: number) => heard.slice(from).flatMap((q) => (q === "*" ? ["*"] : q));

beforeAll(async () => {
  t = await createTestDatabase();
  boss = createBoss(t.url, { supervise: false });
  await boss.start();
  await ensureQueues(boss, [wakeA, wakeB]);
  // A generous check: many test files start at once on two cores.
  listener = await listenForJobs(t.url, (queues) => heard.push(queues), { checkMs: 10_000 });
}, 60_000);
afterAll(async () => {
  await listener?.stop();
  await boss?.stop({ graceful: false, close: true });
  await t?.close();
});

describe("job notifications (other workers start on new jobs at once)", () => {
  it("a worker learns whether the database delivers notifications", () => {
    // PostgreSQL does; the embedded server's single session may not, and then workers keep polling fast.
    if (process.env.DATABASE_URL) expect(listener.working).toBe(true);
    expect(typeof listener.working).toBe("boolean");
  });

  it("announces jobs due now, by queue, and not delayed ones", async () => {
    if (!listener.working) return;
    const from = heard.length;
    await enqueue(boss, wakeB, { n: 1 });
    await enqueue(boss, wakeB, { n: 2 }, { startAfterSeconds: 30 });
    await enqueueMany(boss, [
      { def: wakeA, data: { n: 3 }, singletonKey: "a-3" },
      { def: wakeB, data: { n: 4 }, startAfterSeconds: 30 },
    ]);
    await expect.poll(() => heardSince(from), { timeout: 10_000 }).toEqual(["test.wake-b", "test.wake-a"]);
    await settle();
    expect(heardSince(from)).toEqual(["test.wake-b", "test.wake-a"]);
  });

  it("inside a transaction, announces at commit, and never for a rollback", async () => {
    if (!listener.working) return;
    const from = heard.length;
    await expect(
      withJobTransaction(
        t.db,
        async (tx) => {
          await tx.enqueue(wakeA, { n: 5 }, { singletonKey: "rolled-back" });
          throw new Error("rollback");
        },
        boss,
      ),
    ).rejects.toThrow("rollback");
    await settle();
    expect(heardSince(from)).toEqual([]);
    await withJobTransaction(
      t.db,
      async (tx) => {
        await tx.enqueueMany([{ def: wakeB, data: { n: 6 } }]);
        await settle();
        // Not yet committed: nobody may fetch a job it cannot see.
        expect(heardSince(from)).toEqual([]);
      },
      boss,
    );
    await expect.poll(() => heardSince(from), { timeout: 10_000 }).toEqual(["test.wake-b"]);
  });

  it("a worker that polls once a minute starts an announced job at once, and listens again after its connection is cut", async () => {
    if (!listener.working) return;
    const handled: Array<{ n: number; at: number }> = [];
    const slow = defineJob({ name: "test.wake-slow-poll", schema, handler: async ({ n }) => void handled.push({ n, at: Date.now() }) });
    await ensureQueues(boss, [slow]);
    const workerBoss = createBoss(t.url, { supervise: false });
    await workerBoss.start();
    const workerListener = await listenForJobs(t.url, (queues) => (queues === "*" ? wakeAllLocal() : wakeLocal(queues)), { checkMs: 10_000 });
    try {
      await startWorkers(workerBoss, [slow], t.db, { pollingIntervalSeconds: 60 });
      await new Promise((r) => setTimeout(r, 500)); // past the loop's first (empty) fetch: next poll in a minute
      const sent = Date.now();
      await enqueue(boss, slow, { n: 1 }); // from another pg-boss instance, as the web app sends
      await expect.poll(() => handled.length, { timeout: 15_000 }).toBe(1);
      // Well before the next poll (a minute away), even on a loaded machine.
      expect(handled[0]!.at - sent).toBeLessThan(10_000);

      // The listening connection is cut (a server restart, a proxy timeout): it comes back and wakes every loop.
      const cut = await t.db.execute(sql`select pg_terminate_backend(pid) as done from pg_stat_activity where query = 'LISTEN orderbridge_jobs' and pid <> pg_backend_pid()`);
      expect(cut.rows.length).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 2_000));
      const again = Date.now();
      await enqueue(boss, slow, { n: 2 });
      await expect.poll(() => handled.length, { timeout: 15_000 }).toBe(2);
      expect(handled[1]!.at - again).toBeLessThan(10_000);
    } finally {
      await workerListener.stop();
      await listener.stop();
      listener = await listenForJobs(t.url, (queues) => heard.push(queues), { checkMs: 10_000 });
      await workerBoss.stop({ graceful: false, close: true });
    }
  }, 60_000);

  it("reads payloads", () => {
    expect(queuesOf("a,b")).toEqual(["a", "b"]);
    expect(queuesOf("*")).toBe("*");
    expect(queuesOf(undefined)).toBe("*");
  });
});
