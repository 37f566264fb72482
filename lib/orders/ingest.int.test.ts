import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections, orderLines, orders } from "@/lib/db/schema";
import { toHubOrder } from "@/lib/connectors/tiktok-shop/mapper";
import { stopBossForDb, withJobTransaction } from "@/lib/jobs/transaction";
import { orderSettingsSchema } from "@/lib/order-settings/schemas";
import { seedWorkspace } from "@/lib/testing/fixtures";
import type { TestDatabase } from "@/lib/testing/test-db";
import { createTestDatabase } from "@/lib/testing/test-db";
import { SPEC_EXAMPLE_ORDER } from "./fixtures";
import { ingestOrders } from "./ingest";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
}, 60_000);
afterAll(async () => {
  if (t) await stopBossForDb(t.db);
  await t?.close();
});

describe("ingestOrders", () => {
  it("the same new order written by two transactions at once (a pull and a webhook) ends with its lines once, no error", async () => {
    const ctx = await seedWorkspace(t.db, { name: "Race", email: "race@ingest.test" });
    const [shop] = await t.db.insert(connections).values({ workspaceId: ctx.workspaceId, provider: "tiktok_shop", externalId: "7495000000000000009" }).returning();
    const source = { workspaceId: ctx.workspaceId, connectionId: shop!.id, shopId: "7495000000000000009" };
    const settings = orderSettingsSchema.parse({});
    const hub = toHubOrder(SPEC_EXAMPLE_ORDER, source.shopId);

    let releaseFirst!: () => void;
    const gate = new Promise<void>((r) => (releaseFirst = r));
    // The first writes the order and holds its transaction open; the second has read "not known" before it commits.
    const first = withJobTransaction(t.db, async (tx) => {
      const r = await ingestOrders(tx, source, [hub], settings);
      await gate;
      return r;
    });
    await new Promise((r) => setTimeout(r, 150));
    const second = withJobTransaction(t.db, (tx) => ingestOrders(tx, source, [hub], settings));
    await new Promise((r) => setTimeout(r, 150));
    releaseFirst();
    const [a, b] = await Promise.all([first, second]);
    expect(a.inserted).toBe(1);
    expect(b.inserted + b.updated + b.unchanged).toBe(1);

    const [row] = await t.db.select().from(orders).where(eq(orders.workspaceId, ctx.workspaceId));
    const lines = await t.db.select().from(orderLines).where(eq(orderLines.orderId, row!.id));
    expect(lines.map((l) => l.sku).sort()).toEqual(hub.lines.map((l) => l.sku).sort());
  });

  it("writes a page in one upsert: new orders inserted, changed ones rewritten with their lines replaced, older or same versions left alone", async () => {
    const ctx = await seedWorkspace(t.db, { name: "Page", email: "page@ingest.test" });
    const [shop] = await t.db.insert(connections).values({ workspaceId: ctx.workspaceId, provider: "tiktok_shop", externalId: "7495000000000000010" }).returning();
    const source = { workspaceId: ctx.workspaceId, connectionId: shop!.id, shopId: "7495000000000000010" };
    const settings = orderSettingsSchema.parse({});
    const base = toHubOrder(SPEC_EXAMPLE_ORDER, source.shopId);
    expect(base.lines.length).toBeGreaterThan(1);
    const at = (iso: string, o: typeof base, id: string) => ({ ...o, externalId: id, updatedAt: iso });
    const a = at("2026-01-01T00:00:00.000Z", base, "576000000000000101");
    const b = at("2026-01-01T00:00:00.000Z", base, "576000000000000102");
    const first = await withJobTransaction(t.db, (tx) => ingestOrders(tx, source, [a, b], settings));
    expect(first).toMatchObject({ inserted: 2, updated: 0, unchanged: 0 });

    // A newer version of a with one line fewer, an older version of b, and a new order c.
    const a2 = { ...at("2026-01-02T00:00:00.000Z", base, a.externalId), channelStatus: "AWAITING_COLLECTION", lines: base.lines.slice(0, 1) };
    const bOld = { ...at("2025-12-31T00:00:00.000Z", base, b.externalId), channelStatus: "CANCELLED" };
    const c = at("2026-01-02T00:00:00.000Z", base, "576000000000000103");
    const second = await withJobTransaction(t.db, (tx) => ingestOrders(tx, source, [a2, bOld, c], settings));
    expect(second).toMatchObject({ inserted: 1, updated: 1, unchanged: 1 });
    expect(second.orderIds).toHaveLength(2);

    const rows = await t.db.select().from(orders).where(eq(orders.workspaceId, ctx.workspaceId));
    const byExt = new Map(rows.map((r) => [r.externalId, r]));
    expect(byExt.get(a.externalId)!.channelStatus).toBe("AWAITING_COLLECTION");
    expect(byExt.get(a.externalId)!.lineCount).toBe(1);
    expect(byExt.get(b.externalId)!.channelStatus).toBe(base.channelStatus);
    const linesOf = async (ext: string) => (await t.db.select().from(orderLines).where(eq(orderLines.orderId, byExt.get(ext)!.id))).length;
    expect(await linesOf(a.externalId)).toBe(1);
    expect(await linesOf(b.externalId)).toBe(base.lines.length);
    expect(await linesOf(c.externalId)).toBe(base.lines.length);
    expect(byExt.get(a.externalId)!.createdAt.getTime()).toBeLessThanOrEqual(byExt.get(c.externalId)!.createdAt.getTime());

    // The same page again changes nothing.
    const again = await withJobTransaction(t.db, (tx) => ingestOrders(tx, source, [a2, bOld, c], settings));
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
  });
});
