import { sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import type pg from "pg";
import type { Db, DbOrTx } from "./client";
import { EMBEDDED_APPLICATION_NAME, isEmbeddedUrl } from "./embedded/marker";

function rawClientOf(db: DbOrTx): pg.Pool | pg.PoolClient | undefined {
  const client = (db as { $client?: { query?: unknown } }).$client;
  return client && typeof client.query === "function" ? (client as pg.Pool | pg.PoolClient) : undefined;
}

/**
 * Named statements live in a connection's session; the embedded server runs all connections in one session, where
 * two connections preparing the same name collide. There, statements stay unnamed.
 */
function namedStatementsOn(client: pg.Pool | pg.PoolClient | undefined): boolean {
  if (!client) return false;
  const c = client as { options?: { connectionString?: string }; connectionParameters?: { application_name?: string } };
  if (c.connectionParameters) return c.connectionParameters.application_name !== EMBEDDED_APPLICATION_NAME;
  return !isEmbeddedUrl(c.options?.connectionString ?? "");
}

/**
 * A hot query prepared once per database handle, as a named statement: PostgreSQL parses it once per connection
 * and, after a few runs, reuses a generic plan, and drizzle builds its SQL once instead of on every call. For the
 * queries every order runs (planning the order load alone cost more than running it). A prepared query belongs to
 * the handle it was built on, so each handle (the pool's, a transaction connection's) gets its own.
 */
export function preparedPerDb<T>(name: string, build: (db: Db, name: string | undefined) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let q = cache.get(db);
    if (q === undefined) {
      q = build(db, namedStatementsOn(rawClientOf(db)) ? name : undefined);
      cache.set(db, q);
    }
    return q;
  };
}

/**
 * Runs hand-written SQL (`$1`, `$2`… parameters) as a named statement when `db` is a pooled or connection handle,
 * so the server parses and plans it once per connection. On a drizzle transaction handle (no raw client) the same
 * text runs as an ordinary parameterized query.
 */
export async function executeNamed<R>(db: DbOrTx, name: string, text: string, values: unknown[]): Promise<R[]> {
  const client = rawClientOf(db);
  if (client) return (await client.query(namedStatementsOn(client) ? { name, text, values } : { text, values })).rows as R[];
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${values[Number(part) - 1]}`));
  return (await db.execute(sql.join(chunks))).rows as R[];
}
