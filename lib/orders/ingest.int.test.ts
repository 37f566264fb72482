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
});
