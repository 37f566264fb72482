import type PgBoss from "pg-boss";
import type pg from "pg";
import type { z } from "zod";
import type { Db } from "@/lib/db/client";
import { withPgTransaction } from "@/lib/db/pg-transaction";
import { getBossFor, stopBossFor } from "./boss";
import type { Enqueueable, EnqueueItem } from "./enqueue";
import { enqueue, enqueueMany } from "./enqueue";
import { wakeLocalWhenDue } from "./local-wake";

/** A transaction that can also enqueue jobs: they exist only if the transaction commits. */
export interface JobTx {
  db: Db;
  enqueue<S extends z.ZodType>(def: Enqueueable<S>, data: z.input<S>, opts?: { singletonKey?: string; startAfterSeconds?: number }): Promise<string | null>;
  /** Several jobs in one statement (each checked against its schema and policy as `enqueue` does). */
  enqueueMany(items: readonly EnqueueItem[]): Promise<void>;
}

function poolOf(db: Db): pg.Pool {
  // drizzle keeps the pool it was created on (lib/db/client.ts createDb).
  return (db as unknown as { $client: pg.Pool }).$client;
}

function urlOf(db: Db): string {
  const url = (poolOf(db) as pg.Pool & { options: { connectionString?: string } }).options.connectionString;
  if (!url) throw new Error("The database pool has no connection string to start pg-boss with");
  return url;
}

/** The pg-boss sending instance for the database behind `db`. */
export function bossForDb(db: Db): Promise<PgBoss> {
  return getBossFor(urlOf(db));
}

/** Stops it (tests, before dropping their database). */
export function stopBossForDb(db: Db): Promise<void> {
  return stopBossFor(urlOf(db));
}

/**
 * Runs `fn` in one transaction on `db`'s pool in which writes and the jobs
 * they cause commit together (pg-boss sends inside it). `boss` defaults to the
 * process's sending instance for that database (the worker passes its own).
 */
export async function withJobTransaction<T>(db: Db, fn: (tx: JobTx) => Promise<T>, boss?: PgBoss): Promise<T> {
  const b = boss ?? (await bossForDb(db));
  const queued: Array<{ name: string; startAfterSeconds?: number }> = [];
  const result = await withPgTransaction(poolOf(db), ({ db: txDb, sql }) =>
    fn({
      db: txDb,
      enqueue: (def, data, opts = {}) => {
        queued.push({ name: def.name, startAfterSeconds: opts.startAfterSeconds });
        return enqueue(b, def, data, { ...opts, tx: sql });
      },
      enqueueMany: (items) => {
        for (const it of items) queued.push({ name: it.def.name, startAfterSeconds: it.startAfterSeconds });
        return enqueueMany(b, items, { tx: sql });
      },
    }),
  );
  // Committed: a worker loop of this process that runs these queues starts on them now, or when they fall due
  // (once per queue and delay: a page's 50 pushes wake their loop once).
  const distinct = new Map(queued.map((j) => [`${j.name}@${j.startAfterSeconds ?? 0}`, j]));
  for (const j of distinct.values()) wakeLocalWhenDue(j.name, j.startAfterSeconds);
  return result;
}
