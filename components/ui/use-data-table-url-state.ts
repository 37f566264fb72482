"use client";

import type { ColumnFiltersState, OnChangeFn, PaginationState, SortingState } from "@tanstack/react-table";
import { functionalUpdate } from "@tanstack/react-table";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useTransition } from "react";
import type { DataTableParamsOptions, DataTableQuery } from "./data-table-params";
import { dataTableSearchParams, parseDataTableParams } from "./data-table-params";

/**
 * Controlled DataTable state kept in the URL: a change replaces the query
 * string, the server page re-renders with the new page of rows, and `loading`
 * is true until it arrives. Sorting or filtering starts again at page one.
 * Spread the result into `<DataTable>` together with `data` and `rowCount`.
 */
export function useDataTableUrlState(opts: DataTableParamsOptions) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [loading, startTransition] = useTransition();
  const search = searchParams.toString();
  // `opts` is usually an inline literal; its contents, not its identity, matter.
  const optsKey = JSON.stringify(opts);

  return useMemo(() => {
    const options = JSON.parse(optsKey) as DataTableParamsOptions;
    const params = new URLSearchParams(search);
    const query = parseDataTableParams(params, options);
    const pagination: PaginationState = { pageIndex: query.pageIndex, pageSize: query.pageSize };
    const sorting: SortingState = query.sorting;
    const columnFilters: ColumnFiltersState = query.filters;
    const go = (next: DataTableQuery) => {
      const qs = dataTableSearchParams(next, options, params).toString();
      startTransition(() => router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false }));
    };
    const onPaginationChange: OnChangeFn<PaginationState> = (u) => go({ ...query, ...functionalUpdate(u, pagination) });
    const onSortingChange: OnChangeFn<SortingState> = (u) => go({ ...query, sorting: functionalUpdate(u, sorting), pageIndex: 0 });
    const onColumnFiltersChange: OnChangeFn<ColumnFiltersState> = (u) =>
      go({ ...query, filters: functionalUpdate(u, columnFilters).map((f) => ({ id: f.id, value: String(f.value ?? "") })), pageIndex: 0 });
    return { pagination, sorting, columnFilters, onPaginationChange, onSortingChange, onColumnFiltersChange, loading, pageSizeOptions: options.pageSizes };
  }, [search, optsKey, pathname, router, loading]);
}
