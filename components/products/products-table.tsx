"use client";

import { CornerDownRight, Package, X } from "lucide-react";
import { useCallback } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { DataTableColumns } from "@/components/ui/data-table";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterSearch, FilterSelect } from "@/components/ui/filter-controls";
import { useDataTableUrlState } from "@/components/ui/use-data-table-url-state";
import type { ProductRow } from "@/lib/products/queries";
import { PRODUCT_TABLE_PARAMS } from "./product-list-params";

const COLUMNS: DataTableColumns<ProductRow> = [
  {
    id: "sku",
    header: "Master SKU",
    cell: ({ row }) => (
      <span className={row.original.nested ? "flex items-center gap-1 pl-4" : undefined}>
        {row.original.nested && <CornerDownRight aria-label="variant of the product above" className="size-3.5 shrink-0 text-muted-foreground" />}
        <span className="font-mono text-[0.8125rem] whitespace-pre">{row.original.sku}</span>
      </span>
    ),
  },
  { id: "name", header: "Name", cell: ({ row }) => <span className="block min-w-[10rem]">{row.original.name}</span> },
  {
    id: "status",
    header: "Status",
    cell: ({ row }) => (row.original.active ? <Badge variant="success">Active</Badge> : <Badge variant="outline">Inactive</Badge>),
  },
  {
    id: "kind",
    header: "Kind",
    cell: ({ row }) =>
      row.original.children > 0 || row.original.isTemplate ? (
        <Badge variant="secondary">Parent · {row.original.children} variants</Badge>
      ) : row.original.parentId ? (
        <Badge variant="outline">Variant</Badge>
      ) : (
        <span className="text-muted-foreground">Product</span>
      ),
  },
  {
    id: "stock",
    header: "Stock (available)",
    cell: ({ row }) =>
      row.original.stock.length ? (
        <ul className="grid gap-0.5 text-[0.8125rem] whitespace-nowrap tabular-nums" aria-label={`Stock of ${row.original.sku} per location`}>
          {row.original.stock.map((s) => (
            <li key={s.location}>
              <span className="font-mono">{s.location}</span> {s.available}
            </li>
          ))}
        </ul>
      ) : (
        <span className="text-muted-foreground">—</span>
      ),
  },
  { id: "source", header: "Source", cell: ({ row }) => (row.original.source === "acumatica" ? "Acumatica" : "Added here") },
  {
    id: "acumaticaSku",
    header: "Acumatica Channel SKU",
    cell: ({ row }) =>
      row.original.children > 0 ? (
        <span className="text-muted-foreground">on its variants</span>
      ) : row.original.acumaticaSku ? (
        <span className="font-mono text-[0.8125rem]">{row.original.acumaticaSku}</span>
      ) : (
        <span className="text-muted-foreground">master SKU</span>
      ),
  },
];

const STATUS_OPTIONS = [
  { value: "active", label: "Active" },
  { value: "inactive", label: "Inactive" },
];

/** The catalog, a page at a time from the server; without a search each parent is followed by its variants. */
export function ProductsTable({ rows, rowCount }: { rows: ProductRow[]; rowCount: number }) {
  const state = useDataTableUrlState(PRODUCT_TABLE_PARAMS);
  const { columnFilters, onColumnFiltersChange } = state;
  const get = (id: string) => columnFilters.find((f) => f.id === id)?.value as string | undefined;
  const set = useCallback(
    (id: string) => (value: string | undefined) => onColumnFiltersChange((prev) => [...prev.filter((f) => f.id !== id), ...(value ? [{ id, value }] : [])]),
    [onColumnFiltersChange],
  );
  const setQuery = useCallback((v: string | undefined) => set("q")(v), [set]);
  const filtered = columnFilters.length > 0;
  return (
    <DataTable
      label="Products"
      columns={COLUMNS}
      data={rows}
      rowCount={rowCount}
      getRowId={(r) => r.id}
      getRowHref={(r) => `/products/${r.id}`}
      rowTestId="product-row"
      {...state}
      toolbar={
        <>
          <FilterSearch label="Search" placeholder="SKU or name" value={get("q")} onChange={setQuery} />
          <FilterSelect label="Status" anyLabel="Any status" value={get("status")} onChange={set("status")} options={STATUS_OPTIONS} />
          {filtered && (
            <Button variant="ghost" size="sm" onClick={() => onColumnFiltersChange([])}>
              <X aria-hidden />
              Clear filters
            </Button>
          )}
        </>
      }
      empty={
        filtered ? (
          <EmptyState icon={Package} title="No product matches." description="Search by part of the SKU or the name, or clear the filters." />
        ) : (
          <EmptyState
            icon={Package}
            title="No products yet."
            description="Products come from Acumatica's item master once Pull product catalog information from Acumatica is on, or are added here when you map a TikTok SKU."
          />
        )
      }
    />
  );
}
