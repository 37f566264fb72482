import path from "node:path";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { createDb, createPool } from "./client";

export const MIGRATIONS_DIR = path.join(process.cwd(), "drizzle");

/** Applies the committed drizzle-kit migrations; safe to run from several processes at start-up. */
export async function migrateDatabase(url: string): Promise<void> {
  const pool = createPool(url, 2);
  try {
    const client = await pool.connect();
    try {
      // Serialise concurrent start-ups (app + worker) on one advisory lock.
      await client.query("select pg_advisory_lock(7262001)");
      await migrate(createDb(pool), { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await client.query("select pg_advisory_unlock(7262001)").catch(() => undefined);
      client.release();
    }
  } finally {
    await pool.end();
  }
}
