import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * `npm test`: unit, integration (against DATABASE_URL or a throwaway embedded
 * database), a production build, and the Playwright e2e suite in Debian's
 * Chromium. Ends with one line "N passed, N failed" over all tiers.
 *
 * TEST_TIERS=unit,int limits the tiers (CI's second pass on the embedded default).
 */
const CHROMIUM = "/usr/bin/chromium";
const bin = (name: string) => path.join(process.cwd(), "node_modules", ".bin", name);
const tiers = new Set((process.env.TEST_TIERS ?? "unit,int,e2e").split(",").map((s) => s.trim()));
const runId = randomBytes(4).toString("hex");

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function vitestCounts(file: string): Counts | null {
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
}

function playwrightCounts(file: string): Counts | null {
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  return { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, skipped: r.stats.skipped };
}

async function main() {
  if (tiers.has("e2e") && !existsSync(CHROMIUM)) {
    console.error(
      `\n✖ Chromium is missing (${CHROMIUM}); the e2e tier drives Debian's Chromium.\n` +
        `  Install it with:  sudo apt-get install -y chromium\n` +
        `  (or run only the other tiers: TEST_TIERS=unit,int npm test)\n`,
    );
    process.exit(1);
  }
  const out = path.join(tmpdir(), `orderbridge-test-${runId}`);
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  const failures: string[] = [];
  const add = (name: string, code: number, counts: Counts | null) => {
    if (counts) {
      total.passed += counts.passed;
      total.failed += counts.failed;
      total.skipped += counts.skipped;
    }
    if (code !== 0) {
      failures.push(name);
      if (!counts || counts.failed === 0) total.failed += 1; // a tier that crashed counts as a failure
    }
  };

  for (const tier of ["unit", "int"] as const) {
    if (!tiers.has(tier)) continue;
    const json = `${out}-${tier}.json`;
    const code = await run(bin("vitest"), ["run", "--project", tier, "--reporter=default", "--reporter=json", `--outputFile.json=${json}`]);
    add(tier, code, vitestCounts(json));
  }

  if (tiers.has("e2e")) {
    const build = await run(bin("next"), ["build"], { NEXT_TELEMETRY_DISABLED: "1" });
    if (build !== 0) {
      add("build", build, null);
    } else {
      const json = `${out}-e2e.json`;
      const code = await run(bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: json, E2E_RUN_ID: runId });
      add("e2e", code, playwrightCounts(json));
      rmSync(path.join(tmpdir(), `orderbridge-e2e-${runId}`), { recursive: true, force: true });
    }
  }

  console.log(`\n${failures.length ? `✖ failed tiers: ${failures.join(", ")}` : "✓ all tiers passed"}`);
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exit(failures.length ? 1 : 0);
}

void main();
