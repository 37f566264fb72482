import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { fulfillments, orders, syncBindings } from "@/lib/db/schema";
import { getTikTokShopClient } from "@/lib/connections/clients";
import { SUBSCRIBED_EVENTS } from "@/lib/connections/tiktok-connect";
import { operate, shopFixture } from "@/lib/connectors/tiktok-shop/sandbox/testing";
import { env } from "@/lib/env";
import { bossForDb, withJobTransaction } from "@/lib/jobs/transaction";
import { JOBS } from "@/lib/sync/jobs/catalog";
import { configureOrders, startEngineWorld } from "@/lib/testing/engine-world";
import type { EngineWorld } from "@/lib/testing/engine-world";
import { intakeTikTokWebhook } from "@/lib/webhooks/tiktok-intake";

/**
 * The orders scenarios of `npm run bench`: TikTok orders → Acumatica sales
 * orders through a separate worker process (the one `npm run worker` runs),
 * on both sandboxes.
 *  A. engine throughput with zero-latency sandboxes (a pulled backlog);
 *  B. latency, webhook-driven: order paid on TikTok → sales order stored;
 *  C. licence-bound: 400 ms per create, 4 concurrent requests (10 creates/s at most).
 */
type Report = (name: string, value: string) => void;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** A worker process (node + tsx, no wrapper, so its pid is the worker's) and its peak resident memory. */
function startWorker(w: EngineWorld, extraEnv: Record<string, string>): { child: ChildProcess; peakRssMiB: () => number; stop: () => Promise<void> } {
  const profile = process.env.BENCH_WORKER_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_WORKER_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", "lib/jobs/worker-main.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: w.t.url,
      TIKTOK_SHOP_API_URL: w.tiktok.url,
      TIKTOK_SHOP_AUTH_URL: w.tiktok.url,
      TIKTOK_SHOP_AUTHORIZE_URL: `${w.tiktok.url}/oauth/authorize`,
      OUTBOUND_ALLOWED_HOSTS: "127.0.0.1,localhost",
      LOG_LEVEL: "warn",
      ...extraEnv,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  // A bench stopped by a signal takes its worker with it (an orphan would keep polling, and load the next run).
  const onSignal = () => {
    child.kill("SIGKILL");
    setImmediate(() => process.exit(1));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  child.once("exit", () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  });
  const peakRssMiB = () => {
    try {
      const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1];
      return kb ? Number(kb) / 1024 : NaN;
    } catch {
      return NaN;
    }
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 15_000).unref();
    });
  return { child, peakRssMiB, stop };
}

async function acumaticaOperator(w: EngineWorld, path: string, body?: unknown, method = "POST") {
  const res = await fetch(`${w.acumatica.url.replace(/\/AcumaticaERP$/, "")}/_sandbox${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as { stats?: { processed: number; peakInFlight: number } };
}

async function placeMany(w: EngineWorld, n: number, concurrency: number, perSecond?: number): Promise<Array<{ id: string; at: number }>> {
  const skus = ["MUG-WHT", "MUG-BLK", "TSHIRT-BLK-M", "TOTE-NAT", "CAP-BLK", "CANDLE-VAN"];
  const out: Array<{ id: string; at: number }> = [];
  const start = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        if (perSecond) await new Promise((r) => setTimeout(r, Math.max(0, start + (i * 1000) / perSecond - Date.now())));
        const placed = await operate<{ id: string }>(w.tiktok, "POST", "/orders", {
          region: "US",
          items: [{ seller_sku: skus[i % skus.length], quantity: 1 + (i % 3) }, ...(i % 2 ? [{ seller_sku: skus[(i + 1) % skus.length], quantity: 1 }] : [])],
          delivery_option_id: shopFixture("US").deliveryOptions[0]!.id,
          pay: true,
          release_hold: true,
        });
        out.push({ id: placed.id, at: Date.now() });
      }
    }),
  );
  return out;
}

async function createdCount(w: EngineWorld, workspaceId: string): Promise<number> {
  const [row] = await w.t.db
    .select({ n: count() })
    .from(syncBindings)
    .where(and(eq(syncBindings.workspaceId, workspaceId), eq(syncBindings.entityType, "order"), eq(syncBindings.state, "created")));
  return row?.n ?? 0;
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function benchOrders(report: Report, opts: { n?: number } = {}): Promise<void> {
  const n = opts.n ?? 1000;
  const w = await startEngineWorld({ acumatica: { limits: { requestsPerMinute: 10_000_000, maxConcurrentRequests: 64, maxQueue: 10_000 } } });
  const { ctx, shops } = await w.merchant("Bench orders");
  await configureOrders(w.t.db, ctx);
  const boss = await bossForDb(w.t.db);
  let worker = startWorker(w, { ACUMATICA_REQUESTS_PER_SECOND: "10000", ACUMATICA_MAX_CONCURRENT_REQUESTS: "8" });
  try {
    // Warm-up: the SKU checks (cached per item for a day) and the worker's first jobs.
    await placeMany(w, 12, 4);
    await withJobTransaction(w.t.db, (tx) => tx.enqueue(JOBS.pullShop, { workspaceId: ctx.workspaceId, connectionId: shops.US! }, { singletonKey: shops.US! }));
    await waitFor("warm-up", async () => (await createdCount(w, ctx.workspaceId)) >= 12, 120_000);

    // A. A backlog of n paid orders, pulled and pushed by one worker process.
    await placeMany(w, n, 8);
    const before = (await acumaticaOperator(w, "/limits", undefined, "GET")).stats!.processed;
    const base = await createdCount(w, ctx.workspaceId);
    const t0 = Date.now();
    await withJobTransaction(w.t.db, (tx) => tx.enqueue(JOBS.pullShop, { workspaceId: ctx.workspaceId, connectionId: shops.US! }, { singletonKey: shops.US! }));
    await waitFor("the backlog", async () => (await createdCount(w, ctx.workspaceId)) >= base + n, 600_000);
    const seconds = (Date.now() - t0) / 1000;
    const calls = (await acumaticaOperator(w, "/limits", undefined, "GET")).stats!.processed - before;
    report(`orders → Acumatica, backlog of ${n}, zero-latency sandboxes`, `${(n / seconds).toFixed(1)} orders/s  (${seconds.toFixed(1)} s, pull included)`);
    report("  Acumatica calls per order", (calls / n).toFixed(2));
    report("  worker peak RSS", `${worker.peakRssMiB().toFixed(0)} MiB`);
    if (process.env.BENCH_ORDERS_ONLY_A === "1") return;

    // B. Webhook-driven latency: orders paid at a steady rate, each measured from payment to its sales order.
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const e = env();
        void intakeTikTokWebhook(w.t.pool, boss, { rawBody: Buffer.concat(chunks), authorization: req.headers.authorization ?? null }, { appKey: e.tiktok.appKey, appSecret: e.tiktok.appSecret, maxAgeSec: 900, maxSkewSec: 60 }).then(
          (a) => res.writeHead(a.status).end(),
          () => res.writeHead(500).end(),
        );
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    try {
      const client = await getTikTokShopClient(w.t.db, ctx.workspaceId, shops.US!);
      const address = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/tiktok-shop`;
      for (const eventType of SUBSCRIBED_EVENTS) await client.updateShopWebhook({ eventType, address });
      const rate = 20;
      const placed = await placeMany(w, 200, 8, rate);
      const ids = placed.map((p) => p.id);
      await waitFor(
        "webhook-driven orders",
        async () => {
          const [row] = await w.t.db
            .select({ n: count() })
            .from(syncBindings)
            .innerJoin(orders, eq(orders.id, syncBindings.entityId))
            .where(and(eq(orders.workspaceId, ctx.workspaceId), inArray(orders.externalId, ids), eq(syncBindings.state, "created")));
          return (row?.n ?? 0) >= ids.length;
        },
        300_000,
      );
      const done = await w.t.db
        .select({ externalId: orders.externalId, at: sql<Date>`${syncBindings.updatedAt}` })
        .from(syncBindings)
        .innerJoin(orders, eq(orders.id, syncBindings.entityId))
        .where(and(eq(orders.workspaceId, ctx.workspaceId), inArray(orders.externalId, ids)));
      const placedAt = new Map(placed.map((p) => [p.id, p.at]));
      const lat = done.map((d) => new Date(d.at).getTime() - placedAt.get(d.externalId)!).sort((a, b) => a - b);
      report(`paid on TikTok → sales order in Acumatica, webhook-driven, ${rate} orders/s`, `p50 ${percentile(lat, 50)} ms  p95 ${percentile(lat, 95)} ms  max ${lat.at(-1)} ms`);
    } finally {
      await new Promise<void>((r) => receiver.close(() => r()));
    }

    // D. Acumatica drives fulfillment: shipment confirmed there → package with tracking on the TikTok order.
    await worker.stop();
    const { saveOrderSettingsSection } = await import("@/lib/order-settings/service");
    await saveOrderSettingsSection(w.t.db, ctx, "catalog", { pullProducts: false, pullShippingRequests: true, pullFulfillments: true, inventory: "off", locations: "off", matchedSkusOnly: false, excludedSkus: [] });
    const ups = shopFixture("US").deliveryOptions[0]!.providers.find((p) => p.name === "UPS")!;
    await saveOrderSettingsSection(w.t.db, ctx, "carriers", { connectionId: shops.US!, providers: { UPSGROUND: ups.id } });
    worker = startWorker(w, { ACUMATICA_REQUESTS_PER_SECOND: "10000", ACUMATICA_MAX_CONCURRENT_REQUESTS: "8", ACUMATICA_SHIPMENT_POLL_SECONDS: "1" });
    const toShip = await w.t.db
      .select({ orderId: orders.id, type: syncBindings.externalType, nbr: syncBindings.externalId })
      .from(syncBindings)
      .innerJoin(orders, eq(orders.id, syncBindings.entityId))
      .where(and(eq(orders.workspaceId, ctx.workspaceId), eq(syncBindings.state, "created"), eq(syncBindings.entityType, "order")))
      .limit(100);
    await withJobTransaction(w.t.db, (tx) => tx.enqueue(JOBS.pullShipments, { workspaceId: ctx.workspaceId }, { singletonKey: ctx.workspaceId }));
    const shippedAt = new Map<string, number>();
    const shipStart = Date.now();
    for (const [i, o] of toShip.entries()) {
      await new Promise((r) => setTimeout(r, Math.max(0, shipStart + i * 100 - Date.now())));
      await fetch(`${w.acumatica.url.replace(/\/AcumaticaERP$/, "")}/_sandbox/sales-orders/${o.type}/${o.nbr}/ship`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ packages: [{ trackingNbr: `1Z999BENCH${String(i).padStart(8, "0")}` }] }),
      });
      shippedAt.set(o.orderId, Date.now());
    }
    const pushedOf = () =>
      w.t.db
        .select({ orderId: fulfillments.orderId, at: fulfillments.pushedAt })
        .from(fulfillments)
        .where(and(eq(fulfillments.workspaceId, ctx.workspaceId), eq(fulfillments.status, "pushed")));
    await waitFor("packages on TikTok", async () => (await pushedOf()).filter((f) => shippedAt.has(f.orderId)).length >= toShip.length, 300_000);
    const shipLat = (await pushedOf())
      .filter((f) => shippedAt.has(f.orderId) && f.at)
      .map((f) => f.at!.getTime() - shippedAt.get(f.orderId)!)
      .sort((a, b) => a - b);
    report(`shipment confirmed in Acumatica → package on TikTok (${toShip.length}, 10/s, 1 s poll)`, `p50 ${percentile(shipLat, 50)} ms  p95 ${percentile(shipLat, 95)} ms  max ${shipLat.at(-1)} ms`);

    // C. The licence bounds throughput: 400 ms per create, 4 concurrent requests → at most 10 creates/s.
    await worker.stop();
    await acumaticaOperator(w, "/limits", { maxConcurrentRequests: 4, requestsPerMinute: 100_000 });
    await acumaticaOperator(w, "/faults", { processing: [{ method: "PUT", entity: "SalesOrder", ms: 400 }] });
    worker = startWorker(w, { ACUMATICA_REQUESTS_PER_SECOND: "50", ACUMATICA_MAX_CONCURRENT_REQUESTS: "4" });
    const m = 150;
    await placeMany(w, m, 8);
    const base2 = await createdCount(w, ctx.workspaceId);
    // Measured from the first sales order on, so the pull is not counted against the licence.
    await withJobTransaction(w.t.db, (tx) => tx.enqueue(JOBS.pullShop, { workspaceId: ctx.workspaceId, connectionId: shops.US! }, { singletonKey: shops.US! }));
    await waitFor("the first licence-bound order", async () => (await createdCount(w, ctx.workspaceId)) > base2, 120_000);
    const t1 = Date.now();
    const first = await createdCount(w, ctx.workspaceId);
    await waitFor("the licence-bound backlog", async () => (await createdCount(w, ctx.workspaceId)) >= base2 + m, 600_000);
    const rateC = (base2 + m - first) / ((Date.now() - t1) / 1000);
    const stats = (await acumaticaOperator(w, "/limits", undefined, "GET")).stats!;
    report("orders → Acumatica, 400 ms per create, 4-concurrent licence", `${rateC.toFixed(2)} orders/s of 10 possible (${((rateC / 10) * 100).toFixed(0)} %), peak in flight ${stats.peakInFlight}`);
  } finally {
    await worker.stop();
    await w.close();
  }
}
