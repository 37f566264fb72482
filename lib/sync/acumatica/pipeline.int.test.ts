import { createServer } from "node:http";
import type { AddressInfo, Server } from "node:net";
import { and, eq } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderEvents, orders, webhookEvents } from "@/lib/db/schema";
import { getTikTokShopClient } from "@/lib/connections/clients";
import { SUBSCRIBED_EVENTS } from "@/lib/connections/tiktok-connect";
import { createAcumaticaClient } from "@/lib/connectors/acumatica/client";
import { passwordTokens, TEST_APP } from "@/lib/connectors/acumatica/sandbox/testing";
import { createMemoryTokenStore } from "@/lib/connectors/shared/token-store";
import { operate, placeOrder, shopFixture } from "@/lib/connectors/tiktok-shop/sandbox/testing";
import { env } from "@/lib/env";
import { createBoss } from "@/lib/jobs/boss";
import { startWorkers } from "@/lib/jobs/worker";
import { bossForDb } from "@/lib/jobs/transaction";
import { JOB_REGISTRY } from "@/lib/sync/jobs/registry";
import type { EngineWorld } from "@/lib/testing/engine-world";
import { configureOrders, startEngineWorld } from "@/lib/testing/engine-world";
import { intakeTikTokWebhook } from "@/lib/webhooks/tiktok-intake";

/**
 * The real path, end to end: TikTok's signed webhook → intake (verify, record,
 * enqueue) → pg-boss workers (read the order back, ingest, push) → Acumatica.
 */
let w: EngineWorld;
let receiver: Server;
let workerBoss: PgBoss;

beforeAll(async () => {
  w = await startEngineWorld({ webhookSchedule: [200, 500, 1000] });
  const boss = await bossForDb(w.t.db);
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const e = env();
      void intakeTikTokWebhook(w.t.pool, boss, { rawBody: Buffer.concat(chunks), authorization: req.headers.authorization ?? null }, {
        appKey: e.tiktok.appKey,
        appSecret: e.tiktok.appSecret,
        maxAgeSec: 900,
        maxSkewSec: 60,
      }).then(
        (a) => res.writeHead(a.status).end(),
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  workerBoss = createBoss(w.t.url, { supervise: false });
  await workerBoss.start();
  await startWorkers(workerBoss, JOB_REGISTRY, w.t.db);
}, 120_000);
afterAll(async () => {
  await workerBoss?.stop({ graceful: false, close: true });
  await new Promise<void>((r) => receiver?.close(() => r()));
  await w?.close();
});

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("webhook → queue → worker → Acumatica", () => {
  it("an order paid on TikTok Shop reaches Acumatica through the workers, once, with its timeline", async () => {
    const { ctx, shops } = await w.merchant("Pipeline");
    await configureOrders(w.t.db, ctx);
    // Point the shop's subscriptions at this test's receiver (the app's URL is not served here).
    const client = await getTikTokShopClient(w.t.db, ctx.workspaceId, shops.US!);
    const address = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/tiktok-shop`;
    for (const eventType of SUBSCRIBED_EVENTS) await client.updateShopWebhook({ eventType, address });

    const started = Date.now();
    const placed = await placeOrder(w.tiktok, {
      items: [
        { seller_sku: "HOODIE-GRY-M", quantity: 2 },
        { seller_sku: "TOTE-NAT", quantity: 1 },
      ],
      delivery_option_id: shopFixture("US").deliveryOptions[0]!.id,
      pay: true,
      release_hold: true,
    });
    const acu = createAcumaticaClient({ instanceUrl: w.acumatica.url, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, tokenStore: createMemoryTokenStore(await passwordTokens(w.acumatica)) });
    const so = await until("the sales order", async () => (await acu.salesOrders.list({ filter: `ExternalRef eq '${placed.id}'`, expand: ["Details"] }))[0]);
    const elapsed = Date.now() - started;
    expect(so.Details!.map((d) => [d.InventoryID, d.OrderQty])).toEqual([
      ["HOODIE-GRY-M", 2],
      ["TOTE-NAT", 1],
    ]);
    // The webhooks were recorded and processed; the order's timeline shows both steps. (Acumatica holds the
    // sales order a moment before the worker commits its outcome, so wait for the hub's side too.)
    const order = await until("the order's outcome", async () => {
      const [o] = await w.t.db.select().from(orders).where(and(eq(orders.workspaceId, ctx.workspaceId), eq(orders.externalId, placed.id)));
      return o?.status === "sentToFulfillment" ? o : null;
    });
    expect(order.status).toBe("sentToFulfillment");
    const kinds = (await w.t.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id))).map((e) => e.kind);
    expect(kinds).toContain("received");
    expect(kinds.filter((k) => k === "pushed")).toHaveLength(1);
    const events = await w.t.db.select().from(webhookEvents).where(eq(webhookEvents.workspaceId, ctx.workspaceId));
    expect(events.length).toBeGreaterThan(0);
    await until("webhook events processed", async () =>
      (await w.t.db.select().from(webhookEvents).where(eq(webhookEvents.workspaceId, ctx.workspaceId))).every((e) => e.status === "processed" || e.status === "ignored"),
    );
    // Seconds, not minutes: the webhook path does not wait for the scheduled pull.
    expect(elapsed).toBeLessThan(15_000);

    // A cancellation on TikTok follows to Acumatica the same way.
    await operate(w.tiktok, "POST", `/orders/${placed.id}/seller-cancel`, {});
    await until("the sales order canceled", async () => (await acu.salesOrders.get(so.OrderType!, so.OrderNbr!, []))?.Status === "Canceled");
  });
});
