import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("npm start", () => {
  it("refuses to start without the production TikTok Shop settings, naming each variable", () => {
    const env = {} as NodeJS.ProcessEnv;
    // Only what a shell would have: no TIKTOK_SHOP_*, no APP_URL.
    for (const key of ["PATH", "HOME", "DATA_DIR", "TMPDIR"]) if (process.env[key]) env[key] = process.env[key]!;
    const run = spawnSync(path.join(process.cwd(), "node_modules", ".bin", "tsx"), ["lib/cli/start.ts"], { env, encoding: "utf8", timeout: 60_000 });
    expect(run.status).toBe(1);
    for (const name of ["APP_URL", "TIKTOK_SHOP_API_URL", "TIKTOK_SHOP_AUTH_URL", "TIKTOK_SHOP_AUTHORIZE_URL", "TIKTOK_SHOP_APP_KEY", "TIKTOK_SHOP_APP_SECRET", "TIKTOK_SHOP_SERVICE_ID"]) {
      expect(run.stderr).toContain(name);
    }
  });
});
