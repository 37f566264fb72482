import type { DataTableParamsOptions } from "@/components/ui/data-table-params";

/** The Exceptions table's URL: `?tab=closed&f.cause=sku_not_found&page=2` (newest first; the server orders it). */
export const EXCEPTION_TABLE_PARAMS: DataTableParamsOptions = { sortable: [], filterable: ["cause"], pageSizes: [25, 50, 100] };
