"use client";

import { ShoppingCart, X } from "lucide-react";
import { useCallback } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { DataTableColumns } from "@/components/ui/data-table";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterDate, FilterSearch, FilterSelect } from "@/components/ui/filter-controls";
import { useDataTableUrlState } from "@/components/ui/use-data-table-url-state";
import type { OrderStatus } from "@/lib/db/schema";
import { ERP_STATE_LABELS, formatDateTime, formatMoney, ORDER_STATUS_LABELS, ORDER_STATUS_VARIANT } from "./format";
import { ORDER_TABLE_PARAMS } from "./order-list-params";

export interface OrderTableRow {
  id: string;
  externalId: string;
  shopName: string;
  status: OrderStatus;
  channelStatus: string;
  total: string;
  currency: string;
  /** ISO time. */
  createdAt: string;
  erp: { state: string; orderType: string | null; orderNbr: string | null } | null;
  openExceptions: number;
}

const COLUMNS: DataTableColumns<OrderTableRow> = [
  { id: "externalId", accessorKey: "externalId", header: "TikTok order", cell: ({ row }) => <span className="font-mono text-[0.8125rem]">{row.original.externalId}</span> },
  { accessorKey: "shopName", header: "Shop", cell: ({ row }) => <span className="block min-w-[6rem]">{row.original.shopName}</span> },
  { id: "createdAt", accessorKey: "createdAt", header: "Created", enableSorting: true, cell: ({ row }) => <span className="whitespace-nowrap tabular-nums">{formatDateTime(row.original.createdAt)}</span> },
  {
    id: "status",
    accessorKey: "status",
    header: "Status",
    enableSorting: true,
    cell: ({ row }) => <Badge variant={ORDER_STATUS_VARIANT[row.original.status]}>{ORDER_STATUS_LABELS[row.original.status]}</Badge>,
  },
  {
    id: "total",
    accessorKey: "total",
    header: "Total",
    enableSorting: true,
    cell: ({ row }) => <span className="whitespace-nowrap tabular-nums">{formatMoney(row.original.total, row.original.currency)}</span>,
  },
  {
    id: "erp",
    header: "Acumatica order",
    cell: ({ row }) => {
      const erp = row.original.erp;
      if (erp?.state === "created") return <span className="font-mono text-[0.8125rem] whitespace-nowrap">{`${erp.orderType} ${erp.orderNbr}`}</span>;
      return <span className="whitespace-nowrap text-muted-foreground">{erp ? (ERP_STATE_LABELS[erp.state] ?? erp.state) : "Not sent"}</span>;
    },
  },
  {
    id: "openExceptions",
    header: "Exceptions",
    cell: ({ row }) =>
      row.original.openExceptions > 0 ? (
        <Badge variant="destructive">{row.original.openExceptions} open</Badge>
      ) : (
        <span className="text-muted-foreground">
          <span aria-hidden>—</span>
          <span className="sr-only">none</span>
        </span>
      ),
  },
];

const STATUS_OPTIONS = Object.entries(ORDER_STATUS_LABELS).map(([value, label]) => ({ value, label }));

/** The Orders screen's table: one page at a time from the server, every filter and the sort kept in the URL. */
export function OrdersTable({ rows, rowCount, shops }: { rows: OrderTableRow[]; rowCount: number; shops: Array<{ id: string; name: string }> }) {
  const state = useDataTableUrlState(ORDER_TABLE_PARAMS);
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
      label="Orders"
      columns={COLUMNS}
      data={rows}
      rowCount={rowCount}
      getRowId={(r) => r.id}
      getRowHref={(r) => `/orders/${r.id}`}
      rowTestId="order-row"
      {...state}
      toolbar={
        <>
          <FilterSearch label="Search" placeholder="TikTok order id or Acumatica order number" value={get("q")} onChange={setQuery} />
          <FilterSelect label="Status" anyLabel="Any status" value={get("status")} onChange={set("status")} options={STATUS_OPTIONS} />
          <FilterSelect label="Shop" anyLabel="Any shop" value={get("shop")} onChange={set("shop")} options={shops.map((s) => ({ value: s.id, label: s.name }))} />
          <FilterDate label="Created from" value={get("from")} onChange={set("from")} />
          <FilterDate label="Created to" value={get("to")} onChange={set("to")} />
          <FilterSelect
            label="Exceptions"
            anyLabel="Any"
            value={get("exception")}
            onChange={set("exception")}
            options={[
              { value: "yes", label: "With open exceptions" },
              { value: "no", label: "Without exceptions" },
            ]}
          />
          <FilterSelect
            label="In Acumatica"
            anyLabel="Any"
            value={get("pushed")}
            onChange={set("pushed")}
            options={[
              { value: "yes", label: "Pushed" },
              { value: "no", label: "Not pushed" },
            ]}
          />
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
          <EmptyState icon={ShoppingCart} title="No orders match these filters." description="Change or clear the filters to see more." />
        ) : (
          <EmptyState
            icon={ShoppingCart}
            title="No orders yet."
            description="TikTok Shop orders appear here within seconds of being placed, once a shop is connected under Connectors → TikTok Shop."
          />
        )
      }
    />
  );
}
