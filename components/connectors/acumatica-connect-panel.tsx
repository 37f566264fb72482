"use client";

import { Loader2, Plug, RefreshCw, Stethoscope, Unplug } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { connectAcumaticaAction, disconnectAcumaticaAction, testAcumaticaConnectionAction } from "@/lib/connections/actions";
import type { ConnectionCheck } from "@/lib/connections/acumatica-test";

const CHECK_BADGE = {
  ok: { text: "OK", variant: "success" },
  failed: { text: "Failed", variant: "destructive" },
  skipped: { text: "Skipped", variant: "secondary" },
} as const;

export function AcumaticaConnectPanel({ connected, hasTokens, canEdit, saved }: { connected: boolean; hasTokens: boolean; canEdit: boolean; saved: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [testing, setTesting] = useState(false);
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
      setTesting(true);
      try {
        const res = await testAcumaticaConnectionAction();
        if (res.ok) setChecks(res.data);
        else setMessage({ kind: "error", text: res.error.message });
      } finally {
        setTesting(false);
      }
    });
  const disconnect = async () => {
    setMessage(null);
    const res = await disconnectAcumaticaAction();
    setMessage(res.ok ? { kind: "success", text: "Disconnected. The tokens were revoked and forgotten." } : { kind: "error", text: res.error.message });
    setChecks(null);
    router.refresh();
  };

  return (
    <div className="grid grid-cols-1 gap-4">
      <FormMessage message={message} />
      <div className="flex flex-wrap items-center gap-2">
        {canEdit && (
          <Button onClick={connect} disabled={pending || !saved}>
            {connected ? <RefreshCw aria-hidden /> : <Plug aria-hidden />}
            {connected ? "Reconnect" : "Connect"}
          </Button>
        )}
        {canEdit && (
          <Button variant="outline" onClick={test} disabled={pending || !saved}>
            {testing ? <Loader2 aria-hidden className="animate-spin" /> : <Stethoscope aria-hidden />}
            Test connection
          </Button>
        )}
        {canEdit && hasTokens && (
          <ConfirmDialog
            trigger={
              <Button variant="destructive-outline" disabled={pending}>
                <Unplug aria-hidden />
                Disconnect
              </Button>
            }
            title="Disconnect Acumatica?"
            description="OrderBridge stops working with this Acumatica instance until you click Connect again."
            confirmLabel="Disconnect"
            onConfirm={disconnect}
          >
            <ul className="grid list-disc gap-1 pl-5">
              <li>Orders stop being pushed to Acumatica.</li>
              <li>Shipments stop being pulled from Acumatica, so no tracking goes back to TikTok Shop.</li>
              <li>The tokens are revoked at the instance and forgotten.</li>
            </ul>
            <p className="mt-3 text-muted-foreground">The Connection settings above are kept.</p>
          </ConfirmDialog>
        )}
      </div>
      {!saved && canEdit && <p className="text-sm text-muted-foreground">Save the connection settings first.</p>}
      {!canEdit && <p className="text-sm text-muted-foreground">Your role can see this connection; an owner or admin connects, tests and disconnects it.</p>}
      {checks && (
        <div className="rounded-lg border">
          <Table aria-label="Connection test">
            <TableHeader>
              <TableRow>
                <TableHead>Check</TableHead>
                <TableHead>Result</TableHead>
                <TableHead>Details</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {checks.map((c) => {
                const badge = CHECK_BADGE[c.status];
                return (
                  <TableRow key={c.id}>
                    <TableCell className="font-medium whitespace-nowrap">{c.label}</TableCell>
                    <TableCell>
                      <Badge variant={badge.variant}>{badge.text}</Badge>
                    </TableCell>
                    <TableCell className="min-w-[16rem] text-muted-foreground">{c.detail}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
    </div>
  );
}
