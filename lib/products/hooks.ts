"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { CatalogSyncStatus } from "./queries";

export const catalogSyncKey = ["catalog-sync"] as const;

/** The catalog pull and Force product catalog resync, polled every 1.5 seconds while a resync runs. */
export function useCatalogSyncStatus(initial: CatalogSyncStatus) {
  const client = useQueryClient();
  // A server refresh (after a settings save) brings newer figures than the cache.
  useEffect(() => {
    client.setQueryData(catalogSyncKey, initial);
  }, [client, initial]);
  return useQuery({
    queryKey: catalogSyncKey,
    queryFn: async (): Promise<CatalogSyncStatus> => {
      const res = await fetch("/api/products/catalog-sync", { headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`catalog sync: HTTP ${res.status}`);
      return (await res.json()) as CatalogSyncStatus;
    },
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.resync && !query.state.data.resync.finishedAt ? 1_500 : false),
  });
}

/** Reads the status again at once (after a resync was started), which starts the polling. */
export function useRefreshCatalogSync() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: catalogSyncKey });
}
