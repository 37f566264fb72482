import path from "node:path";
import type { EmbeddedDatabase } from "@/lib/db/embedded/server";
import { startEmbeddedDatabase } from "@/lib/db/embedded/server";
import { migrateDatabase } from "@/lib/db/migrate";

export interface ResolvedDatabase {
  url: string;
  embedded: EmbeddedDatabase | null;
}

/** DATABASE_URL when given, else the embedded PGlite under `<dataDir>/pglite`; migrated either way. */
export async function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<ResolvedDatabase> {
  const embedded = opts.databaseUrl ? null : await startEmbeddedDatabase({ dir: path.join(opts.dataDir, "pglite") });
  const url = opts.databaseUrl ?? embedded!.url;
  try {
    await migrateDatabase(url);
  } catch (err) {
    await embedded?.close();
    throw err;
  }
  return { url, embedded };
}

/** Hides the password of a connection string for printing. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "****";
    return u.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}
