import type { DataTableParamsOptions, DataTableQuery } from "@/components/ui/data-table-params";
import type { FulfillmentStatus } from "@/lib/db/schema";
import { FULFILLMENT_STATUSES } from "@/lib/db/schema";
import type { FulfillmentListFilters } from "@/lib/fulfillments/queries";

/** The Fulfillments table's URL: `?f.status=failed&f.q=1Z999…&page=2`. */
export const FULFILLMENT_TABLE_PARAMS: DataTableParamsOptions = { sortable: [], filterable: ["status", "q"], pageSizes: [25, 50, 100] };

export function fulfillmentListQuery(query: DataTableQuery): FulfillmentListFilters {
  const f = Object.fromEntries(query.filters.map((x) => [x.id, x.value])) as Record<string, string | undefined>;
  return {
    status: FULFILLMENT_STATUSES.includes(f.status as FulfillmentStatus) ? (f.status as FulfillmentStatus) : undefined,
    q: f.q?.trim() || undefined,
  };
}
