"use client";

import { RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { formatDateTime } from "@/components/orders/format";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { toast } from "@/components/ui/toaster";
import { LABELS } from "@/lib/order-settings/schemas";
import { startCatalogResyncAction } from "@/lib/products/actions";
import { useCatalogSyncStatus, useRefreshCatalogSync } from "@/lib/products/hooks";
import type { CatalogRunView, CatalogSyncStatus } from "@/lib/products/queries";

const n = (run: CatalogRunView, key: string) => run.counts[key] ?? 0;

function summary(run: CatalogRunView): string {
  const parts = [`${n(run, "read")} items read`, `${n(run, "created")} new`, `${n(run, "updated")} updated`];
  if (n(run, "inactive")) parts.push(`${n(run, "inactive")} not sellable (marked inactive)`);
  if (n(run, "missing")) parts.push(`${n(run, "missing")} no longer in Acumatica (marked inactive)`);
  if (n(run, "conflicts")) parts.push(`${n(run, "conflicts")} left out (SKU conflicts, see Exceptions)`);
  return parts.join(", ");
}

/**
 * Force product catalog resync with its live progress (the run's counts, read
 * every 1.5 s while it runs), and the last incremental pull. Acumatica gives no
 * total, so the bar measures against the catalog size known before the resync.
 */
export function CatalogResync({ initial, canEdit }: { initial: CatalogSyncStatus; canEdit: boolean }) {
  const { data } = useCatalogSyncStatus(initial);
  const refresh = useRefreshCatalogSync();
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const router = useRouter();
  const resync = data.resync;
  const running = !!resync && !resync.finishedAt;
  // When a resync ends, the page's own figures (the product list) are read again.
  const wasRunning = useRef(running);
  useEffect(() => {
    if (wasRunning.current && !running) router.refresh();
    wasRunning.current = running;
  }, [running, router]);
  const start = async () => {
    setError(null);
    setStarting(true);
    const res = await startCatalogResyncAction({});
    setStarting(false);
    if (!res.ok) return setError(res.error.fixAt ? `${res.error.message} (${res.error.fixAt})` : res.error.message);
    toast.success(res.data.started ? "Resync started." : "A resync is already running.");
    await refresh();
  };
  const read = resync ? n(resync, "read") : 0;
  const expected = Math.max(data.products, read, 1);
  return (
    <div className="grid gap-3" data-testid="catalog-resync">
      {error && <FormMessage message={{ kind: "error", text: error }} />}
      <div className="flex flex-wrap items-center gap-3">
        {canEdit && (
          <Button type="button" variant="outline" onClick={start} disabled={running || starting || !data.pullProducts}>
            <RefreshCw aria-hidden className={running ? "animate-spin" : undefined} />
            {LABELS.forceProductResync}
          </Button>
        )}
        {!data.pullProducts && <p className="text-sm text-muted-foreground">Available once {LABELS.pullProducts} is on.</p>}
      </div>
      <div aria-live="polite" className="grid gap-2 text-sm">
        {running && resync && (
          <div className="grid gap-1" data-testid="resync-progress">
            <progress className="h-2 w-full max-w-md accent-primary" value={Math.min(read, expected)} max={expected} aria-label="Resync progress" />
            <p>
              Resync running since {formatDateTime(resync.startedAt)}: {summary(resync)} (about {expected} items in the catalog).
            </p>
          </div>
        )}
        {!running && resync && (
          <p data-testid="resync-result" className={resync.error ? "text-destructive" : undefined}>
            {resync.error ? `Last resync stopped at ${formatDateTime(resync.finishedAt)}: ${resync.error}` : `Last resync finished ${formatDateTime(resync.finishedAt)}: ${summary(resync)}.`}
          </p>
        )}
        {data.lastPull && (
          <p className="text-muted-foreground" data-testid="last-pull">
            Last pull {formatDateTime(data.lastPull.startedAt)}: {data.lastPull.error ? `stopped — ${data.lastPull.error}` : summary(data.lastPull)}.
          </p>
        )}
      </div>
    </div>
  );
}
