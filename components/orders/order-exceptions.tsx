import Link from "next/link";
import { DismissExceptionButton, RetryExceptionButton } from "@/components/exceptions/exception-actions";
import { Badge } from "@/components/ui/badge";
import type { OrderDetail } from "@/lib/orders/queries";
import { CAUSES } from "@/lib/sync/exceptions/causes";
import type { Cause } from "@/lib/sync/exceptions/causes";
import { formatDateTime } from "./format";

type ExceptionRow = OrderDetail["exceptions"][number];

const titleOf = (cause: string) => CAUSES[cause as Cause]?.title ?? cause;

/** The order's exceptions: the open ones with their fix, Retry and Dismiss; the closed ones and how they closed. */
export function OrderExceptions({ exceptions, canEdit }: { exceptions: ExceptionRow[]; canEdit: boolean }) {
  const open = exceptions.filter((e) => e.status === "open");
  const closed = exceptions.filter((e) => e.status !== "open");
  return (
    <div className="grid gap-4">
      {open.length === 0 ? (
        <p className="text-sm text-muted-foreground">No open exception.</p>
      ) : (
        <ul className="grid gap-3">
          {open.map((e) => (
            <li key={e.id} data-testid="order-exception" className="grid gap-2 rounded-lg border border-destructive/30 bg-destructive/5 p-3">
              <div className="flex flex-wrap items-center gap-2">
                <Badge variant="destructive">{titleOf(e.cause)}</Badge>
                <span className="text-xs text-muted-foreground">
                  {e.occurrences === 1 ? "once" : `${e.occurrences} times`} · first {formatDateTime(e.firstSeenAt)} · last {formatDateTime(e.lastSeenAt)}
                </span>
              </div>
              <p className="text-sm [overflow-wrap:anywhere]">{e.message}</p>
              <div className="flex flex-wrap items-center gap-2">
                <Link href={e.fixPath} className="text-sm font-medium text-primary hover:underline">
                  {e.fixLabel} →
                </Link>
                {canEdit && (
                  <span className="ml-auto flex flex-wrap gap-2">
                    <RetryExceptionButton id={e.id} />
                    <DismissExceptionButton id={e.id} title={titleOf(e.cause)} />
                  </span>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {closed.length > 0 && (
        <details className="group rounded-lg border">
          <summary className="cursor-pointer rounded-lg px-3 py-2 text-sm font-medium focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none">
            Closed ({closed.length})
          </summary>
          <ul className="grid gap-2 border-t px-3 py-3">
            {closed.map((e) => (
              <li key={e.id} className="grid gap-0.5 text-sm">
                <span className="font-medium">{titleOf(e.cause)}</span>
                <span className="text-muted-foreground [overflow-wrap:anywhere]">{e.message}</span>
                <span className="text-xs text-muted-foreground">
                  {e.status === "dismissed" ? "Dismissed" : "Closed"} {formatDateTime(e.closedAt)}
                  {e.resolution ? ` — ${e.resolution}` : ""}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
