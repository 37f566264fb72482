import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderEvents, orderRefunds, orders, syncExceptions } from "@/lib/db/schema";
import { getTikTokShopClient } from "@/lib/connections/clients";
import { updateTikTokBuyerRequests } from "@/lib/connections/tiktok-buyer-requests";
import type { TikTokBuyerRequests } from "@/lib/connections/tiktok-schemas";
import { createAcumaticaClient } from "@/lib/connectors/acumatica/client";
import { passwordTokens, TEST_APP } from "@/lib/connectors/acumatica/sandbox/testing";
import { createMemoryTokenStore } from "@/lib/connectors/shared/token-store";
import { answersOf } from "@/lib/connectors/tiktok-shop/sandbox/aftersale-answers";
import { operate, placeOrder, shopFixture } from "@/lib/connectors/tiktok-shop/sandbox/testing";
import { saveOrderSettingsSection } from "@/lib/order-settings/service";
import { pullShop } from "@/lib/sync/tiktok/pull";
import type { EngineWorld } from "@/lib/testing/engine-world";
import { configureOrders, drainQueues, startEngineWorld } from "@/lib/testing/engine-world";
import { answerBuyerRequest } from "./answer-buyer-request";

/**
 * Buyers' cancellation and return requests answered as the shop's settings
 * say: a cancellation approved only while Acumatica has not shipped (then the
 * sales order is canceled too), an exception when it has, a note when left to
 * Seller Center; a return approved once, whatever happens to the answer.
 */
let w: EngineWorld;
beforeAll(async () => {
  w = await startEngineWorld();
}, 120_000);
afterAll(() => w?.close());

const US = shopFixture("US");
const UPS = US.deliveryOptions[0]!.providers.find((p) => p.name === "UPS")!;

async function acu() {
  return createAcumaticaClient({ instanceUrl: w.acumatica.url, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, tokenStore: createMemoryTokenStore(await passwordTokens(w.acumatica)) });
}
const acumaticaOperator = async (path: string, body: unknown) => {
  const res = await fetch(`${w.acumatica.url.replace(/\/AcumaticaERP$/, "")}/_sandbox${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<unknown>;
};

/** A merchant with the given answers, and one paid order of the US shop in Acumatica. */
async function orderInAcumatica(answers: Omit<TikTokBuyerRequests, "connectionId">, items: Array<[string, number]> = [["MUG-WHT", 1]]) {
  await operate(w.tiktok, "POST", "/reset");
  const { ctx, shops } = await w.merchant("Buyers");
  await configureOrders(w.t.db, ctx);
  await saveOrderSettingsSection(w.t.db, ctx, "catalog", { pullProducts: false, pullShippingRequests: true, pullFulfillments: true, inventory: "off", locations: "off", matchedSkusOnly: false, excludedSkus: [] });
  await saveOrderSettingsSection(w.t.db, ctx, "carriers", { connectionId: shops.US!, providers: { UPSGROUND: UPS.id } });
  await updateTikTokBuyerRequests(w.t.db, ctx, { connectionId: shops.US!, ...answers });
  const placed = await placeOrder(w.tiktok, { items: items.map(([seller_sku, quantity]) => ({ seller_sku, quantity })), delivery_option_id: US.deliveryOptions[0]!.id, pay: true, release_hold: true });
  const pull = () => pullShop(w.deps(), { workspaceId: ctx.workspaceId, connectionId: shops.US! });
  await pull();
  await drainQueues(w.t.db);
  const [so] = await (await acu()).salesOrders.list({ filter: `ExternalRef eq '${placed.id}'` });
  const [order] = await w.t.db.select().from(orders).where(and(eq(orders.workspaceId, ctx.workspaceId), eq(orders.externalId, placed.id)));
  const tiktok = await getTikTokShopClient(w.t.db, ctx.workspaceId, shops.US!);
  const events = async (kind: string) => (await w.t.db.select().from(orderEvents).where(and(eq(orderEvents.orderId, order!.id), eq(orderEvents.kind, kind)))).map((e) => e.message);
  const refundOf = async (externalId: string) => (await w.t.db.select().from(orderRefunds).where(and(eq(orderRefunds.orderId, order!.id), eq(orderRefunds.externalId, externalId))))[0]!;
  return { ctx, shops, placed, so: so!, order: order!, tiktok, pull, events, refundOf };
}

const applied = (requestId: string) => answersOf(w.tiktok.state()).filter((a) => a.requestId === requestId && !a.replayed);
const buyerCancels = (orderId: string) => operate<{ cancel_id: string }>(w.tiktok, "POST", `/orders/${orderId}/buyer-cancel`).then((r) => r.cancel_id);

describe("buyer cancellation requests", () => {
  it("Approve if not shipped in Acumatica: approved once, TikTok cancels the order, and the sales order is canceled in Acumatica", async () => {
    const { placed, so, tiktok, pull, events } = await orderInAcumatica({ buyerCancellations: "approveIfNotShipped", buyerReturns: "leave" });
    expect(so.Status).toBe("Open");
    const cancelId = await buyerCancels(placed.id);
    await pull();
    await drainQueues(w.t.db);

    expect(applied(cancelId)).toHaveLength(1);
    const [order] = await tiktok.getOrderDetails([placed.id]);
    expect(order).toMatchObject({ status: "CANCELLED", cancellation_initiator: "BUYER" });
    expect((await (await acu()).salesOrders.get(so.OrderType!, so.OrderNbr!, []))?.Status).toBe("Canceled");
    expect(await events("buyer-request-approved")).toEqual([`Approved the buyer's cancellation request ${cancelId} on TikTok Shop.`]);
    expect(await events("canceled")).toHaveLength(1);
    // The next pull brings the same changes: nothing is answered again.
    await pull();
    await drainQueues(w.t.db);
    expect(applied(cancelId)).toHaveLength(1);
  });

  it("shipped from Acumatica: not approved, an exception says to answer in Seller Center, and it closes when the buyer withdraws", async () => {
    const { placed, so, pull, events, refundOf } = await orderInAcumatica({ buyerCancellations: "approveIfNotShipped", buyerReturns: "leave" });
    // Acumatica ships; the hub has not pulled the shipment yet, so the sales order itself is read.
    await acumaticaOperator(`/sales-orders/${so.OrderType}/${so.OrderNbr}/ship`, { packages: [{ trackingNbr: "1Z999AA10000000501" }] });
    const cancelId = await buyerCancels(placed.id);
    await pull();
    await drainQueues(w.t.db);

    expect(applied(cancelId)).toHaveLength(0);
    const refund = await refundOf(cancelId);
    const open = await w.t.db.select().from(syncExceptions).where(and(eq(syncExceptions.entityId, refund.id), eq(syncExceptions.status, "open")));
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ cause: "buyer_cancel_after_shipment", orderId: refund.orderId, fixLabel: "Answer the request in TikTok Shop Seller Center" });
    expect(open[0]!.message).toContain("already shipped from Acumatica");
    expect(open[0]!.message).toContain(`${so.OrderType} ${so.OrderNbr}`);
    expect(await events("buyer-cancel-held")).toHaveLength(1);

    await operate(w.tiktok, "POST", `/cancellations/${cancelId}/resolve`, { outcome: "withdraw" });
    await pull();
    await drainQueues(w.t.db);
    const [closed] = await w.t.db.select().from(syncExceptions).where(eq(syncExceptions.id, open[0]!.id));
    expect(closed).toMatchObject({ status: "closed" });
    expect(closed!.resolution).toContain("cancelled");
    expect(applied(cancelId)).toHaveLength(0);
  });

  it("a shipment the hub already pulled is enough to hold the approval", async () => {
    const { ctx, placed, so, pull, events } = await orderInAcumatica({ buyerCancellations: "approveIfNotShipped", buyerReturns: "leave" });
    await acumaticaOperator(`/sales-orders/${so.OrderType}/${so.OrderNbr}/ship`, { packages: [{ trackingNbr: "1Z999AA10000000502" }] });
    const { pullShipments } = await import("@/lib/sync/acumatica/pull-shipments");
    await pullShipments(w.deps(), { workspaceId: ctx.workspaceId });
    const cancelId = await buyerCancels(placed.id);
    await pull();
    await drainQueues(w.t.db, { only: ["tiktok-shop.answer-buyer-request"] });
    expect(applied(cancelId)).toHaveLength(0);
    expect((await events("buyer-cancel-held"))[0]).toContain("is Confirmed");
  });

  it("Leave to Seller Center: nothing is answered; the timeline says the buyer asked to cancel, once", async () => {
    const { placed, tiktok, pull, events } = await orderInAcumatica({ buyerCancellations: "leave", buyerReturns: "leave" });
    const cancelId = await buyerCancels(placed.id);
    await pull();
    await drainQueues(w.t.db);
    await pull();
    await drainQueues(w.t.db);
    expect(applied(cancelId)).toHaveLength(0);
    expect(await events("buyer-request")).toEqual([`The buyer asked to cancel the order (request ${cancelId}). Left to TikTok Shop Seller Center: Buyer cancellation requests is "Leave to Seller Center".`]);
    const [c] = (await tiktok.searchCancellations({ filter: { cancelIds: [cancelId] } })).items;
    expect(c!.cancel_status).toBe("CANCELLATION_REQUEST_PENDING");
  });
});

describe("buyer return requests", () => {
  it("Approve automatically: approved once, even when the answer is lost and the job runs again", async () => {
    const { ctx, placed, tiktok, pull, events, refundOf } = await orderInAcumatica({ buyerCancellations: "leave", buyerReturns: "approve" }, [["HOODIE-GRY-M", 1]]);
    await tiktok.markPackageAsShipped(placed.id, { trackingNumber: "1Z999AA10000000601", shippingProviderId: UPS.id });
    await operate(w.tiktok, "POST", `/orders/${placed.id}/advance`, { status: "DELIVERED" });
    const { return_id: returnId } = await operate<{ return_id: string }>(w.tiktok, "POST", `/orders/${placed.id}/returns`, { type: "RETURN_AND_REFUND" });

    // Every answer TikTok applies is lost on the way back (the client's own resends included).
    await operate(w.tiktok, "POST", "/faults", { kind: "drop_response", path_contains: "/approve", count: 0 });
    await pull();
    const refund = await refundOf(returnId);
    await expect(answerBuyerRequest(w.deps(), { workspaceId: ctx.workspaceId, refundId: refund.id })).rejects.toThrow();
    await operate(w.tiktok, "DELETE", "/faults");
    expect(applied(returnId)).toHaveLength(1);

    // The next run reads the request first: approved already, so nothing is sent again.
    const before = answersOf(w.tiktok.state()).length;
    expect(await answerBuyerRequest(w.deps(), { workspaceId: ctx.workspaceId, refundId: refund.id })).toEqual({ kind: "exists", requestId: returnId });
    expect(await answerBuyerRequest(w.deps(), { workspaceId: ctx.workspaceId, refundId: refund.id })).toMatchObject({ kind: "skipped" });
    await drainQueues(w.t.db);
    expect(answersOf(w.tiktok.state()).length).toBe(before);
    expect(applied(returnId)).toHaveLength(1);
    const [r] = (await tiktok.searchReturns({ filter: { returnIds: [returnId] } })).items;
    expect(r!.return_status).toBe("AWAITING_BUYER_SHIP");
    expect(await events("buyer-request-approved")).toHaveLength(1);
  });

  it("the job and a second run at the same time answer the request once", async () => {
    const { ctx, placed, pull, events, refundOf } = await orderInAcumatica({ buyerCancellations: "leave", buyerReturns: "approve" }, [["CAP-BLK", 2]]);
    const { return_id: returnId } = await operate<{ return_id: string }>(w.tiktok, "POST", `/orders/${placed.id}/returns`, { type: "REFUND" });
    // The pull queues the answer; a second run (another worker, a retry) goes at once.
    await pull();
    const refund = await refundOf(returnId);
    await Promise.all([answerBuyerRequest(w.deps(), { workspaceId: ctx.workspaceId, refundId: refund.id }), drainQueues(w.t.db)]);
    await drainQueues(w.t.db);
    expect(applied(returnId)).toHaveLength(1);
    expect(await events("buyer-request-approved")).toHaveLength(1);
    // The refund completed on TikTok: the hub's record says so.
    expect((await refundOf(returnId)).completed).toBe(true);
  });

  it("Leave to Seller Center: the return waits, and the timeline says the buyer asked", async () => {
    const { placed, pull, events } = await orderInAcumatica({ buyerCancellations: "leave", buyerReturns: "leave" }, [["CAP-BLK", 1]]);
    const { return_id: returnId } = await operate<{ return_id: string }>(w.tiktok, "POST", `/orders/${placed.id}/returns`, { type: "REFUND" });
    await pull();
    await drainQueues(w.t.db);
    expect(applied(returnId)).toHaveLength(0);
    expect(await events("buyer-request")).toEqual([`The buyer asked for a refund (request ${returnId}). Left to TikTok Shop Seller Center: Buyer return requests is "Leave to Seller Center".`]);
  });
});
