import type pg from "pg";
import type { Db } from "./client";
import { createDb } from "./client";

/** Runs raw SQL on the transaction's connection; the shape pg-boss takes as `db` to send inside it. */
export interface SqlExecutor {
  executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * One transaction on one pooled connection, offered both as a drizzle handle
 * and as a raw executor, so a write and the job it enqueues (pg-boss `send`
 * with `{ db }`) commit or roll back together.
 */
/** One drizzle handle per pooled connection (pooled connections are reused; building a handle walks the whole schema). */
const handles = new WeakMap<pg.PoolClient, Db>();

export async function withPgTransaction<T>(pool: pg.Pool, fn: (tx: { db: Db; sql: SqlExecutor }) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    let db = handles.get(client);
    if (!db) {
      db = createDb(client as unknown as pg.Pool);
      handles.set(client, db);
    }
    const result = await fn({ db, sql: { executeSql: (text, values) => client.query(text, values) } });
    await client.query("commit");
    return result;
  } catch (err) {
    await client.query("rollback").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
