"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { connectAcumaticaAction, disconnectAcumaticaAction, testAcumaticaConnectionAction } from "@/lib/connections/actions";
import type { ConnectionCheck } from "@/lib/connections/acumatica-test";

export function AcumaticaConnectPanel({ connected, canEdit, saved }: { connected: boolean; canEdit: boolean; saved: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const [checks, setChecks] = useState<ConnectionCheck[] | null>(null);

  const connect = () =>
    startTransition(async () => {
      setMessage(null);
      const res = await connectAcumaticaAction();
      if (res.ok) window.location.assign(res.data.authorizeUrl);
      else setMessage({ kind: "error", text: res.error.message });
    });
  const test = () =>
    startTransition(async () => {
      setMessage(null);
      const res = await testAcumaticaConnectionAction();
      if (res.ok) setChecks(res.data);
      else setMessage({ kind: "error", text: res.error.message });
    });
  const disconnect = () =>
    startTransition(async () => {
      const res = await disconnectAcumaticaAction();
      setMessage(res.ok ? { kind: "success", text: "Disconnected. The tokens were revoked and forgotten." } : { kind: "error", text: res.error.message });
      router.refresh();
    });

  return (
    <div>
      <FormMessage message={message} />
      <div className="actions">
        {canEdit && (
          <button type="button" className="primary" onClick={connect} disabled={pending || !saved}>
            {connected ? "Reconnect" : "Connect"}
          </button>
        )}
        <button type="button" onClick={test} disabled={pending || !saved}>
          Test connection
        </button>
        {canEdit && connected && (
          <button type="button" className="danger" onClick={disconnect} disabled={pending}>
            Disconnect
          </button>
        )}
      </div>
      {!saved && <p className="muted">Save the connection settings first.</p>}
      {checks && (
        <table aria-label="Connection test" style={{ marginTop: "1rem" }}>
          <tbody>
            {checks.map((c) => (
              <tr key={c.id}>
                <td>{c.label}</td>
                <td>
                  <span className={`badge ${c.status === "ok" ? "ok" : c.status === "failed" ? "bad" : "warn"}`}>{c.status === "ok" ? "OK" : c.status === "failed" ? "Failed" : "Skipped"}</span>
                </td>
                <td>{c.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
