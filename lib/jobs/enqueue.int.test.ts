import { sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { TestDatabase } from "@/lib/testing/test-db";
import { createTestDatabase } from "@/lib/testing/test-db";
import { createBoss, ensureQueues } from "./boss";
import { defineJob } from "./define-job";
import { enqueue, enqueueMany } from "./enqueue";
import { withJobTransaction } from "./transaction";

let t: TestDatabase;
let boss: PgBoss;
const schema = z.object({ orderId: z.string() });
const stately = defineJob({ name: "test.stately", schema, handler: async () => undefined, options: { policy: "stately" } });
const standard = defineJob({ name: "test.standard", schema, handler: async () => undefined });

beforeAll(async () => {
  t = await createTestDatabase();
  boss = createBoss(t.url, { supervise: false });
  await boss.start();
  await ensureQueues(boss, [stately, standard]);
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: true });
  await t?.close();
});

const queued = async (name: string, key: string) =>
  Number((await t.db.execute(sql`select count(*)::int as n from pgboss.job where name = ${name} and singleton_key = ${key} and state = 'created'`)).rows[0]!.n);

describe("enqueue with a singleton key", () => {
  it("keeps one queued job per key on a queue with a policy", async () => {
    const first = await enqueue(boss, stately, { orderId: "1" }, { singletonKey: "order-1" });
    const second = await enqueue(boss, stately, { orderId: "1" }, { singletonKey: "order-1" });
    const other = await enqueue(boss, stately, { orderId: "2" }, { singletonKey: "order-2" });
    expect(first).toBeTruthy();
    expect(second).toBeNull();
    expect(other).toBeTruthy();
    expect(await queued("test.stately", "order-1")).toBe(1);
  });

  it("refuses a key on a standard queue, which would ignore it", async () => {
    await expect(enqueue(boss, standard, { orderId: "1" }, { singletonKey: "order-1" })).rejects.toThrow(/needs a queue policy/);
  });

  it("brings an existing queue to the declared policy", async () => {
    await boss.updateQueue(stately.name, { name: stately.name, policy: "standard" });
    await ensureQueues(boss, [stately]);
    expect((await boss.getQueue(stately.name))?.policy).toBe("stately");
  });
});

describe("enqueueMany (a page's follow-ups in one statement)", () => {
  it("inserts every job once per key, as the queue's policy says, and checks payloads", async () => {
    await enqueueMany(boss, [
      { def: stately, data: { orderId: "m1" }, singletonKey: "many-1" },
      { def: stately, data: { orderId: "m1" }, singletonKey: "many-1" },
      { def: stately, data: { orderId: "m2" }, singletonKey: "many-2", startAfterSeconds: 30 },
      { def: standard, data: { orderId: "m3" } },
    ]);
    expect(await queued("test.stately", "many-1")).toBe(1);
    expect(await queued("test.stately", "many-2")).toBe(1);
    const later = (await t.db.execute(sql`select start_after > now() + interval '20 seconds' as later from pgboss.job where singleton_key = 'many-2'`)).rows[0];
    expect(later?.later).toBe(true);
    await expect(enqueueMany(boss, [{ def: stately, data: { orderId: 7 } }])).rejects.toThrow();
    await expect(enqueueMany(boss, [{ def: standard, data: { orderId: "x" }, singletonKey: "k" }])).rejects.toThrow(/needs a queue policy/);
  });

  it("inside a transaction the jobs exist only if it commits", async () => {
    await expect(
      withJobTransaction(t.db, async (tx) => {
        await tx.enqueueMany([{ def: stately, data: { orderId: "r1" }, singletonKey: "rolled-back" }]);
        throw new Error("rollback");
      }, boss),
    ).rejects.toThrow("rollback");
    expect(await queued("test.stately", "rolled-back")).toBe(0);
    await withJobTransaction(t.db, (tx) => tx.enqueueMany([{ def: stately, data: { orderId: "c1" }, singletonKey: "committed" }]), boss);
    expect(await queued("test.stately", "committed")).toBe(1);
  });
});
