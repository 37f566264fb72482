import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Db } from "@/lib/db/client";
import { createDb, createPool } from "@/lib/db/client";
import { startEmbeddedDatabase } from "@/lib/db/embedded/server";
import { migrateDatabase } from "@/lib/db/migrate";
import { loadEnv } from "@/lib/env";

export interface TestDatabase {
  url: string;
  db: Db;
  pool: pg.Pool;
  kind: "postgres" | "embedded";
  close(): Promise<void>;
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** Refuses anything but a database on this machine: tests create and drop databases. */
export function assertLocalDatabaseUrl(url: string): URL {
  const u = new URL(url);
  if (!LOCAL_HOSTS.has(u.hostname) && !u.searchParams.get("host")?.startsWith("/")) {
    throw new Error(`Refusing to run tests against a non-local database (${u.hostname}). Point DATABASE_URL at a local server.`);
  }
  return u;
}

/** Test databases of runs killed before they could drop their own, older than an hour. */
async function dropStaleTestDatabases(client: pg.Client): Promise<void> {
  const res = await client.query<{ datname: string }>("select datname from pg_database where datname ~ '^ob_test_[0-9]+_[0-9a-f]+$'");
  for (const { datname } of res.rows) {
    const created = Number(datname.split("_")[2]);
    if (created < Date.now() - 3_600_000) await client.query(`drop database if exists ${datname} with (force)`).catch(() => undefined);
  }
}

/**
 * A fresh, migrated database for one test file: a new database on the
 * DATABASE_URL server (dropped afterwards), or an in-memory embedded PGlite
 * when DATABASE_URL is unset.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = loadEnv().DATABASE_URL;
  if (!base) {
    const embedded = await startEmbeddedDatabase();
    await migrateDatabase(embedded.url);
    const pool = createPool(embedded.url, 5);
    return {
      url: embedded.url,
      db: createDb(pool),
      pool,
      kind: "embedded",
      async close() {
        await pool.end();
        await embedded.close();
      },
    };
  }
  const admin = assertLocalDatabaseUrl(base);
  const name = `ob_test_${Date.now()}_${randomBytes(4).toString("hex")}`;
  const adminClient = new pg.Client({ connectionString: admin.toString() });
  await adminClient.connect();
  await dropStaleTestDatabases(adminClient);
  await adminClient.query(`create database ${name}`);
  await adminClient.end();
  const u = new URL(admin.toString());
  u.pathname = `/${name}`;
  const url = u.toString();
  await migrateDatabase(url);
  const pool = createPool(url, 5);
  return {
    url,
    db: createDb(pool),
    pool,
    kind: "postgres",
    async close() {
      await pool.end();
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
