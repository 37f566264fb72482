"use client";

import { PackageCheck, X } from "lucide-react";
import Link from "next/link";
import { useCallback } from "react";
import { formatDateTime } from "@/components/orders/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { DataTableColumns } from "@/components/ui/data-table";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterSearch, FilterSelect } from "@/components/ui/filter-controls";
import { useDataTableUrlState } from "@/components/ui/use-data-table-url-state";
import type { FulfillmentStatus } from "@/lib/db/schema";
import { FULFILLMENT_TABLE_PARAMS } from "./fulfillment-list-params";

export interface FulfillmentTableRow {
  id: string;
  orderId: string;
  orderExternalId: string;
  shopName: string;
  shipmentNbr: string;
  packageKey: string;
  trackingNumber: string;
  carrier: string | null;
  status: FulfillmentStatus;
  tiktokPackageId: string | null;
  /** ISO times. */
  pushedAt: string | null;
  createdAt: string;
  lastError: string | null;
}

export const FULFILLMENT_STATUS_LABELS: Record<FulfillmentStatus, string> = { pending: "Pending", pushed: "Pushed", failed: "Failed", skipped: "Skipped" };
const VARIANT: Record<FulfillmentStatus, "secondary" | "success" | "destructive" | "outline"> = { pending: "secondary", pushed: "success", failed: "destructive", skipped: "outline" };

const COLUMNS: DataTableColumns<FulfillmentTableRow> = [
  {
    id: "order",
    header: "TikTok order",
    cell: ({ row }) => (
      <Link href={`/orders/${row.original.orderId}`} className="font-mono text-[0.8125rem] text-primary hover:underline" data-testid="fulfillment-order-link">
        {row.original.orderExternalId}
      </Link>
    ),
  },
  { id: "shop", header: "Shop", cell: ({ row }) => <span className="block min-w-[6rem]">{row.original.shopName}</span> },
  {
    id: "status",
    header: "Status",
    cell: ({ row }) => <Badge variant={VARIANT[row.original.status]}>{FULFILLMENT_STATUS_LABELS[row.original.status]}</Badge>,
  },
  { id: "tracking", header: "Tracking number", cell: ({ row }) => <span className="font-mono text-[0.8125rem] whitespace-nowrap">{row.original.trackingNumber}</span> },
  { id: "carrier", header: "Carrier", cell: ({ row }) => row.original.carrier ?? <span className="text-muted-foreground">—</span> },
  {
    id: "shipment",
    header: "Acumatica shipment",
    cell: ({ row }) => (
      <span className="font-mono text-[0.8125rem] whitespace-nowrap">
        {row.original.shipmentNbr} · pkg {row.original.packageKey}
      </span>
    ),
  },
  {
    id: "package",
    header: "TikTok package",
    cell: ({ row }) => (row.original.tiktokPackageId ? <span className="font-mono text-[0.8125rem]">{row.original.tiktokPackageId}</span> : <span className="text-muted-foreground">—</span>),
  },
  { id: "pushedAt", header: "Pushed", cell: ({ row }) => <span className="whitespace-nowrap tabular-nums">{formatDateTime(row.original.pushedAt)}</span> },
  {
    id: "lastError",
    header: "Last error",
    cell: ({ row }) => (row.original.lastError ? <span className="block max-w-[24rem] text-sm text-destructive">{row.original.lastError}</span> : <span className="text-muted-foreground">—</span>),
  },
];

const STATUS_OPTIONS = (Object.keys(FULFILLMENT_STATUS_LABELS) as FulfillmentStatus[]).map((value) => ({ value, label: FULFILLMENT_STATUS_LABELS[value] }));

/** The Fulfillments screen's table: a page at a time from the server, filters in the URL; a row opens its order. */
export function FulfillmentsTable({ rows, rowCount }: { rows: FulfillmentTableRow[]; rowCount: number }) {
  const state = useDataTableUrlState(FULFILLMENT_TABLE_PARAMS);
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
      label="Fulfillments"
      columns={COLUMNS}
      data={rows}
      rowCount={rowCount}
      getRowId={(r) => r.id}
      getRowHref={(r) => `/orders/${r.orderId}`}
      rowTestId="fulfillment-row"
      {...state}
      toolbar={
        <>
          <FilterSearch label="Search" placeholder="Tracking number or TikTok order id" value={get("q")} onChange={setQuery} />
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
          <EmptyState icon={PackageCheck} title="No fulfillment matches these filters." description="Change or clear the filters to see more." />
        ) : (
          <EmptyState
            icon={PackageCheck}
            title="No fulfillments yet."
            description="Each package of a confirmed Acumatica shipment of an OrderBridge sales order appears here with its tracking number, and is sent to TikTok Shop."
          />
        )
      }
    />
  );
}
