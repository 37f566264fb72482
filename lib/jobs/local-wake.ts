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
 * Wakes this process's loops of a queue that just got a job: at once when it is due now, else when it falls due (a
 * re-check in a few seconds), so it does not wait for the next poll, which is slow when job notifications work
 * (lib/jobs/job-wake.ts). Queues this process does not run are left alone.
 */
export function wakeLocalWhenDue(queue: string, startAfterSeconds?: number): void {
  if (!startAfterSeconds) return wakeLocal([queue]);
  if (!loops.has(queue)) return;
  setTimeout(() => wakeLocal([queue]), startAfterSeconds * 1000 + 50).unref();
}
