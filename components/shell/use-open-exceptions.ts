"use client";

import { useQuery } from "@tanstack/react-query";

export const OPEN_EXCEPTIONS_KEY = ["open-exceptions"] as const;

/** The workspace's open exceptions for the navigation badge, refreshed every 30 seconds. */
export function useOpenExceptionCount(initial: number) {
  return useQuery({
    queryKey: OPEN_EXCEPTIONS_KEY,
    queryFn: async (): Promise<number> => {
      const res = await fetch("/api/exceptions/count", { headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`open exceptions: HTTP ${res.status}`);
      return ((await res.json()) as { open: number }).open;
    },
    initialData: initial,
    refetchInterval: 30_000,
  });
}
