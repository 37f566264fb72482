import type { DataTableParamsOptions } from "@/components/ui/data-table-params";
import type { DataTableQuery } from "@/components/ui/data-table-params";
import type { ProductStatusFilter } from "@/lib/products/queries";

/** The Products table's URL: `?f.q=tee&f.status=inactive&page=2`. `?sku=<sku>` is separate: it finds one SKU exactly. */
export const PRODUCT_TABLE_PARAMS: DataTableParamsOptions = { sortable: [], filterable: ["q", "status"], pageSizes: [25, 50, 100] };

export function productListQuery(query: DataTableQuery): { q?: string; status?: ProductStatusFilter } {
  const f = Object.fromEntries(query.filters.map((x) => [x.id, x.value])) as Record<string, string | undefined>;
  return { q: f.q, status: f.status === "active" || f.status === "inactive" ? f.status : undefined };
}
