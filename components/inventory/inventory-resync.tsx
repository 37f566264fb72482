"use client";

import { ResyncPanel, runCount as n } from "@/components/sync/resync-panel";
import type { RunView } from "@/components/sync/resync-panel";
import { startInventoryResyncAction } from "@/lib/inventory/actions";
import { useInventorySyncStatus, useRefreshInventorySync } from "@/lib/inventory/hooks";
import type { InventorySyncStatus } from "@/lib/inventory/queries";
import { LABELS } from "@/lib/order-settings/schemas";

function summary(run: RunView): string {
  const parts = [`${n(run, "read")} levels read`, `${n(run, "updated")} updated`];
  if (n(run, "pushed")) parts.push(`${n(run, "pushed")} pushed`);
  if (n(run, "skipped")) parts.push(`${n(run, "skipped")} skipped (see Skipped SKUs on Inventory)`);
  return parts.join(", ");
}

/** Force inventory resync with its live progress (read every 1.5 s while it runs), measured against the levels the hub holds. */
export function InventoryResync({ initial, canEdit }: { initial: InventorySyncStatus; canEdit: boolean }) {
  const { data } = useInventorySyncStatus(initial);
  const refresh = useRefreshInventorySync();
  return (
    <ResyncPanel
      run={data.resync}
      canEdit={canEdit}
      label={LABELS.forceInventoryResync}
      unavailable={data.direction === "off" ? `Available once ${LABELS.inventory} is set to a direction (and saved).` : null}
      start={() => startInventoryResyncAction({})}
      startedText="Inventory resync started."
      alreadyRunningText="An inventory resync is already running."
      refresh={refresh}
      summary={summary}
      expected={data.levels}
      expectedNoun="levels"
      progressLabel="Inventory resync progress"
      testIds={{ root: "inventory-resync", progress: "inventory-resync-progress", result: "inventory-resync-result" }}
    />
  );
}
