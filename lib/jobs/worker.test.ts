import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { defineJob, PermanentJobError } from "./define-job";
import { runBatch, runJob } from "./worker";

const db = {} as Db;

function job(handler: () => Promise<void>) {
  const onFailure = vi.fn(async () => undefined);
  const def = defineJob({ name: "test.job", schema: z.object({ n: z.number() }), handler, onFailure });
  return { def, onFailure };
}

describe("runJob", () => {
  it("throws a temporary failure for retry, and records it only on the last attempt", async () => {
    const { def, onFailure } = job(async () => {
      throw new Error("socket hang up");
    });
    await expect(runJob(def, { id: "1", name: def.name, data: { n: 1 }, finalAttempt: false }, db)).rejects.toThrow("socket hang up");
    expect(onFailure).not.toHaveBeenCalled();
    await expect(runJob(def, { id: "1", name: def.name, data: { n: 1 }, finalAttempt: true }, db)).rejects.toThrow("socket hang up");
    expect(onFailure).toHaveBeenCalledWith({ n: 1 }, "gave up after retries: socket hang up", expect.objectContaining({ id: "1" }));
  });

  it("completes a permanent failure without retry and records why", async () => {
    const { def, onFailure } = job(async () => {
      throw new PermanentJobError("Acumatica rejected the order: 'Customer' cannot be found in the system.");
    });
    await expect(runJob(def, { id: "2", name: def.name, data: { n: 2 } }, db)).resolves.toEqual({
      permanentFailure: "Acumatica rejected the order: 'Customer' cannot be found in the system.",
    });
    expect(onFailure).toHaveBeenCalledTimes(1);
  });

  it("refuses a payload that does not match the job's schema, without retry", async () => {
    const { def } = job(async () => undefined);
    await expect(runJob(def, { id: "3", name: def.name, data: { n: "x" } }, db)).resolves.toMatchObject({ permanentFailure: expect.stringContaining("invalid payload: n") });
  });
});

describe("runBatch", () => {
  it("fails only the job that failed; the others of the batch complete", async () => {
    const seen: number[] = [];
    const def = defineJob({
      name: "test.batch",
      schema: z.object({ n: z.number() }),
      options: { concurrency: 3 },
      handler: async ({ n }) => {
        seen.push(n);
        if (n === 2) throw new Error("upstream 503");
        if (n === 4) throw new PermanentJobError("refused");
      },
    });
    const jobs = [1, 2, 3, 4, 5].map((n) => ({ id: `j${n}`, name: def.name, data: { n } }));
    const retry = await runBatch(def, [...jobs, { id: "bad", name: def.name, data: { n: "x" } }], db);
    expect([...retry.keys()]).toEqual(["j2"]);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it("with handleBatch, one item's failure is that item's only", async () => {
    const def = defineJob({
      name: "test.batch-many",
      schema: z.object({ n: z.number() }),
      handler: async () => undefined,
      handleBatch: async (items) => new Map(items.map((i) => [i.id, i.data.n === 3 ? new Error("socket hang up") : null])),
    });
    const retry = await runBatch(def, [1, 2, 3].map((n) => ({ id: `k${n}`, name: def.name, data: { n } })), db);
    expect([...retry.keys()]).toEqual(["k3"]);
  });
});
