import { ORDER_TABLE_PARAMS, orderListQuery } from "@/components/orders/order-list-params";
import { OrdersTable } from "@/components/orders/orders-table";
import { parseDataTableParams } from "@/components/ui/data-table-params";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageContext } from "@/lib/auth/context";
import { listConnections } from "@/lib/connections/queries";
import { getDb } from "@/lib/db/client";
import { listOrders } from "@/lib/orders/queries";

export default async function OrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext();
  const query = parseDataTableParams(await searchParams, ORDER_TABLE_PARAMS);
  const { filters, sort, desc } = orderListQuery(query);
  const db = getDb();
  const [page, shops] = await Promise.all([
    listOrders(db, ctx.workspaceId, { page: query.pageIndex, pageSize: query.pageSize, sort, desc, filters }),
    listConnections(db, ctx.workspaceId, "tiktok_shop"),
  ]);
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader title="Orders" description="TikTok Shop orders and the Acumatica sales orders made from them." className="mb-0" />
      <OrdersTable
        rows={page.rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }))}
        rowCount={page.total}
        shops={shops.map((s) => ({ id: s.id, name: s.displayName }))}
      />
    </div>
  );
}
