"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { InventorySyncStatus } from "./queries";

export const inventorySyncKey = ["inventory-sync"] as const;

/** The latest Force inventory resync, polled every 1.5 seconds while it runs. */
export function useInventorySyncStatus(initial: InventorySyncStatus) {
  const client = useQueryClient();
  // A server refresh (after a settings save) brings newer figures than the cache.
  useEffect(() => {
    client.setQueryData(inventorySyncKey, initial);
  }, [client, initial]);
  return useQuery({
    queryKey: inventorySyncKey,
    queryFn: async (): Promise<InventorySyncStatus> => {
      const res = await fetch("/api/inventory/sync-status", { headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`inventory sync: HTTP ${res.status}`);
      return (await res.json()) as InventorySyncStatus;
    },
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.resync && !query.state.data.resync.finishedAt ? 1_500 : false),
  });
}

/** Reads the status again at once (after a resync was started), which starts the polling. */
export function useRefreshInventorySync() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: inventorySyncKey });
}
