"use client";

import type { ColumnDef, ColumnFiltersState, OnChangeFn, PaginationState, ReactTable, Row, RowData, SortingState } from "@tanstack/react-table";
import {
  columnFilteringFeature,
  createFilteredRowModel,
  createPaginatedRowModel,
  createSortedRowModel,
  filterFn_equalsString,
  filterFn_includesString,
  rowPaginationFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_datetime,
  sortFn_text,
  tableFeatures,
  useTable,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown, ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { MouseEvent, ReactNode } from "react";
import { useEffect, useId, useState } from "react";
import { Button } from "./button";
import { cn } from "./cn";
import { EmptyState } from "./empty-state";
import { Input } from "./input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "./select";
import { Skeleton } from "./skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "./table";

/**
 * One feature set for both modes. Server tables set the `manual*` flags, so the
 * client row models below are bypassed and `data` is taken as the page the
 * server already filtered, sorted and sliced.
 */
export const DATA_TABLE_FEATURES = tableFeatures({
  columnFilteringFeature,
  filteredRowModel: createFilteredRowModel(),
  filterFns: { includesString: filterFn_includesString, equalsString: filterFn_equalsString },
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic, datetime: sortFn_datetime, text: sortFn_text },
  rowPaginationFeature,
  paginatedRowModel: createPaginatedRowModel(),
});
export type DataTableFeatures = typeof DATA_TABLE_FEATURES;

/**
 * Columns of a DataTable. Sorting and filtering are opt-in per column
 * (`enableSorting: true`, `enableColumnFilter: true`), since a server table can
 * only sort and filter on what its query supports.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the cell value type varies per column; this is the library's own column-list type.
export type DataTableColumns<TData extends RowData> = Array<ColumnDef<DataTableFeatures, TData, any>>;

export const DEFAULT_PAGE_SIZES = [25, 50, 100] as const;
const DEFAULT_COLUMN = { enableSorting: false, enableColumnFilter: false } as const;

interface CommonProps<TData extends RowData> {
  columns: DataTableColumns<TData>;
  /** The rows to show: for a server table, the current page only. Keep the reference stable between renders. */
  data: TData[];
  /** Accessible name of the table. */
  label: string;
  getRowId?: (row: TData) => string;
  /** Makes each row open this URL; the first cell becomes a real link (for keyboard and middle-click). */
  getRowHref?: (row: TData) => string | undefined;
  /** `data-testid` of each body row. */
  rowTestId?: string;
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
  /** True while the first page loads (skeleton rows) or a new page is fetched (table dimmed, previous rows kept). */
  loading?: boolean;
  /** Text inputs bound to column filters, shown above the table. */
  filters?: Array<{ columnId: string; label: string; placeholder?: string }>;
  /** Extra controls next to the filters. */
  toolbar?: ReactNode;
  className?: string;
}

export interface ServerDataTableProps<TData extends RowData> extends CommonProps<TData> {
  /** Rows matching the filters on the server (all pages). */
  rowCount: number;
  pagination: PaginationState;
  onPaginationChange: OnChangeFn<PaginationState>;
  sorting?: SortingState;
  onSortingChange?: OnChangeFn<SortingState>;
  columnFilters?: ColumnFiltersState;
  onColumnFiltersChange?: OnChangeFn<ColumnFiltersState>;
  pageSizeOptions?: readonly number[];
}

const NO_SORTING: SortingState = [];
const NO_FILTERS: ColumnFiltersState = [];
const ignore = () => undefined;

/**
 * A table over a server-side result set: paging, sorting and filtering state is
 * controlled by the caller, who fetches the matching page (and its total) from
 * the server. It never assumes it holds every row.
 */
export function DataTable<TData extends RowData>(props: ServerDataTableProps<TData>) {
  const table = useTable({
    features: DATA_TABLE_FEATURES,
    columns: props.columns,
    data: props.data,
    getRowId: props.getRowId ? (row: TData) => props.getRowId!(row) : undefined,
    defaultColumn: DEFAULT_COLUMN,
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
    rowCount: props.rowCount,
    state: { pagination: props.pagination, sorting: props.sorting ?? NO_SORTING, columnFilters: props.columnFilters ?? NO_FILTERS },
    onPaginationChange: props.onPaginationChange,
    onSortingChange: props.onSortingChange ?? ignore,
    onColumnFiltersChange: props.onColumnFiltersChange ?? ignore,
    // The caller decides when a new query starts on page one (the URL-state hook does it on sort and filter changes).
    autoResetPageIndex: false,
  });
  return <DataTableView table={table} {...props} paginated pageSizeOptions={props.pageSizeOptions ?? DEFAULT_PAGE_SIZES} />;
}

export interface ClientDataTableProps<TData extends RowData> extends CommonProps<TData> {
  /** Rows per page; omit to show every row (for short lists such as members). */
  pageSize?: number;
  initialSorting?: SortingState;
}

/** A table that holds all its rows in the browser (small lists): sorting, filtering and paging happen here. */
export function ClientDataTable<TData extends RowData>(props: ClientDataTableProps<TData>) {
  const [sorting, setSorting] = useState<SortingState>(props.initialSorting ?? NO_SORTING);
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>(NO_FILTERS);
  const [pagination, setPagination] = useState<PaginationState>({ pageIndex: 0, pageSize: props.pageSize ?? Number.MAX_SAFE_INTEGER });
  const table = useTable({
    features: DATA_TABLE_FEATURES,
    columns: props.columns,
    data: props.data,
    getRowId: props.getRowId ? (row: TData) => props.getRowId!(row) : undefined,
    defaultColumn: DEFAULT_COLUMN,
    state: { pagination, sorting, columnFilters },
    onPaginationChange: setPagination,
    onSortingChange: setSorting,
    onColumnFiltersChange: setColumnFilters,
  });
  return <DataTableView table={table} {...props} paginated={props.pageSize !== undefined} pageSizeOptions={[]} />;
}

type AnyTable<TData extends RowData> = ReactTable<DataTableFeatures, TData>;

function DataTableView<TData extends RowData>({
  table,
  label,
  getRowHref,
  rowTestId,
  empty,
  loading,
  filters,
  toolbar,
  className,
  paginated,
  pageSizeOptions,
}: CommonProps<TData> & { table: AnyTable<TData>; paginated: boolean; pageSizeOptions: readonly number[] }) {
  const router = useRouter();
  const rows = table.getRowModel().rows;
  const columnCount = table.getAllLeafColumns().length;
  const firstColumnId = table.getAllLeafColumns()[0]?.id;
  const openRow = (event: MouseEvent<HTMLTableRowElement>, href: string) => {
    // Clicks on the row's own controls (links, buttons, inputs) do their own thing.
    if ((event.target as HTMLElement).closest("a,button,input,select,textarea,label,[role=combobox],[role=switch],[role=checkbox]")) return;
    if (event.metaKey || event.ctrlKey) window.open(href, "_blank", "noopener");
    else router.push(href);
  };
  const hasToolbar = (filters && filters.length > 0) || toolbar;

  return (
    <div data-slot="data-table" className={cn("grid min-w-0 grid-cols-1 gap-3", className)}>
      {hasToolbar && (
        <div className="flex flex-wrap items-end gap-2">
          {filters?.map((f) => (
            <ColumnFilterInput key={f.columnId} table={table} columnId={f.columnId} label={f.label} placeholder={f.placeholder} />
          ))}
          {toolbar}
        </div>
      )}
      {rows.length === 0 && !loading ? (
        (empty ?? <EmptyState title="Nothing to show" description="No rows match." />)
      ) : (
        <div className={cn("rounded-lg border bg-card", loading && rows.length > 0 && "opacity-60 transition-opacity")} aria-busy={loading || undefined}>
          <Table aria-label={label}>
            <TableHeader>
              {table.getHeaderGroups().map((group) => (
                <TableRow key={group.id} className="hover:bg-transparent">
                  {group.headers.map((header) => {
                    const sorted = header.column.getIsSorted();
                    const canSort = header.column.getCanSort();
                    return (
                      <TableHead
                        key={header.id}
                        colSpan={header.colSpan}
                        aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : canSort ? "none" : undefined}
                      >
                        {header.isPlaceholder ? null : canSort ? (
                          <button
                            type="button"
                            className="-mx-1 inline-flex cursor-pointer items-center gap-1 rounded px-1 uppercase hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
                            onClick={header.column.getToggleSortingHandler()}
                          >
                            <table.FlexRender header={header} />
                            {sorted === "asc" ? (
                              <ArrowUp aria-hidden className="size-3.5" />
                            ) : sorted === "desc" ? (
                              <ArrowDown aria-hidden className="size-3.5" />
                            ) : (
                              <ArrowUpDown aria-hidden className="size-3.5 opacity-50" />
                            )}
                          </button>
                        ) : (
                          <table.FlexRender header={header} />
                        )}
                      </TableHead>
                    );
                  })}
                </TableRow>
              ))}
            </TableHeader>
            <TableBody>
              {rows.length === 0
                ? Array.from({ length: 3 }, (_, i) => (
                    <TableRow key={`skeleton-${i}`}>
                      {Array.from({ length: columnCount }, (_, j) => (
                        <TableCell key={j}>
                          <Skeleton className="h-4 w-full max-w-32" />
                        </TableCell>
                      ))}
                    </TableRow>
                  ))
                : rows.map((row) => (
                    <DataTableRow key={row.id} table={table} row={row} href={getRowHref?.(row.original)} testId={rowTestId} firstColumnId={firstColumnId} onOpen={openRow} />
                  ))}
            </TableBody>
          </Table>
        </div>
      )}
      {paginated && <DataTablePagination table={table} pageSizeOptions={pageSizeOptions} />}
    </div>
  );
}

function DataTableRow<TData extends RowData>({
  table,
  row,
  href,
  testId,
  firstColumnId,
  onOpen,
}: {
  table: AnyTable<TData>;
  row: Row<DataTableFeatures, TData>;
  href: string | undefined;
  testId: string | undefined;
  firstColumnId: string | undefined;
  onOpen: (event: MouseEvent<HTMLTableRowElement>, href: string) => void;
}) {
  return (
    <TableRow data-testid={testId} className={cn("hover:bg-muted/50", href && "cursor-pointer")} onClick={href ? (e) => onOpen(e, href) : undefined}>
      {row.getAllCells().map((cell) => (
        <TableCell key={cell.id}>
          {href && cell.column.id === firstColumnId ? (
            <Link href={href} className="font-medium text-primary hover:underline">
              <table.FlexRender cell={cell} />
            </Link>
          ) : (
            <table.FlexRender cell={cell} />
          )}
        </TableCell>
      ))}
    </TableRow>
  );
}

/** A debounced text filter on one column. */
function ColumnFilterInput<TData extends RowData>({ table, columnId, label, placeholder }: { table: AnyTable<TData>; columnId: string; label: string; placeholder?: string }) {
  const column = table.getColumn(columnId);
  const current = (column?.getFilterValue() as string | undefined) ?? "";
  const [text, setText] = useState(current);
  // The filter can also change from outside (back button, a reset): follow it.
  const [applied, setApplied] = useState(current);
  if (current !== applied) {
    setApplied(current);
    setText(current);
  }
  useEffect(() => {
    if (text === current) return;
    // Going back to page one is the state owner's job (useDataTableUrlState does it; a client table resets itself).
    const timer = setTimeout(() => column?.setFilterValue(text || undefined), 300);
    return () => clearTimeout(timer);
  }, [text, current, column]);
  const id = `${useId()}-filter-${columnId}`;
  return (
    <div className="grid w-full gap-1 sm:w-56">
      <label htmlFor={id} className="text-xs font-medium text-muted-foreground">
        {label}
      </label>
      <Input id={id} type="search" value={text} placeholder={placeholder} onChange={(e) => setText(e.target.value)} className="h-8" />
    </div>
  );
}

function DataTablePagination<TData extends RowData>({ table, pageSizeOptions }: { table: AnyTable<TData>; pageSizeOptions: readonly number[] }) {
  const { pageIndex, pageSize } = table.state.pagination;
  const total = table.getRowCount();
  const pageCount = Math.max(1, table.getPageCount());
  const from = total === 0 ? 0 : pageIndex * pageSize + 1;
  const to = Math.min(total, (pageIndex + 1) * pageSize);
  const fmt = (n: number) => n.toLocaleString("en-US");
  const sizeLabelId = `${useId()}-page-size`;
  return (
    <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 text-sm text-muted-foreground">
      <p aria-live="polite">
        {fmt(from)}–{fmt(to)} of {fmt(total)}
      </p>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        {pageSizeOptions.length > 1 && (
          <div className="flex items-center gap-2 whitespace-nowrap">
            <span id={sizeLabelId}>Rows per page</span>
            <Select value={String(pageSize)} onValueChange={(v) => table.setPagination({ pageIndex: 0, pageSize: Number(v) })}>
              <SelectTrigger size="sm" className="w-20" aria-labelledby={sizeLabelId}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {pageSizeOptions.map((n) => (
                  <SelectItem key={n} value={String(n)}>
                    {n}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
        )}
        <div className="flex items-center gap-2 whitespace-nowrap">
          <span>
            Page {fmt(pageIndex + 1)} of {fmt(pageCount)}
          </span>
          <Button variant="outline" size="icon-sm" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()} aria-label="Previous page">
            <ChevronLeft aria-hidden />
          </Button>
          <Button variant="outline" size="icon-sm" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()} aria-label="Next page">
            <ChevronRight aria-hidden />
          </Button>
        </div>
      </div>
    </div>
  );
}
