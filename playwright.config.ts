import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

/**
 * e2e runs a production build (`next build` first; `npm test` does it) on a
 * fresh data folder and a fresh database, with both sandboxes, on ports of its
 * own so a running `npm run dev` is not disturbed.
 */
const PORT = 3210;
export const E2E_DATA_DIR = path.join(tmpdir(), `orderbridge-e2e-${process.env.E2E_RUN_ID ?? "local"}`);

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "e2e", testMatch: /.*\.spec\.ts/, dependencies: ["setup"] },
  ],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    },
  },
  webServer: {
    command: "npx tsx lib/cli/e2e-server.ts",
    url: `http://localhost:${PORT}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    // SIGTERM (not Playwright's default SIGKILL) so the server stops its children and drops its e2e database.
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      APP_URL: `http://localhost:${PORT}`,
      DATA_DIR: E2E_DATA_DIR,
      ACUMATICA_SANDBOX_PORT: "4211",
      TIKTOK_SANDBOX_PORT: "4212",
      ADMIN_EMAIL: "owner@e2e.test",
      ADMIN_PASSWORD: "e2e-owner-password-1",
      LOG_LEVEL: "warn",
    },
  },
});
