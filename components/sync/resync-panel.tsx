"use client";

import { RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { useEffect, useRef, useState } from "react";
import { formatDateTime } from "@/components/orders/format";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/errors";

/** A sync run as the screens show it: when it started and ended, why it stopped, and its counts. */
export interface RunView {
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  counts: Record<string, number>;
}

export const runCount = (run: RunView, key: string) => run.counts[key] ?? 0;

/**
 * A Force … resync button with the run's live progress (its counts, read while
 * it runs by the caller's polling query) and the last run's result. Vendors
 * give no total, so the bar measures against `expected` (what the hub holds).
 * When a run ends, the page's own figures are read again.
 */
export function ResyncPanel(props: {
  run: RunView | null;
  canEdit: boolean;
  label: string;
  /** Why the button is off (a setting to turn on first), or null. */
  unavailable: string | null;
  start: () => Promise<ActionResult<{ started: boolean }>>;
  startedText: string;
  alreadyRunningText: string;
  refresh: () => Promise<unknown>;
  summary: (run: RunView) => string;
  /** What the bar measures against, and how the sentence names it ("levels", "items in the catalog"). */
  expected: number;
  expectedNoun: string;
  progressLabel: string;
  testIds: { root: string; progress: string; result: string };
  children?: ReactNode;
}) {
  const { run } = props;
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const router = useRouter();
  const running = !!run && !run.finishedAt;
  const wasRunning = useRef(running);
  useEffect(() => {
    if (wasRunning.current && !running) router.refresh();
    wasRunning.current = running;
  }, [running, router]);
  const start = async () => {
    setError(null);
    setStarting(true);
    const res = await props.start();
    setStarting(false);
    if (!res.ok) return setError(res.error.fixAt ? `${res.error.message} (${res.error.fixAt})` : res.error.message);
    toast.success(res.data.started ? props.startedText : props.alreadyRunningText);
    await props.refresh();
  };
  const read = run ? runCount(run, "read") : 0;
  const expected = Math.max(props.expected, read, 1);
  return (
    <div className="grid gap-3" data-testid={props.testIds.root}>
      {error && <FormMessage message={{ kind: "error", text: error }} />}
      <div className="flex flex-wrap items-center gap-3">
        {props.canEdit && (
          <Button type="button" variant="outline" onClick={start} disabled={running || starting || props.unavailable !== null}>
            <RefreshCw aria-hidden className={running ? "animate-spin" : undefined} />
            {props.label}
          </Button>
        )}
        {props.unavailable && <p className="text-sm text-muted-foreground">{props.unavailable}</p>}
      </div>
      <div aria-live="polite" className="grid gap-2 text-sm">
        {running && run && (
          <div className="grid gap-1" data-testid={props.testIds.progress}>
            <progress className="h-2 w-full max-w-md accent-primary" value={Math.min(read, expected)} max={expected} aria-label={props.progressLabel} />
            <p>
              Resync running since {formatDateTime(run.startedAt)}: {props.summary(run)} (about {expected} {props.expectedNoun}).
            </p>
          </div>
        )}
        {!running && run && (
          <p data-testid={props.testIds.result} className={run.error ? "text-destructive" : undefined}>
            {run.error ? `Last resync stopped at ${formatDateTime(run.finishedAt)}: ${run.error}` : `Last resync finished ${formatDateTime(run.finishedAt)}: ${props.summary(run)}.`}
          </p>
        )}
        {props.children}
      </div>
    </div>
  );
}
