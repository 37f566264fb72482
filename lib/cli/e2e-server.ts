import { rmSync } from "node:fs";
import pg from "pg";
import { loadEnv } from "@/lib/env";
import { assertLocalDatabaseUrl } from "@/lib/testing/test-db";

/**
 * The server Playwright starts: a fresh data folder and (with DATABASE_URL) a
 * fresh database on that server, the demo seed for e2e, both sandboxes, the
 * worker, and `next start` on the build from `npm run build`.
 */
async function main() {
  const initial = loadEnv();
  rmSync(initial.dataDir, { recursive: true, force: true });
  if (initial.DATABASE_URL) {
    const admin = assertLocalDatabaseUrl(initial.DATABASE_URL);
    const name = `ob_e2e_${Date.now().toString(36)}`;
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`create database ${name}`);
    await client.end();
    admin.pathname = `/${name}`;
    // The launcher and its children read DATABASE_URL from the environment.
    process.env.DATABASE_URL = admin.toString();
  }
  const { launch } = await import("./launch");
  await launch({ mode: "start", withSandboxes: true, withWorker: true, afterBootstrap: async (db) => (await import("@/lib/testing/e2e-seed")).seedE2e(db) });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
