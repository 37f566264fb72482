import Link from "next/link";
import { formatDateTime } from "@/components/orders/format";
import type { ExceptionGroup } from "@/lib/sync/exceptions/queries";
import { RetryCauseButton } from "./exception-actions";

/** Open exceptions grouped by cause: how many, where to fix the cause, and Retry all once it is fixed. */
export function ExceptionGroups({ groups, canEdit, activeCause }: { groups: ExceptionGroup[]; canEdit: boolean; activeCause: string | undefined }) {
  return (
    <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-3" aria-label="Open exceptions by cause">
      {groups.map((g) => (
        <li key={g.cause} data-testid="exception-group" className="grid content-between gap-3 rounded-xl border bg-card p-4 shadow-sm">
          <div className="grid gap-1">
            <div className="flex items-start justify-between gap-3">
              <p className="font-medium">{g.title}</p>
              <span className="rounded-full bg-destructive/10 px-2 py-0.5 text-sm font-semibold text-destructive tabular-nums" aria-label={`${g.count} open`}>
                {g.count}
              </span>
            </div>
            <p className="text-xs text-muted-foreground">Last seen {formatDateTime(g.lastSeenAt)}</p>
          </div>
          <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
            {g.fix ? (
              <Link href={g.fix.path} className="text-sm font-medium text-primary hover:underline">
                {g.fix.label} →
              </Link>
            ) : (
              <span className="text-sm text-muted-foreground">Each exception links to its own fix.</span>
            )}
            <span className="ml-auto flex flex-wrap items-center gap-2">
              {activeCause !== g.cause && (
                <Link href={`/exceptions?f.cause=${encodeURIComponent(g.cause)}`} className="text-sm text-primary hover:underline" aria-label={`Show only: ${g.title}`}>
                  Show
                </Link>
              )}
              {canEdit && <RetryCauseButton cause={g.cause} title={g.title} />}
            </span>
          </div>
        </li>
      ))}
    </ul>
  );
}
