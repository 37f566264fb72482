import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { connections } from "@/lib/db/schema";
import type { OrderListFilters, OrderSort } from "@/lib/orders/queries";
import { listOrders } from "@/lib/orders/queries";
import { seedWorkspace } from "@/lib/testing/fixtures";
import type { TestDatabase } from "@/lib/testing/test-db";

type Report = (name: string, value: string) => void;

/**
 * The Orders screen on a large workspace: `n` orders (two shops, five
 * statuses, 80 % in Acumatica, 2 % with an open exception) written with SQL,
 * then each kind of page the screen asks for, timed as the server runs it
 * (the page and its total count).
 */
export async function benchOrderList(report: Report, t: TestDatabase, n: number): Promise<void> {
  const ctx = await seedWorkspace(t.db, { name: "Bench list", email: "bench-list@example.com" });
  const ws = ctx.workspaceId;
  const shops = await t.db
    .insert(connections)
    .values([
      { workspaceId: ws, provider: "tiktok_shop", externalId: "7495100000000000001", displayName: "Bench US" },
      { workspaceId: ws, provider: "tiktok_shop", externalId: "7495100000000000002", displayName: "Bench UK" },
    ])
    .returning({ id: connections.id, shopId: connections.externalId });
  const [us, uk] = shops as [{ id: string; shopId: string }, { id: string; shopId: string }];
  const seeded = performance.now();
  await t.db.execute(sql`
    insert into orders (workspace_id, connection_id, shop_id, external_id, status, channel_status, channel_created_at, channel_updated_at, currency, total, detail, content_hash, line_count, unit_count)
    select ${ws}::uuid,
           case when g % 4 = 0 then ${uk.id}::uuid else ${us.id}::uuid end,
           case when g % 4 = 0 then ${uk.shopId} else ${us.shopId} end,
           (576000000000000000 + g)::text,
           (array['readyForFulfillment','sentToFulfillment','fulfilled','canceled','onHold'])[1 + g % 5],
           'AWAITING_SHIPMENT',
           now() - make_interval(secs => g * 13),
           now() - make_interval(secs => g * 13),
           'USD', (g % 300) + 0.99, '{}'::jsonb, md5(g::text), 1, 1 + g % 3
      from generate_series(1, ${n}) g`);
  await t.db.execute(sql`
    insert into sync_bindings (workspace_id, entity_type, entity_id, target, state, external_ref, external_type, external_id)
    select workspace_id, 'order', id, 'acumatica', 'created', external_id, 'SO', lpad((row_number() over ())::text, 6, '0')
      from orders where workspace_id = ${ws}::uuid and right(external_id, 1) not in ('1', '2')`);
  await t.db.execute(sql`
    insert into sync_exceptions (workspace_id, entity_type, entity_id, order_id, cause, message, fix_path, fix_label)
    select workspace_id, 'order', id, id, 'sku_not_found', 'bench', '/products', 'Map it'
      from orders where workspace_id = ${ws}::uuid and right(external_id, 2) = '17'`);
  await t.db.execute(sql`analyze orders; analyze sync_bindings; analyze sync_exceptions`);
  report(`orders list: ${n.toLocaleString("en-US")} orders seeded`, `${((performance.now() - seeded) / 1000).toFixed(1)} s`);

  const cases: Array<[string, { page?: number; sort?: OrderSort; desc?: boolean; filters?: OrderListFilters }]> = [
    ["first page, newest first", {}],
    ["page 1,000", { page: 1000 }],
    ["status filter (fulfilled)", { filters: { status: "fulfilled" } }],
    ["one shop", { filters: { shop: uk.id } }],
    ["has an open exception", { filters: { hasException: true } }],
    ["not pushed", { filters: { pushed: false } }],
    ["search by TikTok order id", { filters: { q: "5760000000001234" } }],
    ["search by Acumatica order number", { filters: { q: "001234" } }],
    ["a week, sorted by total", { sort: "total", filters: { from: new Date(Date.now() - 7 * 86_400_000).toISOString() } }],
  ];
  for (const [name, c] of cases) {
    const lat: number[] = [];
    let total = 0;
    for (let i = 0; i < 12; i++) {
      const t0 = performance.now();
      const r = await listOrders(t.db, ws, { page: c.page ?? 0, pageSize: 50, sort: c.sort, desc: c.desc, filters: c.filters });
      lat.push(performance.now() - t0);
      total = r.total;
    }
    lat.sort((a, b) => a - b);
    report(`  ${name}`, `p50 ${lat[6]!.toFixed(1)} ms  p95 ${lat[11]!.toFixed(1)} ms  (${total.toLocaleString("en-US")} rows)`);
  }
}
