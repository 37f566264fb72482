import { spawn } from "node:child_process";
import { syncRuns } from "@/lib/db/schema";
import { callOperator } from "@/lib/connectors/acumatica/sandbox/testing";
import { saveOrderSettingsSection } from "@/lib/order-settings/service";
import type { CatalogPullCounts } from "@/lib/sync/acumatica/pull-products";
import { startEngineWorld } from "@/lib/testing/engine-world";
import type { EngineWorld } from "@/lib/testing/engine-world";

type Report = (name: string, value: string) => void;

interface PullResult {
  counts: CatalogPullCounts | { skipped: string };
  seconds: number;
  peakRssMiB: number | null;
  heapAtTenthMiB: number | null;
  heapAtEndMiB: number;
}

/** One pull in its own process (lib/cli/bench-catalog-pull.ts) against the world's database and sandbox. */
function pullInChild(w: EngineWorld, args: string[]): Promise<PullResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", "lib/cli/bench-catalog-pull.ts", ...args], {
      env: { ...process.env, DATABASE_URL: w.t.url, OUTBOUND_ALLOWED_HOSTS: "127.0.0.1,localhost", LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0) return reject(new Error(`catalog pull process exited with ${code}: ${out}`));
      resolve(JSON.parse(line) as PullResult);
    });
  });
}

/**
 * The catalog scenario of `npm run bench`: an item master of `n` stock items
 * (every 5th group of 10 the variants of a template) pulled from the Acumatica
 * sandbox into an empty catalog page by page, by a process of its own, then
 * read again by a force resync (nothing changed). A tenth of the catalog is
 * pulled first in another workspace: the pull's peak resident memory should
 * not grow with the catalog (one page in memory at a time; V8 lets garbage
 * pile up before collecting, so the heap left after a GC is printed too). The licence pace
 * is lifted: the engine is measured, not the licence (at the default 10
 * requests/s, pages of 100 cap a pull at 1,000 items/s).
 */
export async function benchCatalog(report: Report, opts: { n: number }) {
  const w = await startEngineWorld({ acumatica: { limits: { requestsPerMinute: 1_000_000, maxConcurrentRequests: 100 } } });
  try {
    const addItems = async (count: number) => {
      for (let made = 0; made < count; made += 5_000) await callOperator(w.acumatica, "POST", "/items/bulk", { count: Math.min(5_000, count - made), prefix: "BENCH", templateEvery: 5 });
    };
    const workspace = async (name: string) => {
      const { ctx } = await w.merchant(name);
      await saveOrderSettingsSection(w.t.db, ctx, "catalog", { pullProducts: true });
      return ctx.workspaceId;
    };
    const line = (label: string, r: PullResult) => {
      if ("skipped" in r.counts) throw new Error(`catalog pull skipped: ${r.counts.skipped}`);
      const c = r.counts;
      report(label, `${(c.read / r.seconds).toFixed(0)} items/s (${c.read.toLocaleString("en")} items, ${r.seconds.toFixed(1)} s, ${c.pages} pages)`);
      report(`  memory`, `peak RSS ${r.peakRssMiB?.toFixed(0)} MiB; heap after GC ${r.heapAtTenthMiB?.toFixed(1)} MiB at 1/10 of the items, ${r.heapAtEndMiB.toFixed(1)} MiB at the end`);
    };

    const tenth = Math.max(100, Math.round(opts.n / 10));
    await addItems(tenth);
    line(`catalog pull, ${tenth.toLocaleString("en")}-item catalog`, await pullInChild(w, [await workspace("Bench catalog small"), "incremental", "", String(tenth)]));
    await addItems(opts.n - tenth);
    const big = await workspace("Bench catalog");
    const full = await pullInChild(w, [big, "incremental", "", String(opts.n)]);
    line(`catalog pull, ${opts.n.toLocaleString("en")}-item catalog`, full);
    const [run] = await w.t.db.insert(syncRuns).values({ workspaceId: big, flow: "acumatica.resync-products" }).returning({ id: syncRuns.id });
    line(`force resync, ${opts.n.toLocaleString("en")} items (all unchanged)`, await pullInChild(w, [big, "full", run!.id, String(opts.n)]));
  } finally {
    await w.close();
  }
}
