import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LicenseLimits, LimiterStats } from "./limits";
import type { AcumaticaSandbox } from "./server";
import { callOperator, passwordTokens, startTestSandbox } from "./testing";

let sandbox: AcumaticaSandbox;
let auth: Record<string, string>;
let base: string;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const v = (value: unknown) => ({ value });
const order = (externalRef: string) => ({ OrderType: v("SO"), CustomerID: v("TIKTOK"), ExternalRef: v(externalRef), Details: [{ InventoryID: v("MUG-WHT"), OrderQty: v(1) }] });
const put = (body: unknown, signal?: AbortSignal) => fetch(`${base}/SalesOrder`, { method: "PUT", headers: { ...auth, "Content-Type": "application/json" }, body: JSON.stringify(body), signal });
const byExternalRef = async (ref: string) => (await (await fetch(`${base}/SalesOrder?$filter=${encodeURIComponent(`ExternalRef eq '${ref}'`)}`, { headers: auth })).json()) as unknown[];

beforeAll(async () => {
  sandbox = await startTestSandbox({ actionDurationMs: 0 });
  auth = { Authorization: `Bearer ${(await passwordTokens(sandbox)).accessToken}` };
  base = `${sandbox.url}/entity/Default/24.200.001`;
});
afterAll(() => sandbox.close());
beforeEach(() => callOperator(sandbox, "POST", "/reset"));

describe("a create that outlives the client (next: [{slowCommitMs}])", () => {
  it("stores the record only at the end, even though the client gave up; a lookup meanwhile sees nothing", async () => {
    await callOperator(sandbox, "POST", "/faults", { next: [{ slowCommitMs: 400 }] });
    await expect(put(order("tt-slow-1"), AbortSignal.timeout(100))).rejects.toThrow();
    // like a create still running in another session
    expect(await byExternalRef("tt-slow-1")).toEqual([]);
    await sleep(450);
    expect(await byExternalRef("tt-slow-1")).toHaveLength(1);
  });

  it("answers the waiting client when the save completes, refusals included", async () => {
    await callOperator(sandbox, "POST", "/faults", { next: [{ slowCommitMs: 150 }, { slowCommitMs: 150 }] });
    const t = Date.now();
    const ok = await put(order("tt-slow-2"));
    expect(ok.status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
    const refused = await put({ ...order("tt-slow-3"), CustomerID: v("NOPE") });
    expect(refused.status).toBe(422);
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
    expect(await byExternalRef("tt-slow-3")).toEqual([]);
  });
});

describe("per-request processing time and the licence's concurrent-request limit", () => {
  const setLimits = (limits: Partial<LicenseLimits>) => callOperator<{ limits: LicenseLimits; stats: LimiterStats }>(sandbox, "POST", "/limits", limits);
  afterAll(() => setLimits({ maxConcurrentRequests: 8, maxQueue: 20, requestsPerMinute: 600 }));

  it("runs N creates at a time for the configured time each, queues the rest, and does not slow other requests", async () => {
    await setLimits({ maxConcurrentRequests: 2, maxQueue: 20, requestsPerMinute: 1_000_000 });
    const faults = await callOperator<{ processing: unknown[] }>(sandbox, "POST", "/faults", { processing: [{ method: "PUT", entity: "SalesOrder", ms: 150 }] });
    expect(faults.processing).toEqual([{ method: "PUT", entity: "SalesOrder", ms: 150 }]);
    const t = Date.now();
    const statuses = await Promise.all(Array.from({ length: 6 }, (_, i) => put(order(`tt-bench-${i}`)).then((r) => r.status)));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    // 6 creates, 2 at a time, 150 ms each: three rounds
    expect(Date.now() - t).toBeGreaterThanOrEqual(440);
    const { stats } = await callOperator<{ stats: LimiterStats }>(sandbox, "GET", "/limits");
    expect(stats.peakInFlight).toBe(2);
    expect(stats.peakQueued).toBeGreaterThanOrEqual(3);
    const g = Date.now();
    expect((await fetch(`${base}/StockItem/MUG-WHT`, { headers: auth })).status).toBe(200);
    expect(Date.now() - g).toBeLessThan(120);
  });

  it("declines with 429 what does not fit in the queue", async () => {
    await setLimits({ maxConcurrentRequests: 2, maxQueue: 3, requestsPerMinute: 1_000_000 });
    await callOperator(sandbox, "POST", "/faults", { processing: [{ ms: 200 }] });
    const statuses = await Promise.all(Array.from({ length: 8 }, (_, i) => put(order(`tt-burst-${i}`)).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    expect((await callOperator<{ stats: LimiterStats }>(sandbox, "GET", "/limits")).stats).toMatchObject({ declined: 3, peakInFlight: 2, peakQueued: 3 });
  });

  it("rejects a malformed processing rule and clears rules with DELETE /faults", async () => {
    await expect(callOperator(sandbox, "POST", "/faults", { processing: [{ entity: "SalesOrder" }] })).rejects.toThrow(/400/);
    await callOperator(sandbox, "POST", "/faults", { processing: [{ ms: 500 }] });
    expect((await callOperator<{ processing: unknown[] }>(sandbox, "DELETE", "/faults")).processing).toEqual([]);
  });
});
