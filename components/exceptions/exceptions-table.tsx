"use client";

import { CheckCircle2, History } from "lucide-react";
import Link from "next/link";
import { useMemo } from "react";
import { Badge } from "@/components/ui/badge";
import type { DataTableColumns } from "@/components/ui/data-table";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterSelect } from "@/components/ui/filter-controls";
import { useDataTableUrlState } from "@/components/ui/use-data-table-url-state";
import { formatDateTime } from "@/components/orders/format";
import { DismissExceptionButton, RetryExceptionButton } from "./exception-actions";
import { EXCEPTION_TABLE_PARAMS } from "./exception-list-params";

export interface ExceptionTableRow {
  id: string;
  cause: string;
  title: string;
  message: string;
  fixPath: string;
  fixLabel: string;
  status: string;
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
  closedAt: string | null;
  resolution: string | null;
  /** Who dismissed it (e-mail), when it was dismissed by a person. */
  closedBy: string | null;
  orderId: string | null;
  orderExternalId: string | null;
}

const when = (iso: string | null) => <span className="whitespace-nowrap tabular-nums">{formatDateTime(iso)}</span>;

function ExceptionCell({ row, withFix }: { row: ExceptionTableRow; withFix: boolean }) {
  return (
    <div className="grid max-w-xl min-w-[16rem] gap-1 whitespace-normal">
      <Badge variant={row.status === "open" ? "destructive" : "secondary"}>{row.title}</Badge>
      <span className="text-sm [overflow-wrap:anywhere]">{row.message}</span>
      {withFix && (
        <Link href={row.fixPath} data-testid="exception-fix" className="w-fit text-sm font-medium text-primary hover:underline">
          {row.fixLabel} →
        </Link>
      )}
    </div>
  );
}

function OrderCell({ row }: { row: ExceptionTableRow }) {
  if (!row.orderId) return <span className="text-muted-foreground">—</span>;
  return (
    <Link href={`/orders/${row.orderId}`} className="font-mono text-[0.8125rem] text-primary hover:underline">
      {row.orderExternalId ?? "Order"}
    </Link>
  );
}

/** Open exceptions (with their fix, Retry and Dismiss) or the closed history, one page at a time from the server. */
export function ExceptionsTable({
  tab,
  rows,
  rowCount,
  causes,
  canEdit,
}: {
  tab: "open" | "closed";
  rows: ExceptionTableRow[];
  rowCount: number;
  causes: Array<{ value: string; label: string }>;
  canEdit: boolean;
}) {
  const state = useDataTableUrlState(EXCEPTION_TABLE_PARAMS);
  const columns = useMemo<DataTableColumns<ExceptionTableRow>>(() => {
    if (tab === "closed") {
      return [
        { id: "exception", header: "Exception", cell: ({ row }) => <ExceptionCell row={row.original} withFix={false} /> },
        { id: "order", header: "Order", cell: ({ row }) => <OrderCell row={row.original} /> },
        {
          id: "resolution",
          header: "How it closed",
          cell: ({ row }) => <span className="block min-w-[12rem] text-sm [overflow-wrap:anywhere]">{row.original.resolution ?? (row.original.status === "dismissed" ? "Dismissed" : "Closed")}</span>,
        },
        { id: "closedAt", header: "When", cell: ({ row }) => when(row.original.closedAt) },
        {
          id: "closedBy",
          header: "By",
          cell: ({ row }) =>
            row.original.status === "dismissed" ? (
              <span className="whitespace-nowrap">{row.original.closedBy ?? "a former member"}</span>
            ) : (
              <span className="whitespace-nowrap text-muted-foreground">OrderBridge</span>
            ),
        },
      ];
    }
    const cols: DataTableColumns<ExceptionTableRow> = [
      { id: "exception", header: "Exception and fix", cell: ({ row }) => <ExceptionCell row={row.original} withFix /> },
      { id: "order", header: "Order", cell: ({ row }) => <OrderCell row={row.original} /> },
      {
        id: "seen",
        header: "Seen",
        cell: ({ row }) => (
          <div className="grid gap-0.5 text-sm whitespace-nowrap">
            <span className="tabular-nums">{row.original.occurrences === 1 ? "once" : `${row.original.occurrences} times`}</span>
            <span className="text-xs text-muted-foreground">first {formatDateTime(row.original.firstSeenAt)}</span>
            <span className="text-xs text-muted-foreground">last {formatDateTime(row.original.lastSeenAt)}</span>
          </div>
        ),
      },
    ];
    if (canEdit) {
      cols.push({
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        cell: ({ row }) => (
          <div className="flex flex-wrap justify-end gap-1">
            <RetryExceptionButton id={row.original.id} />
            <DismissExceptionButton id={row.original.id} title={row.original.title} />
          </div>
        ),
      });
    }
    return cols;
  }, [tab, canEdit]);
  const cause = state.columnFilters.find((f) => f.id === "cause")?.value as string | undefined;
  return (
    <DataTable
      label={tab === "open" ? "Open exceptions" : "Closed exceptions"}
      columns={columns}
      data={rows}
      rowCount={rowCount}
      getRowId={(r) => r.id}
      rowTestId="exception-row"
      {...state}
      toolbar={
        <FilterSelect
          label="Cause"
          anyLabel="Every cause"
          className="grid w-full gap-1 sm:w-72"
          value={cause}
          onChange={(v) => state.onColumnFiltersChange(v ? [{ id: "cause", value: v }] : [])}
          options={causes}
        />
      }
      empty={
        tab === "open" ? (
          <EmptyState icon={CheckCircle2} title={cause ? "No open exception of this cause." : "No open exceptions."} description="Everything that needed a person has been dealt with." />
        ) : (
          <EmptyState icon={History} title="No closed exceptions yet." description="Exceptions land here once they are fixed, superseded or dismissed." />
        )
      }
    />
  );
}
