import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import type { ConnectionView } from "@/lib/connections/queries";

const fmt = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "—");

const LABELS: Record<string, { text: string; variant: "success" | "warning" | "destructive" }> = {
  connected: { text: "Connected", variant: "success" },
  not_connected: { text: "Not connected", variant: "warning" },
  error: { text: "Needs attention", variant: "destructive" },
  deauthorized: { text: "Deauthorized", variant: "destructive" },
};

/** Status line of a connection: state, since when, token expiry, and the last problem if any. */
export function ConnectionStatus({ connection, details = [] }: { connection: ConnectionView | null; details?: string[] }) {
  const s = LABELS[connection?.status ?? "not_connected"] ?? LABELS.not_connected!;
  const connected = connection?.status === "connected";
  return (
    <div className="grid grid-cols-1 gap-3" data-testid="connection-status">
      <div>
        <Badge variant={s.variant}>{s.text}</Badge>
      </div>
      {connected && (
        <ul className="grid gap-1 text-sm text-muted-foreground [overflow-wrap:anywhere]">
          {details.map((d) => (
            <li key={d}>{d}</li>
          ))}
          <li>Connected since {fmt(connection.connectedAt)}</li>
          <li>Access token expires {fmt(connection.tokenExpiresAt)} (renewed automatically)</li>
          {connection.refreshExpiresAt && <li>Authorization valid until {fmt(connection.refreshExpiresAt)}</li>}
        </ul>
      )}
      {connection?.statusMessage && (
        // A problem that stops syncing is announced; a warning on a working connection is just shown.
        <Alert variant={connected ? "warning" : "destructive"} announce={!connected}>
          {connection.statusMessage}
        </Alert>
      )}
    </div>
  );
}
