import type { DataTableParamsOptions } from "@/components/ui/data-table-params";

/** The Products table's URL: `?f.q=tee&page=2` (by SKU). `?sku=<sku>` is separate: it finds one SKU exactly. */
export const PRODUCT_TABLE_PARAMS: DataTableParamsOptions = { sortable: [], filterable: ["q"], pageSizes: [25, 50, 100] };
