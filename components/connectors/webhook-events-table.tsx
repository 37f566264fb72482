"use client";

import type { WebhookEventRow } from "@/lib/webhooks/hooks";
import { useTikTokWebhookEvents } from "@/lib/webhooks/hooks";

export function WebhookEventsTable({ initial }: { initial: WebhookEventRow[] }) {
  const { data: events } = useTikTokWebhookEvents(initial);
  if (events.length === 0) return <p className="muted">No webhook received yet.</p>;
  return (
    <table aria-label="Recent webhooks">
      <thead>
        <tr>
          <th>Received</th>
          <th>Topic</th>
          <th>Shop</th>
          <th>Status</th>
          <th>Result</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.id} data-testid="webhook-event">
            <td>{e.receivedAt.replace("T", " ").slice(0, 19)}</td>
            <td>{e.topic}</td>
            <td>{e.shopId}</td>
            <td>{e.status}</td>
            <td>{e.statusMessage}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
