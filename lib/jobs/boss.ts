import PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { JOBS } from "@/lib/sync/jobs/catalog";
import type { JobOptions } from "./define-job";
import { queueOptions } from "./define-job";

const key = Symbol.for("orderbridge.boss");
type G = typeof globalThis & { [key]?: Map<string, Promise<PgBoss>> };

/**
 * Creates a pg-boss instance on the app's database. `supervise` (maintenance,
 * expiry) runs in worker processes; the web process only sends.
 */
export function createBoss(url: string, opts: { supervise: boolean }): PgBoss {
  const boss = new PgBoss({
    connectionString: url,
    schema: "pgboss",
    max: 4,
    supervise: opts.supervise,
    schedule: opts.supervise,
    migrate: true,
  });
  boss.on("error", (err) => logger.error("pg-boss error", { err }));
  return boss;
}

/** The process's sending instance on DATABASE_URL (web process, scripts). */
export function getBoss(): Promise<PgBoss> {
  const url = env().DATABASE_URL;
  if (!url) return Promise.reject(new Error("DATABASE_URL is not set"));
  return getBossFor(url);
}

/** A started sending instance for the database at `url`, one per process and database (tests use one per test database). */
export function getBossFor(url: string): Promise<PgBoss> {
  const g = globalThis as G;
  const cache = (g[key] ??= new Map());
  const existing = cache.get(url);
  if (existing) return existing;
  const starting = (async () => {
    const boss = createBoss(url, { supervise: false });
    try {
      await boss.start();
      await ensureQueues(boss, Object.values(JOBS));
      return boss;
    } catch (err) {
      await boss.stop({ graceful: false, close: true }).catch(() => undefined);
      throw err;
    }
  })().catch((err: unknown) => {
    // A failed start (database briefly away) must not be remembered: the next caller tries again.
    if (cache.get(url) === starting) cache.delete(url);
    throw err;
  });
  cache.set(url, starting);
  return starting;
}

/** Stops the sending instance of `url` (tests, before dropping their database). */
export async function stopBossFor(url: string): Promise<void> {
  const cache = (globalThis as G)[key];
  const boss = await cache?.get(url)?.catch(() => undefined);
  cache?.delete(url);
  await boss?.stop({ graceful: false, close: true });
}

/**
 * Creates every queue of the registry, so sends work before any worker has
 * started, and brings existing queues to the declared options (a queue created
 * by an older release keeps its policy otherwise; createQueue leaves it alone).
 */
export async function ensureQueues(boss: PgBoss, registry: ReadonlyArray<{ name: string; options: JobOptions }>): Promise<void> {
  for (const def of registry) {
    const options = { name: def.name, ...queueOptions(def) };
    await boss.createQueue(def.name, options);
    await boss.updateQueue(def.name, options);
  }
}
