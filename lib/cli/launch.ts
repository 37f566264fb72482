import { existsSync } from "node:fs";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import { createDb, createPool } from "@/lib/db/client";
import { EmbeddedDatabaseLockedError } from "@/lib/db/embedded/server";
import { env } from "@/lib/env";
import { ensureFirstOwner, INITIAL_PASSWORD_FILE } from "@/lib/workspaces/bootstrap";
import type { ResolvedDatabase } from "./database";
import { describeDatabaseUrl, openDatabase } from "./database";
import { ProcessGroup } from "./processes";
import { startSandboxes } from "./sandboxes";

export interface LaunchOptions {
  /** `next dev` (hot reload) or `next start` (a production build). */
  mode: "dev" | "start";
  withSandboxes: boolean;
  withWorker: boolean;
  /** Extra seeding after the first owner exists (e2e). */
  afterBootstrap?: (db: Db) => Promise<void>;
  /** Runs after every process has stopped, before exit. */
  onShutdown?: () => Promise<void> | undefined;
}

const bin = (name: string) => path.join(process.cwd(), "node_modules", ".bin", name);

async function waitForHealth(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

/**
 * Brings up everything OrderBridge needs on one machine: the database (embedded
 * unless DATABASE_URL is set) with migrations applied, the first owner, the
 * vendor sandboxes, the queue worker and the Next.js server; prints where to
 * sign in; stops it all on Ctrl-C.
 */
export async function launch(opts: LaunchOptions): Promise<void> {
  const e = env();
  let database: ResolvedDatabase;
  try {
    database = await openDatabase({ databaseUrl: e.DATABASE_URL, dataDir: e.dataDir });
  } catch (err) {
    if (err instanceof EmbeddedDatabaseLockedError) {
      console.error(`\n✖ ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }

  const pool = createPool(database.url, 2);
  const owner = await ensureFirstOwner(createDb(pool), { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD, dataDir: e.dataDir });
  if (owner.created) await opts.afterBootstrap?.(createDb(pool));
  await pool.end();

  const sandboxes = opts.withSandboxes ? await startSandboxes() : null;

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    APP_URL: e.appUrl,
    NEXTAUTH_URL: e.appUrl,
    PORT: String(e.PORT),
    NEXT_TELEMETRY_DISABLED: "1",
    ...(sandboxes ? sandboxes.appEnv : {}),
  };

  const group = new ProcessGroup((name, code) => {
    console.error(`✖ ${name} exited (code ${code}); stopping.`);
    void shutdown(1);
  });
  let shuttingDown = false;
  async function shutdown(code: number) {
    if (shuttingDown) return;
    shuttingDown = true;
    await group.stopAll();
    await sandboxes?.close();
    await database.embedded?.close();
    await Promise.resolve(opts.onShutdown?.()).catch((err: unknown) => console.error(err));
    process.exit(code);
  }
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  if (opts.withWorker) group.spawn("worker", bin("tsx"), ["lib/jobs/worker-main.ts"], childEnv);
  group.spawn("next", bin("next"), [opts.mode, "-p", String(e.PORT)], childEnv);

  const up = await waitForHealth(`http://127.0.0.1:${e.PORT}`, 180_000);
  const lines = [
    "",
    up ? "OrderBridge is running." : "OrderBridge did not answer /api/health within 3 minutes; see the log above.",
    `  Open:      ${e.appUrl}`,
    `  Sign in:   ${owner.email}`,
  ];
  if (owner.generatedPassword) {
    lines.push(`  Password:  ${owner.generatedPassword}   (generated now and shown once; also saved to ${owner.passwordFile})`);
  } else if (e.ADMIN_PASSWORD) {
    lines.push("  Password:  the ADMIN_PASSWORD you set");
  } else {
    const file = path.join(e.dataDir, INITIAL_PASSWORD_FILE);
    lines.push(`  Password:  shown at first start${existsSync(file) ? `; kept in ${file}` : ""}`);
  }
  lines.push(`  Database:  ${database.embedded ? `embedded PGlite in ${path.join(e.dataDir, "pglite")} (${database.url})` : describeDatabaseUrl(database.url)}`);
  for (const s of sandboxes?.describe ?? []) lines.push(`  ${s}`);
  lines.push(`  Worker:    ${opts.withWorker ? "running (pg-boss)" : "not started here — run `npm run worker`"}`, "");
  console.log(lines.join("\n"));
}
