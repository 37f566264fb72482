import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections } from "@/lib/db/schema";
import { seedWorkspace } from "@/lib/testing/fixtures";
import type { TestDatabase } from "@/lib/testing/test-db";
import { createTestDatabase } from "@/lib/testing/test-db";
import { listOrders } from "./queries";

let t: TestDatabase;
let ws: string;
let other: string;
let ukShop: string;
const N = 137;

beforeAll(async () => {
  t = await createTestDatabase();
  const ctx = await seedWorkspace(t.db, { name: "List", email: "list@orders.test" });
  ws = ctx.workspaceId;
  const [us, uk] = await t.db
    .insert(connections)
    .values([
      { workspaceId: ws, provider: "tiktok_shop", externalId: "7495200000000000001", displayName: "List US" },
      { workspaceId: ws, provider: "tiktok_shop", externalId: "7495200000000000002", displayName: "List UK" },
    ])
    .returning({ id: connections.id });
  ukShop = uk!.id;
  // Every 4th order in the UK shop; totals repeat (ties are broken by id); every 10th in Acumatica; every 25th with an exception.
  await t.db.execute(sql`
    insert into orders (workspace_id, connection_id, shop_id, external_id, status, channel_status, channel_created_at, channel_updated_at, currency, total, detail, content_hash, line_count, unit_count)
    select ${ws}::uuid, case when g % 4 = 0 then ${uk!.id}::uuid else ${us!.id}::uuid end, case when g % 4 = 0 then 'uk' else 'us' end,
           (576100000000000000 + g)::text, (array['readyForFulfillment','fulfilled','canceled'])[1 + g % 3], 'AWAITING_SHIPMENT',
           timestamptz '2026-11-01' - make_interval(secs => g * 60), timestamptz '2026-11-01', 'USD', (g % 7) + 0.5, '{}'::jsonb, md5(g::text), 1, 1
      from generate_series(1, ${N}) g`);
  await t.db.execute(sql`
    insert into sync_bindings (workspace_id, entity_type, entity_id, target, state, external_ref, external_type, external_id)
    select workspace_id, 'order', id, 'acumatica', 'created', external_id, 'SO', 'SO' || right(external_id, 4) from orders where workspace_id = ${ws}::uuid and (external_id::bigint % 10) = 0`);
  await t.db.execute(sql`
    insert into sync_exceptions (workspace_id, entity_type, entity_id, order_id, cause, message, fix_path, fix_label)
    select workspace_id, 'order', id, id, 'sku_not_found', 'test', '/products', 'Map it' from orders where workspace_id = ${ws}::uuid and (external_id::bigint % 25) = 0`);
  // Another workspace's orders never show.
  other = (await seedWorkspace(t.db, { name: "Other", email: "other@orders.test" })).workspaceId;
  await t.db.execute(sql`
    insert into orders (workspace_id, shop_id, external_id, status, channel_status, channel_created_at, channel_updated_at, currency, total, detail, content_hash, line_count, unit_count)
    select ${other}::uuid, 'x', (576100000000000000 + g)::text, 'fulfilled', 'DELIVERED', now(), now(), 'USD', 1, '{}'::jsonb, md5(g::text), 1, 1 from generate_series(1, 5) g`);
}, 60_000);
afterAll(() => t?.close());

/** Every page of a listing, in order. */
async function allPages(opts: Omit<Parameters<typeof listOrders>[2], "page" | "pageSize">) {
  const rows = [];
  let total = 0;
  for (let page = 0; ; page++) {
    const r = await listOrders(t.db, ws, { ...opts, page, pageSize: 20 });
    total = r.total;
    rows.push(...r.rows);
    if (r.rows.length < 20) break;
  }
  return { rows, total };
}

describe("the Orders list (paged in the database)", () => {
  it("pages newest first without gaps or repeats, each row with its shop, Acumatica order and exception count", async () => {
    const { rows, total } = await allPages({});
    expect(total).toBe(N);
    expect(rows).toHaveLength(N);
    expect(new Set(rows.map((r) => r.id)).size).toBe(N);
    const times = rows.map((r) => r.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const o10 = rows.find((r) => r.externalId === "576100000000000010")!;
    expect(o10.erp).toEqual({ state: "created", orderType: "SO", orderNbr: "SO0010" });
    expect(o10.shopName).toBe("List US");
    expect(rows.find((r) => r.externalId === "576100000000000004")!.shopName).toBe("List UK");
    expect(rows.find((r) => r.externalId === "576100000000000025")!.openExceptions).toBe(1);
    expect(rows.find((r) => r.externalId === "576100000000000011")!.erp).toBeNull();
  });

  it("sorts by total both ways with ties in a stable order across pages", async () => {
    for (const desc of [true, false]) {
      const { rows } = await allPages({ sort: "total", desc });
      expect(rows).toHaveLength(N);
      expect(new Set(rows.map((r) => r.id)).size).toBe(N);
      const totals = rows.map((r) => Number(r.total));
      expect(totals).toEqual([...totals].sort((a, b) => (desc ? b - a : a - b)));
    }
  });

  it("filters (shop, status, pushed, exception) count and page the same rows", async () => {
    const uk = await allPages({ filters: { shop: ukShop } });
    expect(uk.total).toBe(Math.floor(N / 4));
    expect(uk.rows.every((r) => r.shopName === "List UK")).toBe(true);
    const pushed = await allPages({ filters: { pushed: true } });
    expect(pushed.total).toBe(Math.floor(N / 10));
    expect(pushed.rows.every((r) => r.erp?.state === "created")).toBe(true);
    const notPushed = await allPages({ filters: { pushed: false, status: "fulfilled" } });
    expect(notPushed.rows.every((r) => r.erp === null && r.status === "fulfilled")).toBe(true);
    expect(notPushed.rows).toHaveLength(notPushed.total);
    const withException = await allPages({ filters: { hasException: true } });
    expect(withException.total).toBe(Math.floor(N / 25));
    expect(withException.rows.every((r) => r.openExceptions === 1)).toBe(true);
  });

  it("a page past the end is empty, with the total still right", async () => {
    const r = await listOrders(t.db, ws, { page: 99, pageSize: 20 });
    expect(r.rows).toEqual([]);
    expect(r.total).toBe(N);
  });
});
