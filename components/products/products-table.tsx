"use client";

import { Package } from "lucide-react";
import { useCallback } from "react";
import { Badge } from "@/components/ui/badge";
import type { DataTableColumns } from "@/components/ui/data-table";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterSearch } from "@/components/ui/filter-controls";
import { useDataTableUrlState } from "@/components/ui/use-data-table-url-state";
import type { ProductRow } from "@/lib/products/queries";
import { PRODUCT_TABLE_PARAMS } from "./product-list-params";

const COLUMNS: DataTableColumns<ProductRow> = [
  { id: "sku", header: "SKU", cell: ({ row }) => <span className="font-mono text-[0.8125rem] whitespace-pre">{row.original.sku}</span> },
  { id: "name", header: "Name", cell: ({ row }) => <span className="block min-w-[10rem]">{row.original.name}</span> },
  {
    id: "kind",
    header: "Kind",
    cell: ({ row }) =>
      row.original.children > 0 ? (
        <Badge variant="secondary">Parent · {row.original.children} variants</Badge>
      ) : row.original.parentId ? (
        <Badge variant="outline">Variant</Badge>
      ) : (
        <span className="text-muted-foreground">Product</span>
      ),
  },
  { id: "source", header: "Source", cell: ({ row }) => (row.original.source === "acumatica" ? "Acumatica" : "Added here") },
  {
    id: "acumaticaSku",
    header: "Acumatica Channel SKU",
    cell: ({ row }) => (row.original.acumaticaSku ? <span className="font-mono text-[0.8125rem]">{row.original.acumaticaSku}</span> : <span className="text-muted-foreground">master SKU</span>),
  },
];

export function ProductsTable({ rows, rowCount }: { rows: ProductRow[]; rowCount: number }) {
  const state = useDataTableUrlState(PRODUCT_TABLE_PARAMS);
  const { onColumnFiltersChange } = state;
  const q = state.columnFilters.find((f) => f.id === "q")?.value as string | undefined;
  const setQ = useCallback((v: string | undefined) => onColumnFiltersChange(v ? [{ id: "q", value: v }] : []), [onColumnFiltersChange]);
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
      toolbar={<FilterSearch label="Search" placeholder="SKU or name" value={q} onChange={setQ} />}
      empty={
        q ? (
          <EmptyState icon={Package} title="No product matches." description="Search by part of the SKU or the name." />
        ) : (
          <EmptyState icon={Package} title="No products yet." description="Products come from Acumatica's item master, or are added here when you map a TikTok SKU." />
        )
      }
    />
  );
}
