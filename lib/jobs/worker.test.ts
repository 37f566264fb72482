import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { defineJob, PermanentJobError } from "./define-job";
import { runJob } from "./worker";

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
