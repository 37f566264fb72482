import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { z } from "zod";

/**
 * The one place that reads process.env. Every variable has a default that suits
 * the embedded development setup; production sets DATABASE_URL, ENCRYPTION_KEY,
 * NEXTAUTH_SECRET and the vendor credentials.
 */
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined));
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** PostgreSQL connection string; unset = embedded PGlite under DATA_DIR. */
  DATABASE_URL: optionalString,
  /** Where the embedded database, generated keys and local state live. */
  DATA_DIR: z.string().default(".data"),
  PORT: port(3000),
  /** Public URL of the app (OAuth redirect URIs, links in logs). */
  APP_URL: optionalString,
  NEXTAUTH_URL: optionalString,
  /** Session signing secret; generated under DATA_DIR when unset. */
  NEXTAUTH_SECRET: optionalString,
  /** 32-byte key (base64 or hex) for secrets at rest; generated under DATA_DIR when unset. */
  ENCRYPTION_KEY: optionalString,
  ADMIN_EMAIL: z.string().email().default("admin@orderbridge.local"),
  ADMIN_PASSWORD: optionalString,
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Reverse proxies in front of the app that append to X-Forwarded-For; 0 = none, the header is not trusted. */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  ACUMATICA_SANDBOX_PORT: port(4101),
  TIKTOK_SANDBOX_PORT: port(4102),
  /** Acumatica sandbox: the connected application it is seeded with. */
  ACUMATICA_SANDBOX_CLIENT_ID: z.string().default("6B3A1C52-7F0E-4B8D-9E2A-4F1C8D7B5A90@Company"),
  ACUMATICA_SANDBOX_CLIENT_SECRET: z.string().default("sandbox-acumatica-secret"),
  /**
   * Hosts, IP addresses and CIDR blocks that merchant-entered URLs (the Acumatica API URL) may reach although
   * they are private or loopback, and the only hosts reached over plain http. `npm run dev` and the tests list
   * the local sandboxes here; production sets it only for an Acumatica on the local network.
   */
  OUTBOUND_ALLOWED_HOSTS: optionalString,
  /** TikTok Shop webhooks older than this (or further than WEBHOOK_MAX_SKEW_SECONDS in the future) are refused. */
  WEBHOOK_MAX_AGE_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(15 * 60),
  WEBHOOK_MAX_SKEW_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /**
   * After a create whose answer was lost, how long Acumatica may still process it (its request queue holds a
   * request up to 10 minutes, plus the client's timeout): no new create is sent for that record before then.
   */
  ACUMATICA_SETTLE_SECONDS: z.coerce.number().int().min(0).max(3600).default(11 * 60),
  /** How long a worker's claim on creating one Acumatica document lasts (must outlast one create, queueing included). */
  SYNC_CLAIM_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(10 * 60),
  /**
   * The Acumatica licence's pace, shared by every worker process: requests per second and in flight at once.
   * Defaults stay at half of a typical 1,500 requests/minute licence, below its slow-down zone.
   */
  ACUMATICA_REQUESTS_PER_SECOND: z.coerce.number().min(0.1).max(10_000).default(10),
  ACUMATICA_MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(1).max(200).default(4),
  /**
   * While orders wait for shipping, each workspace's Acumatica shipments are read this often (one small query);
   * the every-minute schedule starts it again after idle spells.
   */
  ACUMATICA_SHIPMENT_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  /**
   * How often a worker looks for jobs nobody announced (delayed retries, cron) when PostgreSQL job notifications
   * work; jobs due now start at once either way. Without notifications (some embedded setups) it polls every 0.5 s.
   */
  JOB_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(5),
  /** Give up waiting for one Acumatica answer after this long. */
  ACUMATICA_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(900).default(60),
  TIKTOK_SHOP_API_URL: optionalString,
  TIKTOK_SHOP_AUTH_URL: optionalString,
  TIKTOK_SHOP_AUTHORIZE_URL: optionalString,
  TIKTOK_SHOP_APP_KEY: optionalString,
  TIKTOK_SHOP_APP_SECRET: optionalString,
  TIKTOK_SHOP_SERVICE_ID: optionalString,
});

/** The TikTok Shop sandbox's public app; used only outside production (npm run dev, tests). */
export const TIKTOK_SANDBOX_APP = { appKey: "6a1sandboxkey", appSecret: "sandbox-tiktok-app-secret", serviceId: "7000000000000000001" } as const;

/** Settings production must set explicitly: their development defaults are public (the sandbox's) or local-only. */
const REQUIRED_IN_PRODUCTION = [
  "APP_URL",
  "TIKTOK_SHOP_API_URL",
  "TIKTOK_SHOP_AUTH_URL",
  "TIKTOK_SHOP_AUTHORIZE_URL",
  "TIKTOK_SHOP_APP_KEY",
  "TIKTOK_SHOP_APP_SECRET",
  "TIKTOK_SHOP_SERVICE_ID",
] as const;

export type Env = z.infer<typeof schema> & {
  appUrl: string;
  dataDir: string;
  authSecret: string;
  encryptionKey: Buffer;
  tiktok: { apiUrl: string; authUrl: string; authorizeUrl: string; appKey: string; appSecret: string; serviceId: string };
  acumaticaSandboxUrl: string;
};

let cached: Env | undefined;

/**
 * Reads a generated secret, creating it on first use. Several processes may
 * start at once on a fresh folder (test workers, app and worker): the value is
 * written to a private temp file and hard-linked into place, so exactly one
 * value wins and nobody ever reads a half-written file.
 */
function readOrCreateSecret(dataDir: string, name: string, make: () => string): string {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(tmp, make() + "\n", { mode: 0o600 });
  try {
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
  return readFileSync(file, "utf8").trim();
}

function parseKey(raw: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, "hex") : Buffer.from(raw, "base64");
  if (key.length !== 32) throw new Error("ENCRYPTION_KEY must be 32 bytes, given as 64 hex characters or base64");
  return key;
}

function isLocalUrl(url: string): boolean {
  try {
    return ["localhost", "127.0.0.1", "::1", "[::1]"].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === "production") {
    // APP_URL may also come as NEXTAUTH_URL (next-auth's own name).
    const missing = REQUIRED_IN_PRODUCTION.filter((k) => !(k === "APP_URL" ? e.APP_URL ?? e.NEXTAUTH_URL : e[k]));
    if (missing.length) {
      throw new Error(
        `Invalid environment for production (NODE_ENV=production): set ${missing.join(", ")}.\n` +
          "  The development defaults point at the local sandboxes and their public keys; a production install must use its own TikTok Shop app and public URL.",
      );
    }
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const appUrl = (e.APP_URL ?? e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
  // A database on another machine means several app servers may share it: a key file generated on
  // one of them would not be known to the others, so such deployments must set the keys explicitly.
  if (e.NODE_ENV === "production" && e.DATABASE_URL && !isLocalUrl(e.DATABASE_URL) && (!e.ENCRYPTION_KEY || !e.NEXTAUTH_SECRET)) {
    throw new Error("ENCRYPTION_KEY and NEXTAUTH_SECRET must be set when DATABASE_URL points at another machine (keys are only generated for local setups)");
  }
  if (e.NODE_ENV === "production" && !appUrl.startsWith("https://") && !isLocalUrl(appUrl)) {
    throw new Error(`APP_URL must be an https:// URL in production (got ${appUrl}); sign-in cookies are Secure-only there.`);
  }
  const authSecret = e.NEXTAUTH_SECRET ?? readOrCreateSecret(dataDir, "auth-secret", () => randomBytes(32).toString("base64url"));
  const encryptionKey = parseKey(e.ENCRYPTION_KEY ?? readOrCreateSecret(dataDir, "encryption.key", () => randomBytes(32).toString("base64")));
  const tiktokSandbox = `http://127.0.0.1:${e.TIKTOK_SANDBOX_PORT}`;
  return {
    ...e,
    appUrl,
    dataDir,
    authSecret,
    encryptionKey,
    tiktok: {
      apiUrl: e.TIKTOK_SHOP_API_URL ?? tiktokSandbox,
      authUrl: e.TIKTOK_SHOP_AUTH_URL ?? tiktokSandbox,
      authorizeUrl: e.TIKTOK_SHOP_AUTHORIZE_URL ?? `${tiktokSandbox}/oauth/authorize`,
      appKey: e.TIKTOK_SHOP_APP_KEY ?? TIKTOK_SANDBOX_APP.appKey,
      appSecret: e.TIKTOK_SHOP_APP_SECRET ?? TIKTOK_SANDBOX_APP.appSecret,
      serviceId: e.TIKTOK_SHOP_SERVICE_ID ?? TIKTOK_SANDBOX_APP.serviceId,
    },
    acumaticaSandboxUrl: `http://127.0.0.1:${e.ACUMATICA_SANDBOX_PORT}/AcumaticaERP`,
  };
}

/** `npm start`: checks the environment as production will read it, whatever NODE_ENV this launcher got. */
export function assertProductionEnv(source: Record<string, string | undefined> = process.env): void {
  loadEnv({ ...source, NODE_ENV: "production" });
}

/** Tests that change process.env (e.g. point TIKTOK_SHOP_* at a sandbox on a free port) read it again. */
export function resetEnvForTests(): void {
  cached = undefined;
}

/** The validated environment of this process (read once). */
export function env(): Env {
  cached ??= loadEnv();
  return cached;
}
