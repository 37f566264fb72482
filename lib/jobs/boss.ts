import PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { JOB_REGISTRY } from "@/lib/sync/jobs/registry";
import type { JobDefinition } from "./define-job";
import { queueOptions } from "./define-job";

const key = Symbol.for("orderbridge.boss");
type G = typeof globalThis & { [key]?: Promise<PgBoss> };

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

/** The process's sending instance (web process, scripts). */
export function getBoss(): Promise<PgBoss> {
  const g = globalThis as G;
  if (g[key]) return g[key];
  const starting = (async () => {
    const url = env().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    const boss = createBoss(url, { supervise: false });
    try {
      await boss.start();
      await ensureQueues(boss, JOB_REGISTRY);
      return boss;
    } catch (err) {
      await boss.stop({ graceful: false, close: true }).catch(() => undefined);
      throw err;
    }
  })().catch((err: unknown) => {
    // A failed start (database briefly away) must not be remembered: the next caller tries again.
    if (g[key] === starting) g[key] = undefined;
    throw err;
  });
  g[key] = starting;
  return starting;
}

/**
 * Creates every queue of the registry, so sends work before any worker has
 * started, and brings existing queues to the declared options (a queue created
 * by an older release keeps its policy otherwise; createQueue leaves it alone).
 */
export async function ensureQueues(boss: PgBoss, registry: readonly JobDefinition[]): Promise<void> {
  for (const def of registry) {
    const options = { name: def.name, ...queueOptions(def) };
    await boss.createQueue(def.name, options);
    await boss.updateQueue(def.name, options);
  }
}
