"use client";

import { Webhook } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { DataTableColumns } from "@/components/ui/data-table";
import { ClientDataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import type { WebhookEventRow } from "@/lib/webhooks/hooks";
import { useTikTokWebhookEvents } from "@/lib/webhooks/hooks";

const STATUS_VARIANT: Record<string, "success" | "destructive" | "secondary" | "warning"> = {
  processed: "success",
  failed: "destructive",
  ignored: "secondary",
  queued: "warning",
};

const COLUMNS: DataTableColumns<WebhookEventRow> = [
  {
    accessorKey: "receivedAt",
    header: "Received",
    enableSorting: true,
    cell: ({ row }) => <span className="whitespace-nowrap tabular-nums">{row.original.receivedAt.replace("T", " ").slice(0, 19)}</span>,
  },
  { accessorKey: "topic", header: "Topic", enableSorting: true, cell: ({ row }) => <span className="font-mono text-xs">{row.original.topic}</span> },
  { accessorKey: "shopId", header: "Shop", cell: ({ row }) => <span className="tabular-nums">{row.original.shopId}</span> },
  {
    accessorKey: "status",
    header: "Status",
    enableSorting: true,
    cell: ({ row }) => <Badge variant={STATUS_VARIANT[row.original.status] ?? "secondary"}>{row.original.status}</Badge>,
  },
  { accessorKey: "statusMessage", header: "Result", cell: ({ row }) => <span className="block min-w-[14rem] text-muted-foreground">{row.original.statusMessage}</span> },
];

/** The latest TikTok Shop webhooks; react-query refreshes them every few seconds. */
export function WebhookEventsTable({ initial }: { initial: WebhookEventRow[] }) {
  const { data: events } = useTikTokWebhookEvents(initial);
  return (
    <ClientDataTable
      label="Recent webhooks"
      columns={COLUMNS}
      data={events}
      getRowId={(e) => e.id}
      rowTestId="webhook-event"
      empty={<EmptyState icon={Webhook} title="No webhook received yet." description="Order, cancellation, return and authorization events of your shops appear here as they arrive." />}
    />
  );
}
