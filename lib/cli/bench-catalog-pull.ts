import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { createDb, createPool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { stopBossForDb, withJobTransaction } from "@/lib/jobs/transaction";
import { pullProducts } from "@/lib/sync/acumatica/pull-products";

/**
 * One catalog pull in a process of its own, for `npm run bench` (so its peak
 * resident memory is the pull's, not the sandbox's): argv[2] is the workspace,
 * argv[3] "incremental" or "full" (with argv[4] the resync's run id), argv[5]
 * the items expected. Prints one JSON line: counts, seconds, peak RSS, and the
 * heap still in use after a full GC once a tenth of the items and all of them
 * are in (run with --expose-gc): flat when the pull holds one page at a time.
 */
async function main() {
  const [workspaceId, mode = "incremental", runId, expected = "0"] = process.argv.slice(2);
  const gc = (globalThis as { gc?: () => void }).gc;
  const retained = () => {
    gc?.();
    return process.memoryUsage().heapUsed / 1024 / 1024;
  };
  let atTenth: number | null = null;
  if (!workspaceId) throw new Error("usage: bench-catalog-pull <workspaceId> [incremental|full] [runId]");
  const pool = createPool(env().DATABASE_URL!, 4);
  const db = createDb(pool);
  const t0 = performance.now();
  const counts = await pullProducts(
    { db, transaction: (fn) => withJobTransaction(db, fn), settleMs: 0, clientOptions: { budget: { perSecond: 100_000, burst: 100_000, concurrency: 16 } } },
    { workspaceId, mode: mode === "full" ? "full" : "incremental", runId: runId || undefined },
    {
      afterPage: (_stream, c) => {
        if (atTenth === null && c.read >= Number(expected) / 10) atTenth = retained();
      },
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
  console.log(JSON.stringify({ counts, seconds, peakRssMiB: kb ? Number(kb) / 1024 : null, heapAtTenthMiB: atTenth, heapAtEndMiB: retained() }));
  await stopBossForDb(db);
  await pool.end();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
