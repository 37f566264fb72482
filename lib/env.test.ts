import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { loadEnv } from "./env";

const dir = mkdtempSync(path.join(tmpdir(), "ob-env-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("environment", () => {
  it("generates the keys once and every process that starts at the same time reads the same ones", async () => {
    const run = promisify(execFile);
    const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
    const script = `import { loadEnv } from "${path.join(process.cwd(), "lib", "env.ts")}"; const e = loadEnv({ DATA_DIR: "${dir}" }); console.log(e.encryptionKey.toString("hex") + " " + e.authSecret);`;
    const outs = await Promise.all(Array.from({ length: 4 }, () => run(tsx, ["-e", script]).then((r) => r.stdout.trim())));
    expect(new Set(outs).size).toBe(1);
    expect(outs[0]!.split(" ")[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(path.join(dir, "encryption.key"), "utf8").trim().length).toBeGreaterThan(40);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("names the variable that is wrong", () => {
    expect(() => loadEnv({ DATA_DIR: dir, PORT: "http" })).toThrow(/PORT/);
    expect(() => loadEnv({ DATA_DIR: dir, ENCRYPTION_KEY: "short" })).toThrow(/ENCRYPTION_KEY must be 32 bytes/);
  });

  const production = {
    NODE_ENV: "production",
    APP_URL: "https://orderbridge.example.com",
    TIKTOK_SHOP_API_URL: "https://open-api.tiktokglobalshop.com",
    TIKTOK_SHOP_AUTH_URL: "https://auth.tiktok-shops.com",
    TIKTOK_SHOP_AUTHORIZE_URL: "https://services.tiktokshop.com/open/authorize",
    TIKTOK_SHOP_APP_KEY: "real-key",
    TIKTOK_SHOP_APP_SECRET: "real-secret",
    TIKTOK_SHOP_SERVICE_ID: "7100000000000000001",
  };

  it("requires explicit keys when the database is on another machine in production", () => {
    expect(() => loadEnv({ DATA_DIR: dir, ...production, DATABASE_URL: "postgres://db.example.com/app" })).toThrow(/ENCRYPTION_KEY and NEXTAUTH_SECRET must be set/);
    expect(() => loadEnv({ DATA_DIR: dir, ...production, DATABASE_URL: "postgres://127.0.0.1/app" })).not.toThrow();
  });

  it("refuses to start production on the sandbox's public TikTok app, naming every missing variable", () => {
    expect(() => loadEnv({ DATA_DIR: dir, NODE_ENV: "production" })).toThrow(
      /set APP_URL, TIKTOK_SHOP_API_URL, TIKTOK_SHOP_AUTH_URL, TIKTOK_SHOP_AUTHORIZE_URL, TIKTOK_SHOP_APP_KEY, TIKTOK_SHOP_APP_SECRET, TIKTOK_SHOP_SERVICE_ID/,
    );
    const { TIKTOK_SHOP_APP_SECRET: _omit, ...withoutSecret } = production;
    expect(() => loadEnv({ DATA_DIR: dir, ...withoutSecret })).toThrow(/set TIKTOK_SHOP_APP_SECRET\./);
    expect(loadEnv({ DATA_DIR: dir, ...production }).tiktok).toMatchObject({ appKey: "real-key", appSecret: "real-secret" });
    // Outside production the sandbox's app is the default.
    expect(loadEnv({ DATA_DIR: dir }).tiktok.appKey).toBe("6a1sandboxkey");
  });

  it("requires an https APP_URL in production, except on this machine", () => {
    expect(() => loadEnv({ DATA_DIR: dir, ...production, APP_URL: "http://orderbridge.example.com" })).toThrow(/APP_URL must be an https/);
    expect(() => loadEnv({ DATA_DIR: dir, ...production, APP_URL: "http://localhost:3210" })).not.toThrow();
  });
});
