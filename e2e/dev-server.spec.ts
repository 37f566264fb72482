import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "./fixtures";

/**
 * `npm run dev` as a newcomer meets it: a cold dev server on a fresh data
 * folder, a fresh browser. The first sign-in must land on the dashboard, and
 * nothing secret typed into any form may reach the dev server's output.
 */
const PORT = 3330;
const BASE = `http://localhost:${PORT}`;
const ADMIN = { email: "owner@dev-e2e.test", password: "dev-admin-Secret-4471" };
const SECRETS = {
  clientSecret: "acu-client-Secret-9913",
  memberPassword: "member-initial-Secret-5527",
  newPassword: "owner-new-Secret-8064",
};

let server: ChildProcess | undefined;
let output = "";
let dataDir = "";

test.describe.configure({ mode: "serial", timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dataDir = mkdtempSync(path.join(tmpdir(), "orderbridge-dev-e2e-"));
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    DATA_DIR: dataDir,
    PORT: String(PORT),
    APP_URL: BASE,
    ACUMATICA_SANDBOX_PORT: "4331",
    TIKTOK_SANDBOX_PORT: "4332",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    // Every line the dev server would print, debug included.
    LOG_LEVEL: "debug",
    NEXT_TELEMETRY_DISABLED: "1",
  } satisfies Partial<NodeJS.ProcessEnv> as unknown as NodeJS.ProcessEnv;
  server = spawn(path.join(process.cwd(), "node_modules", ".bin", "tsx"), ["lib/cli/dev.ts"], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  server.stdout!.on("data", (b: Buffer) => (output += b.toString()));
  server.stderr!.on("data", (b: Buffer) => (output += b.toString()));
  const deadline = Date.now() + 180_000;
  while (!output.includes("OrderBridge is running.")) {
    if (Date.now() > deadline || server.exitCode !== null) throw new Error(`dev server did not start:\n${output.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
});

test.afterAll(async () => {
  if (server?.pid) {
    process.kill(-server.pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 3000));
    try {
      process.kill(-server.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

test("the first sign-in on a cold dev server lands on the dashboard, and no secret reaches the log", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/sign-in`, { timeout: 120_000 });
  await page.getByLabel("E-mail").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 120_000 });

  // A secret in a connector form.
  await page.goto(`${BASE}/connectors/acumatica`, { timeout: 120_000 });
  await page.getByLabel("API URL").fill("http://127.0.0.1:4331/AcumaticaERP");
  await page.getByLabel("API Client ID").fill("6B3A1C52-7F0E-4B8D-9E2A-4F1C8D7B5A90@Company");
  await page.getByLabel("API Client Secret").fill(SECRETS.clientSecret);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Connection settings saved.")).toBeVisible({ timeout: 60_000 });

  // A new member's initial password, and a password change.
  await page.goto(`${BASE}/settings`, { timeout: 120_000 });
  await page.getByLabel("E-mail", { exact: true }).fill("member@dev-e2e.test");
  await page.getByLabel("Initial password").fill(SECRETS.memberPassword);
  await page.getByRole("button", { name: /Add member/i }).click();
  await expect(page.getByText("member@dev-e2e.test").first()).toBeVisible({ timeout: 60_000 });
  await page.getByLabel("Current password").fill(ADMIN.password);
  await page.getByLabel("New password", { exact: true }).fill(SECRETS.newPassword);
  await page.getByLabel("Repeat new password").fill(SECRETS.newPassword);
  await page.getByRole("button", { name: /Change password/i }).click();
  await expect(page.getByText(/Password changed/i)).toBeVisible({ timeout: 60_000 });
  await context.close();

  // Give the server a moment to flush what it logs after the last request.
  await new Promise((r) => setTimeout(r, 1000));
  for (const [name, value] of Object.entries({ ...SECRETS, adminPassword: ADMIN.password })) {
    expect(output.includes(value), `${name} appeared in the dev server's output`).toBe(false);
  }
  // The log did record the activity (so the scan is not of an empty or muted log).
  expect(output).toMatch(/POST \/connectors\/acumatica|POST \/settings/);
});
