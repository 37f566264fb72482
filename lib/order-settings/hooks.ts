"use client";

import { useQuery } from "@tanstack/react-query";
import type { AcumaticaLookups } from "./lookups";

/** The connected instance's ship vias and payment methods for the mapping pickers (read once per screen visit). */
export function useAcumaticaLookups(enabled: boolean) {
  return useQuery({
    queryKey: ["acumatica-lookups"],
    queryFn: async (): Promise<AcumaticaLookups> => {
      const res = await fetch("/api/connectors/acumatica/lookups", { headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`Acumatica lists: HTTP ${res.status}`);
      return (await res.json()) as AcumaticaLookups;
    },
    enabled,
    staleTime: 60_000,
    refetchOnWindowFocus: false,
  });
}
