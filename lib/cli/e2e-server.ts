import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { loadEnv } from "@/lib/env";
import { assertLocalDatabaseUrl } from "@/lib/testing/test-db";

/**
 * The server Playwright starts: a fresh data folder and (with DATABASE_URL) a
 * fresh database on that server, the demo seed for e2e, both sandboxes, the
 * worker, and `next start` on the build from `npm run build`.
 */
let dropOnExit: (() => Promise<void>) | undefined;

async function main() {
  const initial = loadEnv();
  // It starts from an empty data folder, so it only ever wipes one under the temp directory (never ./.data).
  if (!initial.dataDir.startsWith(path.resolve(tmpdir()) + path.sep)) {
    throw new Error(`e2e-server wipes its DATA_DIR; set DATA_DIR to a folder under ${tmpdir()} (got ${initial.dataDir})`);
  }
  rmSync(initial.dataDir, { recursive: true, force: true });
  if (initial.DATABASE_URL) {
    const admin = assertLocalDatabaseUrl(initial.DATABASE_URL);
    const name = `ob_e2e_${Date.now()}`;
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    // Databases of earlier runs that were killed before they could drop their own (older than an hour).
    const stale = await client.query<{ datname: string }>("select datname from pg_database where datname ~ '^ob_e2e_[0-9]+$'");
    for (const { datname } of stale.rows) {
      if (Number(datname.slice("ob_e2e_".length)) < Date.now() - 3_600_000) await client.query(`drop database if exists ${datname} with (force)`);
    }
    await client.query(`create database ${name}`);
    await client.end();
    const adminUrl = admin.toString();
    dropOnExit = async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
    admin.pathname = `/${name}`;
    // The launcher and its children read DATABASE_URL from the environment.
    process.env.DATABASE_URL = admin.toString();
  }
  const { launch } = await import("./launch");
  await launch({
    mode: "start",
    withSandboxes: true,
    withWorker: true,
    afterBootstrap: async (db) => (await import("@/lib/testing/e2e-seed")).seedE2e(db),
    onShutdown: () => dropOnExit?.(),
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
