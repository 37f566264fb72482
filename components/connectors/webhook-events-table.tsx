import type { listWebhookEvents } from "@/lib/webhooks/queries";

type Rows = Awaited<ReturnType<typeof listWebhookEvents>>;

export function WebhookEventsTable({ events }: { events: Rows }) {
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
            <td>{e.receivedAt.toISOString().replace("T", " ").slice(0, 19)}</td>
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
