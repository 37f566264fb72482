import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orders, syncExceptions } from "@/lib/db/schema";
import { placeOrder, shopFixture } from "@/lib/connectors/tiktok-shop/sandbox/testing";
import { pushSalesOrder } from "@/lib/sync/acumatica/push-order";
import { dismissException, retryOrder } from "@/lib/sync/exceptions/service-actions";
import { pullShop } from "@/lib/sync/tiktok/pull";
import type { EngineWorld } from "@/lib/testing/engine-world";
import { configureOrders, startEngineWorld } from "@/lib/testing/engine-world";
import { seedWorkspace } from "@/lib/testing/fixtures";
import { listAuditActors } from "@/lib/workspaces/queries";
import { getOrderActivity } from "./queries";

let w: EngineWorld;
beforeAll(async () => {
  w = await startEngineWorld();
}, 120_000);
afterAll(() => w?.close());

const hubOrder = async (workspaceId: string, externalId: string) =>
  (await w.t.db.select().from(orders).where(and(eq(orders.workspaceId, workspaceId), eq(orders.externalId, externalId))))[0]!;

/** What a worker does with the order's queued jobs once it has run them. */
const finishQueuedJobs = (orderId: string) => w.t.db.execute(sql`update pgboss.job set state = 'completed' where data->>'orderId' = ${orderId}`);

describe("order activity (what the order page polls)", () => {
  it("is pending while the order's push is queued, and its timeline and version change once it is pushed", async () => {
    const { ctx, shops } = await w.merchant("Activity");
    await configureOrders(w.t.db, ctx);
    const placed = await placeOrder(w.tiktok, { items: [{ seller_sku: "MUG-WHT", quantity: 1 }], delivery_option_id: shopFixture("US").deliveryOptions[0]!.id, pay: true, release_hold: true });
    await pullShop(w.deps(), { workspaceId: ctx.workspaceId, connectionId: shops.US! });
    const order = await hubOrder(ctx.workspaceId, placed.id);

    await retryOrder(w.t.db, ctx, order.id);
    const queued = (await getOrderActivity(w.t.db, ctx.workspaceId, order.id))!;
    expect(queued).toMatchObject({ pending: true, salesOrderState: null, openExceptions: 0 });
    expect(queued.events.map((e) => e.kind)).toEqual(["received"]);

    await pushSalesOrder(w.deps(), { workspaceId: ctx.workspaceId, orderId: order.id });
    await finishQueuedJobs(order.id);
    const pushed = (await getOrderActivity(w.t.db, ctx.workspaceId, order.id))!;
    expect(pushed).toMatchObject({ pending: false, salesOrderState: "created" });
    expect(pushed.events.map((e) => e.kind)).toEqual(["received", "pushed"]);
    expect(pushed.version).not.toBe(queued.version);
    // Unchanged order, unchanged version: the page does not re-render for nothing.
    expect((await getOrderActivity(w.t.db, ctx.workspaceId, order.id))!.version).toBe(pushed.version);

    // Another workspace cannot read it.
    const other = await seedWorkspace(w.t.db, { name: "Other", email: `other-${Date.now()}@activity.test` });
    expect(await getOrderActivity(w.t.db, other.workspaceId, order.id)).toBeNull();
  });

  it("counts open exceptions, and the audit log names who dismissed one", async () => {
    const { ctx, shops } = await w.merchant("Dismissals");
    await configureOrders(w.t.db, ctx, { shipVia: {} });
    const placed = await placeOrder(w.tiktok, { items: [{ seller_sku: "MUG-BLK", quantity: 1 }], delivery_option_id: shopFixture("US").deliveryOptions[2]!.id, pay: true, release_hold: true });
    await pullShop(w.deps(), { workspaceId: ctx.workspaceId, connectionId: shops.US! });
    const order = await hubOrder(ctx.workspaceId, placed.id);
    await pushSalesOrder(w.deps(), { workspaceId: ctx.workspaceId, orderId: order.id });
    await finishQueuedJobs(order.id);
    const blocked = (await getOrderActivity(w.t.db, ctx.workspaceId, order.id))!;
    expect(blocked).toMatchObject({ openExceptions: 1, pending: false });
    expect(blocked.events.at(-1)?.kind).toBe("blocked");

    const [open] = await w.t.db.select().from(syncExceptions).where(and(eq(syncExceptions.orderId, order.id), eq(syncExceptions.status, "open")));
    await dismissException(w.t.db, ctx, { id: open!.id, reason: "Shipped by hand" });
    expect((await getOrderActivity(w.t.db, ctx.workspaceId, order.id))!).toMatchObject({ openExceptions: 0 });
    const actors = await listAuditActors(w.t.db, ctx.workspaceId, "exception.dismiss", [open!.id]);
    expect(actors.get(open!.id)).toBe(ctx.email);
    expect((await listAuditActors(w.t.db, ctx.workspaceId, "exception.dismiss", [])).size).toBe(0);
  });
});
