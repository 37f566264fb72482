import type { DataTableParamsOptions, DataTableQuery } from "@/components/ui/data-table-params";

/** The Inventory table's URL: `?f.sku=CAP&f.location=<id>&page=2`. */
export const INVENTORY_TABLE_PARAMS: DataTableParamsOptions = { sortable: [], filterable: ["sku", "location"], pageSizes: [50, 100, 200] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function inventoryListQuery(query: DataTableQuery): { sku?: string; locationId?: string } {
  const f = Object.fromEntries(query.filters.map((x) => [x.id, x.value])) as Record<string, string | undefined>;
  return { sku: f.sku || undefined, locationId: f.location && UUID.test(f.location) ? f.location : undefined };
}
