"use client";

import { Boxes, X } from "lucide-react";
import { useCallback, useMemo } from "react";
import { formatDateTime } from "@/components/orders/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { DataTableColumns } from "@/components/ui/data-table";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterSearch, FilterSelect } from "@/components/ui/filter-controls";
import { useDataTableUrlState } from "@/components/ui/use-data-table-url-state";
import type { InventoryRow } from "@/lib/inventory/queries";
import { INVENTORY_TABLE_PARAMS } from "./inventory-list-params";
import { QuantityCell } from "./quantity-cell";
import { SkuText } from "./sku-text";

const SOURCE: Record<string, { label: string; variant: "secondary" | "outline" }> = {
  acumatica: { label: "Acumatica", variant: "outline" },
  edit: { label: "Edited here", variant: "secondary" },
  csv: { label: "CSV import", variant: "secondary" },
};

const when = (d: Date | null) => (d ? <span className="whitespace-nowrap">{formatDateTime(d)}</span> : <span className="text-muted-foreground">never</span>);

/** SKU × location levels, a page at a time from the server; quantities editable in push mode. */
export function InventoryTable({ rows, rowCount, locations, editable }: { rows: InventoryRow[]; rowCount: number; locations: Array<{ id: string; code: string }>; editable: boolean }) {
  const state = useDataTableUrlState(INVENTORY_TABLE_PARAMS);
  const { columnFilters, onColumnFiltersChange } = state;
  const get = (id: string) => columnFilters.find((f) => f.id === id)?.value as string | undefined;
  const set = useCallback(
    (id: string) => (value: string | undefined) => onColumnFiltersChange((prev) => [...prev.filter((f) => f.id !== id), ...(value ? [{ id, value }] : [])]),
    [onColumnFiltersChange],
  );
  const setSku = useCallback((v: string | undefined) => set("sku")(v), [set]);
  const filtered = columnFilters.length > 0;
  const columns = useMemo<DataTableColumns<InventoryRow>>(
    () => [
      { id: "sku", header: "SKU", cell: ({ row }) => <SkuText sku={row.original.sku} /> },
      { id: "location", header: "Location", cell: ({ row }) => <span className="font-mono text-[0.8125rem]">{row.original.locationCode}</span> },
      {
        id: "available",
        header: "Available",
        cell: ({ row }) => (
          <QuantityCell
            productId={row.original.productId}
            locationId={row.original.locationId}
            sku={row.original.sku}
            location={row.original.locationCode}
            value={row.original.available}
            editable={editable}
          />
        ),
      },
      { id: "onHand", header: "On hand", cell: ({ row }) => <span className="tabular-nums">{row.original.onHand}</span> },
      { id: "name", header: "Product", cell: ({ row }) => <span className="block min-w-[8rem]">{row.original.name}</span> },
      {
        id: "source",
        header: "Source",
        cell: ({ row }) => {
          const s = SOURCE[row.original.source];
          return <Badge variant={s?.variant ?? "outline"}>{s?.label ?? row.original.source}</Badge>;
        },
      },
      { id: "updatedAt", header: "Last updated", cell: ({ row }) => when(row.original.updatedAt) },
      { id: "toTiktok", header: "To TikTok Shop", cell: ({ row }) => when(row.original.pushedToTiktokAt) },
      { id: "toErp", header: "To Acumatica", cell: ({ row }) => when(row.original.pushedToErpAt) },
    ],
    [editable],
  );
  return (
    <DataTable
      label="Inventory"
      columns={columns}
      data={rows}
      rowCount={rowCount}
      getRowId={(r) => `${r.productId}:${r.locationId}`}
      rowTestId="inventory-row"
      {...state}
      toolbar={
        <>
          <FilterSearch label="SKU starts with" placeholder="e.g. CAP- (exact case)" value={get("sku")} onChange={setSku} />
          <FilterSelect label="Location" anyLabel="All locations" value={get("location")} onChange={set("location")} options={locations.map((l) => ({ value: l.id, label: l.code }))} />
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
          <EmptyState icon={Boxes} title="No level matches." description="The SKU search matches the start of a SKU, case included. Clear the filters to see every level." />
        ) : (
          <EmptyState
            icon={Boxes}
            title="No inventory yet."
            description="Levels come from Acumatica with Pull inventory updates from Acumatica, or are entered here (Import CSV) with Push inventory updates to Acumatica."
          />
        )
      }
    />
  );
}
