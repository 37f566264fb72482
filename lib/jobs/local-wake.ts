import type PgBoss from "pg-boss";

/**
 * The fetch loops this process runs, by queue, so that a job queued here wakes
 * the loops that will run it at once instead of at their next poll (pg-boss
 * polls every half second). Only the queues that got work are woken: waking
 * every loop after every batch costs a fetch per queue for nothing. A stopped
 * instance's loops are unknown to it, so waking them does nothing.
 */
const loops = new Map<string, Array<{ boss: PgBoss; id: string }>>();

export function registerLocalLoop(boss: PgBoss, queue: string, workerId: string): void {
  loops.set(queue, [...(loops.get(queue) ?? []), { boss, id: workerId }]);
}

/** Forgets the loops of an instance being stopped. */
export function forgetLocalLoops(boss: PgBoss): void {
  for (const [queue, list] of loops) loops.set(queue, list.filter((l) => l.boss !== boss));
}

/** Wakes this process's loops of these queues (nothing for queues it does not run, e.g. in the web app). */
export function wakeLocal(queues: Iterable<string>): void {
  for (const q of new Set(queues)) for (const l of loops.get(q) ?? []) l.boss.notifyWorker(l.id);
}

/** Wakes every loop of this process (after job notifications may have been missed). */
export function wakeAllLocal(): void {
  wakeLocal(loops.keys());
}

/**
 * Wakes this process's loops of these queues once a delayed job is due (a job queued here with a start delay, such
 * as a re-check in a few seconds), so it does not wait for the next poll, which can be slow when job notifications
 * work (lib/jobs/job-wake.ts).
 */
export function wakeLocalLater(queues: Iterable<string>, delayMs: number): void {
  const names = [...new Set(queues)].filter((q) => loops.has(q));
  if (names.length === 0) return;
  setTimeout(() => wakeLocal(names), delayMs + 50).unref();
}
