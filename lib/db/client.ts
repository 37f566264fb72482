import { drizzle } from "drizzle-orm/node-postgres";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Db = NodePgDatabase<typeof schema>;
/** A transaction handle; data functions accept either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 });
  // An idle client's error (server restart) must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  return pool;
}

export function createDb(pool: pg.Pool): Db {
  return drizzle(pool, { schema });
}

interface Shared {
  pool: pg.Pool;
  db: Db;
}

const globalKey = Symbol.for("orderbridge.db");
type GlobalWithDb = typeof globalThis & { [globalKey]?: Shared };

/**
 * The process-wide database handle. The connection string comes from
 * DATABASE_URL, which the launch scripts set to the embedded server's address
 * when the developer gave none. Kept on globalThis so Next's dev reloads reuse it.
 */
export function getDb(): Db {
  const g = globalThis as GlobalWithDb;
  if (!g[globalKey]) {
    const url = databaseUrl();
    const pool = createPool(url);
    g[globalKey] = { pool, db: createDb(pool) };
  }
  return g[globalKey].db;
}

/** The process-wide pool behind getDb(), for code that needs a raw client (pg-boss in a transaction). */
export function getPool(): pg.Pool {
  getDb();
  return (globalThis as GlobalWithDb)[globalKey]!.pool;
}


function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set: start the app with `npm run dev` (embedded database) or set DATABASE_URL to a PostgreSQL server");
  }
  return url;
}
