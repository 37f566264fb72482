"use client";

import { useQuery } from "@tanstack/react-query";

export interface WebhookEventRow {
  id: string;
  topic: string;
  shopId: string | null;
  status: string;
  statusMessage: string | null;
  notificationId: string;
  /** ISO timestamp. */
  receivedAt: string;
}

/** The latest TikTok Shop webhooks, refreshed every few seconds while the screen is open. */
export function useTikTokWebhookEvents(initial: WebhookEventRow[]) {
  return useQuery({
    queryKey: ["webhook-events", "tiktok_shop"],
    queryFn: async (): Promise<WebhookEventRow[]> => {
      const res = await fetch("/api/connectors/tiktok-shop/webhook-events", { headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`webhook events: HTTP ${res.status}`);
      return ((await res.json()) as { events: WebhookEventRow[] }).events;
    },
    initialData: initial,
    refetchInterval: 3_000,
  });
}
