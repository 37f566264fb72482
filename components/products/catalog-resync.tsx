"use client";

import { formatDateTime } from "@/components/orders/format";
import { ResyncPanel, runCount as n } from "@/components/sync/resync-panel";
import type { RunView } from "@/components/sync/resync-panel";
import { LABELS } from "@/lib/order-settings/schemas";
import { startCatalogResyncAction } from "@/lib/products/actions";
import { useCatalogSyncStatus, useRefreshCatalogSync } from "@/lib/products/hooks";
import type { CatalogSyncStatus } from "@/lib/products/queries";

function summary(run: RunView): string {
  const parts = [`${n(run, "read")} items read`, `${n(run, "created")} new`, `${n(run, "updated")} updated`];
  if (n(run, "inactive")) parts.push(`${n(run, "inactive")} not sellable (marked inactive)`);
  if (n(run, "missing")) parts.push(`${n(run, "missing")} no longer in Acumatica (marked inactive)`);
  if (n(run, "conflicts")) parts.push(`${n(run, "conflicts")} left out (SKU conflicts, see Exceptions)`);
  return parts.join(", ");
}

/**
 * Force product catalog resync with its live progress (read every 1.5 s while it runs), and the last incremental
 * pull. Acumatica gives no total, so the bar measures against the catalog size known before the resync.
 */
export function CatalogResync({ initial, canEdit }: { initial: CatalogSyncStatus; canEdit: boolean }) {
  const { data } = useCatalogSyncStatus(initial);
  const refresh = useRefreshCatalogSync();
  return (
    <ResyncPanel
      run={data.resync}
      canEdit={canEdit}
      label={LABELS.forceProductResync}
      unavailable={data.pullProducts ? null : `Available once ${LABELS.pullProducts} is on.`}
      start={() => startCatalogResyncAction({})}
      startedText="Resync started."
      alreadyRunningText="A resync is already running."
      refresh={refresh}
      summary={summary}
      expected={data.products}
      expectedNoun="items in the catalog"
      progressLabel="Resync progress"
      testIds={{ root: "catalog-resync", progress: "resync-progress", result: "resync-result" }}
    >
      {data.lastPull && (
        <p className="text-muted-foreground" data-testid="last-pull">
          Last pull {formatDateTime(data.lastPull.startedAt)}: {data.lastPull.error ? `stopped — ${data.lastPull.error}` : summary(data.lastPull)}.
        </p>
      )}
    </ResyncPanel>
  );
}
