"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { OrderActivity } from "./queries";

export const orderActivityKey = (orderId: string) => ["order-activity", orderId] as const;

/** The order's timeline, refreshed every two seconds while something is pending (a queued push, a create in flight), else left alone. */
export function useOrderActivity(orderId: string, initial: OrderActivity) {
  return useQuery({
    queryKey: orderActivityKey(orderId),
    queryFn: async (): Promise<OrderActivity> => {
      const res = await fetch(`/api/orders/${orderId}/activity`, { headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`order activity: HTTP ${res.status}`);
      return (await res.json()) as OrderActivity;
    },
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.pending ? 2_000 : false),
  });
}

/** Reads the order's activity again at once (after Retry or Send as test order queued a push), which resumes the polling. */
export function useRefreshOrderActivity(orderId: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: orderActivityKey(orderId) });
}
