import { spawn } from "node:child_process";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { orders, syncBindings } from "@/lib/db/schema";
import { createAcumaticaClient } from "@/lib/connectors/acumatica/client";
import { passwordTokens, TEST_APP } from "@/lib/connectors/acumatica/sandbox/testing";
import { createMemoryTokenStore } from "@/lib/connectors/shared/token-store";
import { placeOrder, shopFixture } from "@/lib/connectors/tiktok-shop/sandbox/testing";
import type { RequestContext } from "@/lib/auth/context-types";
import { fetchAndIngestOrders, pullShop } from "@/lib/sync/tiktok/pull";
import type { EngineWorld } from "@/lib/testing/engine-world";
import { configureOrders, startEngineWorld } from "@/lib/testing/engine-world";
import { pushSalesOrder } from "./push-order";

/**
 * One TikTok order → one Acumatica sales order, whatever happens in between:
 * the same order by webhook and by poll, a create that times out after
 * Acumatica stored it, a worker killed mid-create, two workers at once.
 */
let w: EngineWorld;
let ctx: RequestContext;
let shopConn: string;
beforeAll(async () => {
  w = await startEngineWorld();
  const m = await w.merchant("Exactly once");
  ctx = m.ctx;
  shopConn = m.shops.US!;
  await configureOrders(w.t.db, ctx);
}, 120_000);
afterAll(() => w?.close());

const operator = async (pathname: string, body: unknown, method = "POST") => {
  const res = await fetch(`${w.acumatica.url.replace(/\/AcumaticaERP$/, "")}/_sandbox${pathname}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`operator ${pathname}: ${res.status} ${await res.text()}`);
};
beforeEach(() => operator("/faults", {}, "DELETE"));

async function salesOrdersFor(externalRef: string) {
  const client = createAcumaticaClient({ instanceUrl: w.acumatica.url, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, tokenStore: createMemoryTokenStore(await passwordTokens(w.acumatica)) });
  return client.salesOrders.list({ filter: `ExternalRef eq '${externalRef}'` });
}

/** Places a paid, released order and brings it into the hub; returns its TikTok and hub ids. */
async function newOrder(skus = ["MUG-WHT"]) {
  const placed = await placeOrder(w.tiktok, { items: skus.map((s) => ({ seller_sku: s, quantity: 1 })), delivery_option_id: shopFixture("US").deliveryOptions[0]!.id, pay: true, release_hold: true });
  await fetchAndIngestOrders(w.deps(), { workspaceId: ctx.workspaceId, connectionId: shopConn, shopId: shopFixture("US").id }, [placed.id]);
  const [row] = await w.t.db.select({ id: orders.id }).from(orders).where(and(eq(orders.workspaceId, ctx.workspaceId), eq(orders.externalId, placed.id)));
  return { externalId: placed.id, orderId: row!.id };
}

const binding = async (orderId: string) => (await w.t.db.select().from(syncBindings).where(eq(syncBindings.entityId, orderId)))[0];

function runWorker(cfg: Record<string, unknown>): { done: Promise<{ outcomes: string[] } | null>; kill: () => void } {
  const child = spawn(path.join(process.cwd(), "node_modules", ".bin", "tsx"), ["lib/testing/push-order-worker.ts", JSON.stringify({ databaseUrl: w.t.url, workspaceId: ctx.workspaceId, ...cfg })], {
    env: process.env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (b: Buffer) => (out += b.toString()));
  const done = new Promise<{ outcomes: string[] } | null>((resolve) => child.on("exit", () => resolve(out.trim() ? (JSON.parse(out.trim().split("\n").pop()!) as { outcomes: string[] }) : null)));
  return { done, kill: () => child.kill("SIGKILL") };
}

describe("exactly one sales order per TikTok order", () => {
  it("the same order by webhook and by poll, pushed by two jobs at once", async () => {
    const { externalId, orderId } = await newOrder();
    // The poll reads it again (the webhook path already ingested it): nothing new.
    await pullShop(w.deps(), { workspaceId: ctx.workspaceId, connectionId: shopConn });
    expect(await w.t.db.select().from(orders).where(eq(orders.externalId, externalId))).toHaveLength(1);
    const outcomes = await Promise.all([
      pushSalesOrder(w.deps(), { workspaceId: ctx.workspaceId, orderId }),
      pushSalesOrder(w.deps(), { workspaceId: ctx.workspaceId, orderId }),
    ]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(expect.arrayContaining(["created"]));
    expect(await salesOrdersFor(externalId)).toHaveLength(1);
  });

  it("a create that timed out after Acumatica stored it is found, not sent again", async () => {
    const warm = await newOrder();
    await pushSalesOrder(w.deps(), { workspaceId: ctx.workspaceId, orderId: warm.orderId });
    const { externalId, orderId } = await newOrder();
    // The create is held 1.5 s and stored even though the client gave up after 0.3 s; until then a look-up sees nothing.
    await operator("/faults", { next: [{ slowCommitMs: 1500 }] });
    const deps = w.deps({ settleMs: 3000, clientOptions: { timeoutMs: 300, retry: { attempts: 1 } } });
    await expect(pushSalesOrder(deps, { workspaceId: ctx.workspaceId, orderId })).rejects.toMatchObject({ code: "timeout" });
    expect(await binding(orderId)).toMatchObject({ state: "unknown" });
    // The retry at once: the look-up finds nothing yet, and no new create is sent inside the settle window.
    expect(await pushSalesOrder(deps, { workspaceId: ctx.workspaceId, orderId })).toMatchObject({ kind: "wait" });
    expect(await salesOrdersFor(externalId)).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 1800));
    expect(await pushSalesOrder(deps, { workspaceId: ctx.workspaceId, orderId })).toMatchObject({ kind: "exists" });
    expect(await salesOrdersFor(externalId)).toHaveLength(1);
    expect(await binding(orderId)).toMatchObject({ state: "created" });
  });

  it("a worker killed with SIGKILL mid-create, and the job retried by another: one sales order", async () => {
    const warm = await newOrder(["MUG-BLK"]);
    await pushSalesOrder(w.deps(), { workspaceId: ctx.workspaceId, orderId: warm.orderId });
    const { externalId, orderId } = await newOrder(["MUG-BLK"]);
    await operator("/faults", { next: [{ slowCommitMs: 1500 }] });
    const worker = runWorker({ orderIds: [orderId], leaseMs: 1000, settleMs: 2500, timeoutMs: 30_000 });
    // Kill it once the create is on the wire (the send time is recorded before the call).
    // A cold tsx child on a busy machine can take several seconds to start.
    for (let i = 0; i < 600 && !(await binding(orderId))?.lastSentAt; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await binding(orderId)).toMatchObject({ state: "creating" });
    worker.kill();
    expect(await worker.done).toBeNull();
    // The restarted worker: first the dead claim blocks, then the look-up settles it.
    const deps = w.deps({ settleMs: 2500, leaseMs: 1000 });
    let outcome = await pushSalesOrder(deps, { workspaceId: ctx.workspaceId, orderId });
    for (let i = 0; i < 40 && outcome.kind === "wait"; i++) {
      await new Promise((r) => setTimeout(r, 250));
      outcome = await pushSalesOrder(deps, { workspaceId: ctx.workspaceId, orderId });
    }
    expect(outcome.kind).toMatch(/exists|created/);
    expect(await salesOrdersFor(externalId)).toHaveLength(1);
  });

  it("two worker processes pushing the same orders: one sales order each", async () => {
    const placed = [];
    for (let i = 0; i < 6; i++) placed.push(await newOrder(i % 2 ? ["MUG-WHT", "TSHIRT-BLK-M"] : ["CAP-BLK"]));
    const startAt = Date.now() + 1500;
    const cfg = { orderIds: placed.map((p) => p.orderId), leaseMs: 60_000, settleMs: 5_000, timeoutMs: 30_000, startAt };
    const [a, b] = await Promise.all([runWorker(cfg).done, runWorker(cfg).done]);
    const all = [...a!.outcomes, ...b!.outcomes];
    expect(all.filter((o) => o === "created")).toHaveLength(placed.length);
    expect(all.filter((o) => o.startsWith("error"))).toEqual([]);
    for (const p of placed) expect(await salesOrdersFor(p.externalId)).toHaveLength(1);
  });
});
