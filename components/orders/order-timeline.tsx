"use client";

import { Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { cn } from "@/components/ui/cn";
import { useOrderActivity } from "@/lib/orders/hooks";
import type { OrderActivity } from "@/lib/orders/queries";
import { formatDateTime } from "./format";

const KIND_TONE: Record<string, string> = {
  pushed: "bg-success",
  canceled: "bg-success",
  blocked: "bg-destructive",
  refused: "bg-destructive",
  "refund-refused": "bg-destructive",
  "cancel-refused": "bg-destructive",
  "gave-up": "bg-destructive",
  "buyer-request-approved": "bg-success",
  "buyer-cancel-held": "bg-destructive",
  "buyer-request-refused": "bg-destructive",
};

/**
 * Every sync event of the order, oldest first. It reads itself again every
 * two seconds while a push is pending, and when anything changed it re-renders
 * the rest of the page (status, sales order, exceptions) from the server.
 */
export function OrderTimeline({ orderId, initial }: { orderId: string; initial: OrderActivity }) {
  const router = useRouter();
  const { data } = useOrderActivity(orderId, initial);
  const seen = useRef(initial.version);
  useEffect(() => {
    if (data.version === seen.current) return;
    seen.current = data.version;
    router.refresh();
  }, [data.version, router]);
  return (
    <div className="grid gap-3">
      {data.pending && (
        <p className="flex items-center gap-2 text-sm text-muted-foreground" role="status">
          <Loader2 aria-hidden className="size-4 animate-spin" />
          Working on it: this timeline updates by itself.
        </p>
      )}
      {data.events.length === 0 ? (
        <p className="text-sm text-muted-foreground">No sync events yet.</p>
      ) : (
        <ol className="grid gap-0" aria-label="Sync events" data-testid="order-timeline">
          {data.events.map((e, i) => (
            <li key={e.id} data-testid="timeline-event" data-kind={e.kind} className="relative grid grid-cols-[1rem_minmax(0,1fr)] gap-x-3 pb-4 last:pb-0">
              <span aria-hidden className="relative flex justify-center">
                <span className={cn("mt-1.5 size-2.5 rounded-full bg-muted-foreground", KIND_TONE[e.kind])} />
                {i < data.events.length - 1 && <span className="absolute top-4 bottom-[-0.25rem] w-px bg-border" />}
              </span>
              <div className="grid min-w-0 gap-0.5">
                <p className="text-sm [overflow-wrap:anywhere]">{e.message}</p>
                <p className="text-xs text-muted-foreground">
                  <time dateTime={e.at}>{formatDateTime(e.at)}</time> · {e.kind}
                </p>
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
