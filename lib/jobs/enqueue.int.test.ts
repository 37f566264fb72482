import { sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { TestDatabase } from "@/lib/testing/test-db";
import { createTestDatabase } from "@/lib/testing/test-db";
import { createBoss, ensureQueues } from "./boss";
import { defineJob } from "./define-job";
import { enqueue } from "./enqueue";

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
