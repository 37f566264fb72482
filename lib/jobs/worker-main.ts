import { getDb } from "@/lib/db/client";
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
  const listener = await listenForJobs(url, (queues) => (queues === "*" ? wakeAllLocal() : wakeLocal(queues)));
  const pollingIntervalSeconds = listener.working ? env().JOB_POLL_SECONDS : 0.5;
  await startWorkers(boss, JOB_REGISTRY, getDb(), { pollingIntervalSeconds });
  logger.info("worker started", { jobs: JOB_REGISTRY.length, notifications: listener.working, pollingIntervalSeconds });
  const stop = async () => {
    await listener.stop();
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
