import { getDb } from "@/lib/db/client";
import { isEmbeddedUrl } from "@/lib/db/embedded/marker";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { JOB_REGISTRY } from "@/lib/sync/jobs/registry";
import { createBoss } from "./boss";
import { listenForJobs } from "./job-wake";
import { wakeAllLocal, wakeLocal } from "./local-wake";
import { startWorkers } from "./worker";

// `npm run worker`: one queue worker process; run as many as the load needs, on any machine.
async function main() {
  const url = env().DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL is not set. Point it at the app's database (npm run dev prints it for the embedded one).");
    process.exit(1);
  }
  const boss = createBoss(url, { supervise: true });
  await boss.start();
  // Jobs announced by any process start at once; polling only catches what nobody announced (lib/jobs/job-wake.ts).
  // The embedded server delivers no notification between connections: it is not asked (a start-up check would wait).
  const listener = isEmbeddedUrl(url) ? null : await listenForJobs(url, (queues) => (queues === "*" ? wakeAllLocal() : wakeLocal(queues)));
  const notified = !!listener?.working;
  if (listener && !notified) {
    logger.warn("job notifications do not arrive (a connection pooler in transaction mode?): polling every 0.5 s");
    await listener.stop();
  }
  const pollingIntervalSeconds = notified ? env().JOB_POLL_SECONDS : 0.5;
  await startWorkers(boss, JOB_REGISTRY, getDb(), { pollingIntervalSeconds });
  logger.info("worker started", { jobs: JOB_REGISTRY.length, notifications: notified, pollingIntervalSeconds });
  const stop = async () => {
    await listener?.stop();
    await boss.stop({ graceful: true, timeout: 10_000 });
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((err: unknown) => {
  logger.error("worker failed to start", { err });
  process.exit(1);
});
