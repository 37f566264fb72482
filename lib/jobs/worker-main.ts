import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { JOB_REGISTRY } from "@/lib/sync/jobs/registry";
import { createBoss } from "./boss";
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
  await startWorkers(boss, JOB_REGISTRY, getDb());
  logger.info("worker started", { jobs: JOB_REGISTRY.map((j) => j.name) });
  const stop = async () => {
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
