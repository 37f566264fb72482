"use client";

import { Warehouse } from "lucide-react";
import { formatDateTime } from "@/components/orders/format";
import { Badge } from "@/components/ui/badge";
import type { DataTableColumns } from "@/components/ui/data-table";
import { ClientDataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import type { LocationRow } from "@/lib/locations/queries";

const COLUMNS: DataTableColumns<LocationRow> = [
  { id: "code", header: "Code", cell: ({ row }) => <span className="font-mono text-[0.8125rem] whitespace-pre">{row.original.code}</span> },
  { id: "name", header: "Name", cell: ({ row }) => <span className="block min-w-[8rem]">{row.original.name}</span> },
  { id: "active", header: "Status", cell: ({ row }) => (row.original.active ? <Badge variant="success">Active</Badge> : <Badge variant="outline">Inactive</Badge>) },
  { id: "source", header: "Source", cell: ({ row }) => (row.original.source === "acumatica" ? "Acumatica" : "Added here") },
  { id: "levels", header: "Inventory levels", cell: ({ row }) => <span className="tabular-nums">{row.original.levels}</span> },
  {
    id: "erpSyncedAt",
    header: "Last synced",
    cell: ({ row }) => (row.original.erpSyncedAt ? <span className="whitespace-nowrap">{formatDateTime(row.original.erpSyncedAt)}</span> : <span className="text-muted-foreground">never</span>),
  },
];

/** The hub's locations (warehouses), code order. */
export function LocationsTable({ rows }: { rows: LocationRow[] }) {
  return (
    <ClientDataTable
      label="Locations"
      columns={COLUMNS}
      data={rows}
      getRowId={(r) => r.id}
      rowTestId="location-row"
      empty={
        <EmptyState
          icon={Warehouse}
          title="No locations yet."
          description="Locations come from Acumatica's warehouses with Pull locations from Acumatica, or are added here with Push locations to Acumatica."
        />
      }
    />
  );
}
