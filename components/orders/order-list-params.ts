import type { DataTableParamsOptions, DataTableQuery } from "@/components/ui/data-table-params";
import type { OrderStatus } from "@/lib/db/schema";
import { ORDER_STATUSES } from "@/lib/db/schema";
import type { OrderListFilters, OrderSort } from "@/lib/orders/queries";
import { ORDER_SORTS } from "@/lib/orders/queries";

/** The Orders table's URL: `?f.status=onHold&f.shop=<id>&f.from=2025-01-01&f.to=2025-01-31&f.exception=yes&f.pushed=no&f.q=576…&sort=-total`. */
export const ORDER_TABLE_PARAMS: DataTableParamsOptions = {
  sortable: ORDER_SORTS,
  filterable: ["status", "shop", "from", "to", "exception", "pushed", "q"],
  pageSizes: [25, 50, 100],
  defaultSort: [{ id: "createdAt", desc: true }],
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The query's filters as listOrders takes them; a value the URL got wrong is ignored, never passed on. */
export function orderListQuery(query: DataTableQuery): { filters: OrderListFilters; sort: OrderSort; desc: boolean } {
  const f = Object.fromEntries(query.filters.map((x) => [x.id, x.value])) as Record<string, string | undefined>;
  const validDay = (v: string | undefined) => (v && DAY.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined);
  const from = validDay(f.from);
  const to = validDay(f.to);
  const filters: OrderListFilters = {
    status: ORDER_STATUSES.includes(f.status as OrderStatus) ? (f.status as OrderStatus) : undefined,
    shop: f.shop && UUID.test(f.shop) ? f.shop : undefined,
    from: from ? `${from}T00:00:00Z` : undefined,
    // The date range is inclusive in the form; the query's upper bound is exclusive.
    to: to ? `${nextDay(to)}T00:00:00Z` : undefined,
    hasException: f.exception === "yes" ? true : f.exception === "no" ? false : undefined,
    pushed: f.pushed === "yes" ? true : f.pushed === "no" ? false : undefined,
    q: f.q?.trim() || undefined,
  };
  const sort = query.sorting[0];
  return { filters, sort: (sort?.id as OrderSort | undefined) ?? "createdAt", desc: sort ? sort.desc : true };
}
