import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TikTokShopClient } from "./client";
import type { TikTokSandbox } from "./sandbox/server";
import { TEST_APP, connectedClient, operate, placeOrder, shopFixture, startTestSandbox } from "./sandbox/testing";
import type { WebhookEvent } from "./webhook";
import { parseWebhookEvent, verifyWebhookSignature } from "./webhook";

/** A stand-in for the app's POST /api/webhooks/tiktok-shop route. */
interface Received {
  raw: string;
  authorization: string | null;
  verified: boolean;
  event: WebhookEvent;
}
let receiver: Server;
let receiverUrl: string;
let received: Received[] = [];
let failNext = 0;

let sandbox: TikTokSandbox;
let us: TikTokShopClient;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const authorization = req.headers.authorization ?? null;
      const verified = verifyWebhookSignature({ rawBody: raw, authorization, ...TEST_APP });
      if (failNext > 0) {
        failNext--;
        res.writeHead(500).end();
        return;
      }
      received.push({ raw, authorization, verified, event: parseWebhookEvent(raw) });
      res.writeHead(verified ? 200 : 401).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/tiktok-shop`;
  sandbox = await startTestSandbox({ webhookSchedule: [40, 80] });
  ({ us } = await connectedClient(sandbox));
  for (const eventType of ["ORDER_STATUS_CHANGE", "CANCELLATION_STATUS_CHANGE", "RETURN_STATUS_CHANGE", "PRODUCT_STATUS_CHANGE", "SELLER_DEAUTHORIZATION", "UPCOMING_AUTHORIZATION_EXPIRATION"] as const) {
    await us.updateShopWebhook({ eventType, address: receiverUrl });
  }
});
afterAll(async () => {
  await sandbox.close();
  receiver.closeAllConnections();
  await new Promise<void>((r) => receiver.close(() => r()));
});
beforeEach(() => {
  received = [];
  failNext = 0;
});

async function settle() {
  await sandbox.webhooksIdle();
}

describe("webhooks", () => {
  it("registers per shop via the Event API", async () => {
    const hooks = await us.getShopWebhooks();
    expect(hooks.map((h) => h.event_type).sort()).toContain("ORDER_STATUS_CHANGE");
    expect(hooks.every((h) => h.address === receiverUrl)).toBe(true);
    await us.updateShopWebhook({ eventType: "PACKAGE_UPDATE", address: receiverUrl });
    await us.deleteShopWebhook("PACKAGE_UPDATE");
    expect((await us.getShopWebhooks()).map((h) => h.event_type)).not.toContain("PACKAGE_UPDATE");
  });

  it("posts every order status change, signed so verifyWebhookSignature accepts it", async () => {
    const placed = await placeOrder(sandbox, { items: [{ seller_sku: "MUG-WHT", quantity: 1 }], pay: true, release_hold: true });
    await settle();
    const events = received.map((r) => r.event).filter((e) => e.kind === "order_status");
    expect(received.every((r) => r.verified)).toBe(true);
    expect(events.map((e) => (e.kind === "order_status" ? e.orderStatus : null))).toEqual(["UNPAID", "ON_HOLD", "AWAITING_SHIPMENT"]);
    for (const e of events) {
      expect(e.shopId).toBe(shopFixture("US").id);
      expect(e.kind === "order_status" && e.orderId).toBe(placed.id);
      expect(e.notificationId).toMatch(/^\d{19}$/);
    }
    expect(new Set(events.map((e) => e.notificationId)).size).toBe(3);
  });

  it("spells the cancelled order CANCEL on the wire and the parser normalises it", async () => {
    const placed = await placeOrder(sandbox, { items: [{ seller_sku: "MUG-WHT", quantity: 1 }], pay: true });
    await operate(sandbox, "POST", `/orders/${placed.id}/buyer-cancel`);
    await settle();
    const cancelled = received.find((r) => r.event.kind === "order_status" && r.event.orderStatus === "CANCELLED")!;
    expect(cancelled.raw).toContain('"order_status":"CANCEL"');
    const cancellation = received.filter((r) => r.event.kind === "cancellation_status").map((r) => (r.event.kind === "cancellation_status" ? r.event.cancelStatus : null));
    expect(cancellation).toEqual(["CANCELLATION_REQUEST_PENDING", "CANCELLATION_REQUEST_SUCCESS", "CANCELLATION_REQUEST_COMPLETE"]);
  });

  it("sends return status changes", async () => {
    const placed = await placeOrder(sandbox, { items: [{ seller_sku: "MUG-WHT", quantity: 1 }], pay: true, release_hold: true });
    const { return_id } = await operate<{ return_id: string }>(sandbox, "POST", `/orders/${placed.id}/returns`, { type: "REFUND" });
    await operate(sandbox, "POST", `/returns/${return_id}/status`, { status: "RETURN_OR_REFUND_REQUEST_CANCEL" });
    await settle();
    const statuses = received.flatMap((r) => (r.event.kind === "return_status" ? [[r.event.returnId, r.event.returnStatus]] : []));
    expect(statuses).toEqual([
      [return_id, "RETURN_OR_REFUND_REQUEST_PENDING"],
      [return_id, "RETURN_OR_REFUND_REQUEST_CANCELLED"],
    ]);
  });

  it("keeps a product id sent as a bare JSON number exact", async () => {
    const created = await us.createProduct({
      title: "Sticker",
      description: "<p>x</p>",
      categoryId: "1",
      skus: [{ sellerSku: "STICKER-X", price: { amount: "2.00", currency: "USD" }, inventory: shopFixture("US").warehouses.map((w) => ({ warehouseId: w.id, quantity: 1 })) }],
    });
    await settle();
    const hit = received.find((r) => r.event.kind === "product_status")!;
    expect(hit.raw).toContain(`"product_id":${created.product_id}`);
    expect(hit.event.kind === "product_status" && hit.event.productId).toBe(created.product_id);
  });

  it("redelivers a failed notification on the (compressed) schedule with the same notification id", async () => {
    failNext = 2;
    const placed = await placeOrder(sandbox, { items: [{ seller_sku: "MUG-BLK", quantity: 1 }] });
    await settle();
    await new Promise((r) => setTimeout(r, 300));
    await settle();
    const deliveries = (await operate<{ deliveries: Array<{ body: string; status: string; attempts: Array<{ httpStatus: number | null }> }> }>(sandbox, "GET", "/webhooks")).deliveries;
    const mine = deliveries.find((d) => d.body.includes(placed.id))!;
    expect(mine.attempts.map((a) => a.httpStatus)).toEqual([500, 500, 200]);
    expect(mine.status).toBe("delivered");
    expect(received.filter((r) => r.raw === mine.body)).toHaveLength(1);
  });

  it("drops a notification after the last redelivery", async () => {
    failNext = 10;
    const placed = await placeOrder(sandbox, { items: [{ seller_sku: "MUG-BLK", quantity: 1 }] });
    await new Promise((r) => setTimeout(r, 300));
    await settle();
    const deliveries = (await operate<{ deliveries: Array<{ body: string; status: string; attempts: unknown[] }> }>(sandbox, "GET", "/webhooks")).deliveries;
    const mine = deliveries.find((d) => d.body.includes(placed.id))!;
    expect(mine.status).toBe("dropped");
    expect(mine.attempts).toHaveLength(3);
  });

  it("tells the shop about deauthorization and upcoming expiry", async () => {
    await operate(sandbox, "POST", "/authorization/expiring", { days: 30 });
    await operate(sandbox, "POST", "/deauthorize", {});
    await settle();
    const kinds = received.filter((r) => r.event.shopId === shopFixture("US").id).map((r) => r.event.kind);
    expect(kinds).toEqual(["authorization_expiring", "deauthorization"]);
    const err = await us.getWarehouses().catch((e: unknown) => e as { kind: string });
    expect(err).toMatchObject({ kind: "deauthorized" });
  });
});
