"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Eye, HelpCircle, RotateCcw, Send } from "lucide-react";
import Link from "next/link";
import { useId, useState } from "react";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/errors";
import { explainOrderAction, previewOrderAction, retryOrderAction, sendTestOrderAction } from "@/lib/orders/actions";
import { orderActivityKey } from "@/lib/orders/hooks";
import type { Explanation, Preview } from "@/lib/sync/acumatica/explain";

type Loaded<T> = { state: "idle" } | { state: "loading" } | { state: "error"; message: string } | { state: "done"; data: T };

async function load<T>(run: () => Promise<ActionResult<T | null>>, set: (v: Loaded<T>) => void) {
  set({ state: "loading" });
  const res = await run();
  if (!res.ok) set({ state: "error", message: res.error.message });
  else if (!res.data) set({ state: "error", message: "That order is not in this workspace any more." });
  else set({ state: "done", data: res.data });
}

function FixLink({ fix }: { fix?: { path: string; label: string } }) {
  if (!fix) return null;
  return (
    <Link href={fix.path} className="font-medium whitespace-nowrap text-primary hover:underline">
      {fix.label} →
    </Link>
  );
}

/** Preview: the exact sales order body OrderBridge would send now, and everything that would stop it. Sends nothing. */
function PreviewDialog({ orderId }: { orderId: string }) {
  const [preview, setPreview] = useState<Loaded<Preview>>({ state: "idle" });
  return (
    <Dialog onOpenChange={(open) => open && void load(() => previewOrderAction({ orderId }), setPreview)}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <Eye aria-hidden />
          Preview
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-3xl">
        <DialogHeader>
          <DialogTitle>Preview of the Acumatica sales order</DialogTitle>
          <DialogDescription>Nothing is sent. This is exactly what OrderBridge would send for this order now, with everything that would hold it back.</DialogDescription>
        </DialogHeader>
        {preview.state === "loading" || preview.state === "idle" ? (
          <div className="grid gap-2" aria-busy>
            <Skeleton className="h-4 w-2/3" />
            <Skeleton className="h-32 w-full" />
          </div>
        ) : preview.state === "error" ? (
          <Alert variant="destructive">{preview.message}</Alert>
        ) : (
          <PreviewBody preview={preview.data} />
        )}
      </DialogContent>
    </Dialog>
  );
}

function PreviewBody({ preview }: { preview: Preview }) {
  const ready = preview.holds.length === 0 && preview.problems.length === 0;
  const json = JSON.stringify(preview.payload, null, 2);
  return (
    <div className="grid min-w-0 gap-4 text-sm" data-testid="order-preview">
      {ready ? (
        <Alert variant="success" announce={false}>
          Nothing holds it back: this order would be sent as shown.
        </Alert>
      ) : null}
      {preview.holds.length > 0 && (
        <section className="grid gap-1" aria-labelledby="preview-holds">
          <h3 id="preview-holds" className="font-semibold">
            Held back ({preview.holds.length})
          </h3>
          <ul className="grid list-disc gap-1 pl-5" data-testid="preview-holds">
            {preview.holds.map((h) => (
              <li key={h.code}>{h.message}</li>
            ))}
          </ul>
        </section>
      )}
      {preview.problems.length > 0 && (
        <section className="grid gap-1" aria-labelledby="preview-problems">
          <h3 id="preview-problems" className="font-semibold">
            Problems to fix first ({preview.problems.length})
          </h3>
          <ul className="grid gap-2" data-testid="preview-problems">
            {preview.problems.map((p) => (
              <li key={`${p.cause}:${p.subject}`} className="grid gap-1 rounded-md border border-destructive/30 bg-destructive/5 p-2">
                <span>{p.message}</span>
                <FixLink fix={p.fix} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {!preview.skusChecked && (
        <Alert variant="info" announce={false}>
          Acumatica is not connected, so the SKUs were not checked against its items yet.
        </Alert>
      )}
      {preview.totals && (
        <p className="flex flex-wrap items-center gap-2">
          Sales order total <strong className="tabular-nums">{preview.totals.acumatica}</strong> · TikTok Shop total <strong className="tabular-nums">{preview.totals.tiktok}</strong>
          {Number(preview.totals.acumatica) === Number(preview.totals.tiktok) ? <Badge variant="success">equal</Badge> : <Badge variant="destructive">different</Badge>}
        </p>
      )}
      <section className="grid min-w-0 gap-2" aria-labelledby="preview-payload">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h3 id="preview-payload" className="font-semibold">
            Request body (PUT SalesOrder)
          </h3>
          {preview.payload && <CopyButton value={json} what="Request body" />}
        </div>
        {preview.payload ? (
          <pre data-testid="preview-payload" tabIndex={0} className="max-h-[50vh] overflow-auto rounded-md border bg-muted/50 p-3 font-mono text-xs leading-relaxed">
            {json}
          </pre>
        ) : (
          <p className="text-muted-foreground">No body can be built yet.</p>
        )}
      </section>
    </div>
  );
}

/** "Why isn't this order in Acumatica?": every reason with its fix (the queue position is one of them). */
function WhyPanel({ explanation }: { explanation: Explanation }) {
  return (
    <div className="grid gap-3 text-sm">
      {/* The summary is the first reason when there are reasons: say it once. */}
      <p className="font-medium">{explanation.reasons.length > 0 ? (explanation.reasons.length === 1 ? "One reason:" : `${explanation.reasons.length} reasons:`) : explanation.summary}</p>
      {explanation.reasons.length > 0 && (
        <ul className="grid gap-2">
          {explanation.reasons.map((r, i) => (
            <li key={`${r.code}-${i}`} data-testid="why-reason" className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 rounded-md border px-3 py-2">
              <span className="min-w-0 [overflow-wrap:anywhere]">{r.message}</span>
              <FixLink fix={r.fix} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The order page's actions. Viewers may preview and ask why; sending and
 * retrying need the right to change connectors (and the server checks it).
 */
export function OrderActions({ orderId, externalId, canEdit, inAcumatica }: { orderId: string; externalId: string; canEdit: boolean; inAcumatica: boolean }) {
  const client = useQueryClient();
  const [why, setWhy] = useState<Loaded<Explanation>>({ state: "idle" });
  const [retrying, setRetrying] = useState(false);
  const panelId = useId();
  const watch = () => void client.invalidateQueries({ queryKey: orderActivityKey(orderId) });
  const whyOpen = why.state !== "idle";

  const retry = async () => {
    setRetrying(true);
    try {
      const res = await retryOrderAction({ orderId });
      if (res.ok) toast.success("Queued. The timeline shows the result.");
      else toast.error(res.error.message);
      watch();
    } finally {
      setRetrying(false);
    }
  };

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <PreviewDialog orderId={orderId} />
        {canEdit && !inAcumatica && (
          <ConfirmDialog
            trigger={
              <Button variant="outline">
                <Send aria-hidden />
                Send as test order
              </Button>
            }
            title={`Send order ${externalId} to Acumatica as a test?`}
            description="This one order is pushed now, even while Push orders to Acumatica is off, and becomes a real sales order in Acumatica. Other orders are not affected."
            confirmLabel="Send test order"
            destructive={false}
            onConfirm={async () => {
              const res = await sendTestOrderAction({ orderId });
              if (res.ok) toast.success("Test order queued. The timeline shows the result.");
              else toast.error(res.error.message);
              watch();
            }}
          />
        )}
        {canEdit && !inAcumatica && (
          <Button variant="outline" onClick={retry} disabled={retrying}>
            <RotateCcw aria-hidden />
            Retry
          </Button>
        )}
        {!inAcumatica && (
          <Button
            variant="ghost"
            aria-expanded={whyOpen}
            aria-controls={panelId}
            onClick={() => (whyOpen ? setWhy({ state: "idle" }) : void load(() => explainOrderAction({ orderId }), setWhy))}
          >
            <HelpCircle aria-hidden />
            Why isn&apos;t this order in Acumatica?
          </Button>
        )}
      </div>
      <div id={panelId} data-testid="why-panel" hidden={!whyOpen} className="rounded-lg border bg-muted/30 p-4">
        {why.state === "loading" ? (
          <Skeleton className="h-4 w-2/3" />
        ) : why.state === "error" ? (
          <Alert variant="destructive">{why.message}</Alert>
        ) : why.state === "done" ? (
          <div className="grid gap-3">
            <WhyPanel explanation={why.data} />
            <div>
              <Button variant="link" className="h-auto p-0" onClick={() => void load(() => explainOrderAction({ orderId }), setWhy)}>
                Ask again
              </Button>
            </div>
          </div>
        ) : null}
      </div>
    </div>
  );
}
