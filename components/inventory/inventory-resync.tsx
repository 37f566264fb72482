"use client";

import { RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { formatDateTime } from "@/components/orders/format";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { toast } from "@/components/ui/toaster";
import { startInventoryResyncAction } from "@/lib/inventory/actions";
import { useInventorySyncStatus, useRefreshInventorySync } from "@/lib/inventory/hooks";
import type { InventoryRunView, InventorySyncStatus } from "@/lib/inventory/queries";
import { LABELS } from "@/lib/order-settings/schemas";

const n = (run: InventoryRunView, key: string) => run.counts[key] ?? 0;

function summary(run: InventoryRunView): string {
  const parts = [`${n(run, "read")} levels read`, `${n(run, "updated")} updated`];
  if (n(run, "pushed")) parts.push(`${n(run, "pushed")} pushed`);
  if (n(run, "skipped")) parts.push(`${n(run, "skipped")} skipped (see Skipped SKUs on Inventory)`);
  return parts.join(", ");
}

/**
 * Force inventory resync with its live progress (the run's counts, read every
 * 1.5 s while it runs). The bar measures against the levels the hub holds.
 */
export function InventoryResync({ initial, canEdit }: { initial: InventorySyncStatus; canEdit: boolean }) {
  const { data } = useInventorySyncStatus(initial);
  const refresh = useRefreshInventorySync();
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const router = useRouter();
  const resync = data.resync;
  const running = !!resync && !resync.finishedAt;
  const wasRunning = useRef(running);
  useEffect(() => {
    if (wasRunning.current && !running) router.refresh();
    wasRunning.current = running;
  }, [running, router]);
  const start = async () => {
    setError(null);
    setStarting(true);
    const res = await startInventoryResyncAction({});
    setStarting(false);
    if (!res.ok) return setError(res.error.fixAt ? `${res.error.message} (${res.error.fixAt})` : res.error.message);
    toast.success(res.data.started ? "Inventory resync started." : "An inventory resync is already running.");
    await refresh();
  };
  const read = resync ? n(resync, "read") : 0;
  const expected = Math.max(data.levels, read, 1);
  const off = data.direction === "off";
  return (
    <div className="grid gap-3" data-testid="inventory-resync">
      {error && <FormMessage message={{ kind: "error", text: error }} />}
      <div className="flex flex-wrap items-center gap-3">
        {canEdit && (
          <Button type="button" variant="outline" onClick={start} disabled={running || starting || off}>
            <RefreshCw aria-hidden className={running ? "animate-spin" : undefined} />
            {LABELS.forceInventoryResync}
          </Button>
        )}
        {off && <p className="text-sm text-muted-foreground">Available once {LABELS.inventory} is set to a direction (and saved).</p>}
      </div>
      <div aria-live="polite" className="grid gap-2 text-sm">
        {running && resync && (
          <div className="grid gap-1" data-testid="inventory-resync-progress">
            <progress className="h-2 w-full max-w-md accent-primary" value={Math.min(read, expected)} max={expected} aria-label="Inventory resync progress" />
            <p>
              Resync running since {formatDateTime(resync.startedAt)}: {summary(resync)} (about {expected} levels).
            </p>
          </div>
        )}
        {!running && resync && (
          <p data-testid="inventory-resync-result" className={resync.error ? "text-destructive" : undefined}>
            {resync.error ? `Last resync stopped at ${formatDateTime(resync.finishedAt)}: ${resync.error}` : `Last resync finished ${formatDateTime(resync.finishedAt)}: ${summary(resync)}.`}
          </p>
        )}
      </div>
    </div>
  );
}
