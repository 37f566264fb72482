import type { ConnectionView } from "@/lib/connections/queries";

const fmt = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "—");

const LABELS: Record<string, { text: string; tone: string }> = {
  connected: { text: "Connected", tone: "ok" },
  not_connected: { text: "Not connected", tone: "warn" },
  error: { text: "Needs attention", tone: "bad" },
  deauthorized: { text: "Deauthorized", tone: "bad" },
};

/** Status line of a connection: state, since when, token expiry, and the last problem if any. */
export function ConnectionStatus({ connection, details = [] }: { connection: ConnectionView | null; details?: string[] }) {
  const s = LABELS[connection?.status ?? "not_connected"] ?? LABELS.not_connected!;
  return (
    <div className="field" data-testid="connection-status">
      <span className={`badge ${s.tone}`}>{s.text}</span>
      {connection?.status === "connected" && (
        <ul className="muted">
          {details.map((d) => (
            <li key={d}>{d}</li>
          ))}
          <li>Connected since {fmt(connection.connectedAt)}</li>
          <li>Access token expires {fmt(connection.tokenExpiresAt)} (renewed automatically)</li>
          {connection.refreshExpiresAt && <li>Authorization valid until {fmt(connection.refreshExpiresAt)}</li>}
        </ul>
      )}
      {connection?.statusMessage && <div className="notice error">{connection.statusMessage}</div>}
    </div>
  );
}
