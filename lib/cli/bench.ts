import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secrets";
import { createDbRateBudget } from "@/lib/connections/db-rate-budget";
import { startTestSandbox, testClient } from "@/lib/connectors/acumatica/sandbox/testing";
import { computeSignature } from "@/lib/connectors/tiktok-shop/signing";
import { parseWebhookEvent } from "@/lib/connectors/tiktok-shop/webhook";
import { sql } from "drizzle-orm";
import { connections } from "@/lib/db/schema";
import { createBoss, ensureQueues } from "@/lib/jobs/boss";
import { JOBS } from "@/lib/sync/jobs/catalog";
import { createTestDatabase } from "@/lib/testing/test-db";
import { seedWorkspace } from "@/lib/testing/fixtures";
import { recordTikTokWebhook } from "@/lib/webhooks/tiktok-intake";
import { benchCatalog } from "./bench-catalog";
import { benchInventory } from "./bench-inventory";
import { benchOrderList } from "./bench-order-list";
import { benchOrders } from "./bench-orders";

/**
 * `npm run bench`: throughput and latency of the hot paths built so far, on
 * DATABASE_URL (a fresh database on that server) or the embedded default.
 * Prints figures; asserts nothing.
 */
const rows: Array<[string, string]> = [];
const report = (name: string, value: string) => {
  rows.push([name, value]);
  console.log(`${name.padEnd(58)} ${value}`);
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function timed<T>(n: number, concurrency: number, fn: (i: number) => Promise<T>) {
  const lat: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        const t0 = performance.now();
        await fn(i);
        lat.push(performance.now() - t0);
      }
    }),
  );
  const total = performance.now() - started;
  lat.sort((a, b) => a - b);
  return { perSec: (n / total) * 1000, p50: percentile(lat, 50), p95: percentile(lat, 95) };
}

const fmt = (r: { perSec: number; p50: number; p95: number }) => `${r.perSec.toFixed(0)}/s  p50 ${r.p50.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms`;

async function main() {
  console.log("OrderBridge bench\n");
  const t = await createTestDatabase();
  console.log(`database: ${t.kind}\n`);
  try {
    // Sign-in cost (scrypt N=2^15): what one login costs the server.
    const hash = await hashPassword("bench-password");
    const login = await timed(10, 1, () => verifyPassword("bench-password", hash));
    report("password verify (scrypt N=2^15, r=8)", `p50 ${login.p50.toFixed(1)} ms`);

    const key = randomBytes(32);
    const sealed = encryptSecret("x".repeat(64), key);
    const crypto = await timed(20_000, 1, async () => decryptSecret(encryptSecret(decryptSecret(sealed, key), key), key));
    report("secret encrypt+decrypt (AES-256-GCM)", `${crypto.perSec.toFixed(0)}/s`);

    const body = JSON.stringify({ page_size: 50, order_status: "AWAITING_SHIPMENT", update_time_ge: 1790000000 });
    const sign = await timed(50_000, 1, async () =>
      computeSignature({ appSecret: "secret", path: "/order/202309/orders/search", query: { app_key: "k", timestamp: "1790000000", shop_cipher: "c", page_size: "50" }, body, contentType: "application/json" }),
    );
    report("TikTok request signature", `${sign.perSec.toFixed(0)}/s`);

    // Webhook intake: verify-free part (parse, record once, enqueue in one transaction).
    const ctx = await seedWorkspace(t.db, { name: "Bench", email: "bench@example.com" });
    await t.db.insert(connections).values({ workspaceId: ctx.workspaceId, provider: "tiktok_shop", externalId: "7495000000000000001" });
    const boss = createBoss(t.url, { supervise: false });
    await boss.start();
    await ensureQueues(boss, Object.values(JOBS));
    const hook = (i: number) =>
      parseWebhookEvent(`{"type":1,"tts_notification_id":"${7392000000000000000n + BigInt(i)}","shop_id":"7495000000000000001","timestamp":1790000000,"data":{"order_id":"${576461413038785752n + BigInt(i)}","order_status":"AWAITING_SHIPMENT"}}`);
    report("webhook intake, 1 at a time (record + enqueue)", fmt(await timed(300, 1, (i) => recordTikTokWebhook(t.pool, boss, hook(i)))));
    report("webhook intake, 8 concurrent", fmt(await timed(600, 8, (i) => recordTikTokWebhook(t.pool, boss, hook(1_000 + i)))));
    report("webhook redelivery (duplicate, acknowledged)", fmt(await timed(300, 8, (i) => recordTikTokWebhook(t.pool, boss, hook(i)))));
    await boss.stop({ graceful: false, close: true });

    const bucket = createDbRateBudget(t.db, { perSecond: 1_000_000, burst: 1_000_000 });
    report("shared rate budget, token bucket only (TikTok)", fmt(await timed(500, 4, async () => (await bucket.acquire("bench-qps"))())));
    const budget = createDbRateBudget(t.db, { perSecond: 1_000_000, burst: 1_000_000, concurrency: 1_000 });
    report("shared rate budget, bucket + in-flight lease (Acumatica)", fmt(await timed(300, 4, async () => (await budget.acquire("bench"))())));

    // Acumatica: idempotent sales-order create (lookup by ExternalRef, then PUT) against the sandbox.
    const sandbox = await startTestSandbox({ limits: { requestsPerMinute: 1_000_000, maxConcurrentRequests: 100 } });
    try {
      const { client } = await testClient(sandbox);
      const order = (i: number) => ({
        OrderType: "SO",
        CustomerID: "TIKTOK",
        ExternalRef: `bench-${i}`,
        PaymentMethod: "TTS",
        ShipVia: "UPSGROUND",
        Hold: false,
        Details: [{ InventoryID: "MUG-WHT", OrderQty: 1, UnitPrice: 12 }],
      });
      report("Acumatica createIdempotent (sandbox), 4 concurrent", fmt(await timed(200, 4, (i) => client.salesOrders.createIdempotent(order(i)))));
      report("Acumatica createIdempotent replay (found, not created)", fmt(await timed(200, 4, (i) => client.salesOrders.createIdempotent(order(i)))));
    } finally {
      await sandbox.close();
    }
    if (process.env.BENCH_ORDER_LIST !== "0") {
      console.log("\nOrders screen (a large workspace)\n");
      await benchOrderList(report, t, Number(process.env.BENCH_ORDER_LIST_N ?? 200_000));
      // Flush the 200,000 seeded orders now, so the next scenarios do not share the disk with their checkpoint.
      await t.db.execute(sql`checkpoint`).catch(() => undefined);
    }
    report("process RSS after bench", `${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`);
  } finally {
    await t.close();
  }
  if (process.env.BENCH_ORDERS !== "0") {
    console.log("\norders (a separate worker process, both sandboxes)\n");
    await benchOrders(report, { n: Number(process.env.BENCH_ORDERS_N ?? 1000) });
  }
  if (process.env.BENCH_CATALOG !== "0") {
    console.log("\ncatalog (the pull in a process of its own, Acumatica sandbox)\n");
    await benchCatalog(report, { n: Number(process.env.BENCH_CATALOG_N ?? 20_000) });
  }
  if (process.env.BENCH_INVENTORY === "1") {
    console.log("\ninventory (Acumatica stock → hub → TikTok Shop, both sandboxes)\n");
    await benchInventory(report, { n: Number(process.env.BENCH_INVENTORY_N ?? 20_000) });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
