import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RateBudget } from "../shared/rate-budget";
import { createMemoryRateBudget } from "../shared/rate-budget";
import { createMemoryTokenStore } from "../shared/token-store";
import type { AuthEvent } from "./client";
import { createTikTokShopClient, rateBudgetKey } from "./client";
import { TikTokShopError } from "./errors";
import type { TikTokSandbox } from "./sandbox/server";
import { FAST_RETRY, TEST_APP, connectSeller, operate, shopFixture, startTestSandbox } from "./sandbox/testing";

let sandbox: TikTokSandbox;
const US = shopFixture("US");

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await operate(sandbox, "DELETE", "/faults");
});

function spyFetch() {
  const urls: string[] = [];
  const f: typeof fetch = (input, init) => {
    urls.push(String(input));
    return fetch(input, init);
  };
  return { f, urls, count: (part: string) => urls.filter((u) => u.includes(part)).length };
}

async function setup(extra: Partial<Parameters<typeof createTikTokShopClient>[0]> = {}) {
  const tokens = await connectSeller(sandbox);
  const tokenStore = createMemoryTokenStore(tokens);
  const spy = spyFetch();
  const events: AuthEvent[] = [];
  const client = createTikTokShopClient({
    apiBaseUrl: sandbox.url,
    authBaseUrl: sandbox.url,
    ...TEST_APP,
    tokenStore,
    shopCipher: US.cipher,
    fetch: spy.f,
    retry: FAST_RETRY,
    onAuthEvent: (e) => events.push(e),
    ...extra,
  });
  return { client, tokenStore, tokens, spy, events };
}

const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as TikTokShopError);

describe("tokens", () => {
  it("refreshes on 105002, persists the rotated pair and retries once", async () => {
    const { client, tokenStore, tokens, spy, events } = await setup();
    await operate(sandbox, "POST", "/tokens/expire", { access_token: tokens.accessToken });
    expect((await client.getWarehouses()).length).toBe(2);
    const stored = (await tokenStore.get())!;
    expect(stored.accessToken).not.toBe(tokens.accessToken);
    expect(stored.refreshToken).not.toBe(tokens.refreshToken);
    expect(spy.count("/api/v2/token/refresh")).toBe(1);
    expect(spy.count("/logistics/202309/warehouses")).toBe(2);
    expect(events.map((e) => e.type)).toEqual(["refreshed"]);
  });

  it("refreshes before expiry without a failed call", async () => {
    const { client, tokenStore, spy } = await setup();
    const t = (await tokenStore.get())!;
    await tokenStore.withRefreshLock(async () => ({ ...t, accessExpiresAt: new Date(Date.now() + 60_000) }));
    await client.getWarehouses();
    expect(spy.count("/api/v2/token/refresh")).toBe(1);
    expect(spy.count("/logistics/")).toBe(1);
    expect((await tokenStore.get())!.accessExpiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 86400_000);
  });

  it("lets a single caller refresh when many calls hit an expired token at once", async () => {
    const { client, spy } = await setup({ retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    await operate(sandbox, "POST", "/tokens/expire", {});
    const results = await Promise.all([client.getWarehouses(), client.getWarehouses(), client.getWarehouses(), client.getAuthorizedShops()]);
    expect(results.every((r) => r.length > 0)).toBe(true);
    expect(spy.count("/api/v2/token/refresh")).toBe(1);
  });

  it("surfaces deauthorization as kind deauthorized (and an auth event), without retrying", async () => {
    const { client, spy, events } = await setup();
    await operate(sandbox, "POST", "/deauthorize", {});
    const err = await failure(client.getWarehouses());
    expect(err?.kind).toBe("deauthorized");
    expect(err?.retryable).toBe(false);
    expect(spy.count("/logistics/")).toBe(1);
    expect(events.map((e) => e.type)).toEqual(["deauthorized"]);
    const refresh = await failure(client.refreshTokens());
    expect(refresh?.code).toBe(36004005);
  });

  it("reports an authorization that ends soon", async () => {
    const short = await startTestSandbox({ refreshTokenTtlSec: 10 * 86400 });
    try {
      const tokens = await connectSeller(short);
      const client = createTikTokShopClient({ apiBaseUrl: short.url, authBaseUrl: short.url, ...TEST_APP, tokenStore: createMemoryTokenStore(tokens) });
      const status = await client.getAuthStatus();
      expect(status.connected).toBe(true);
      expect(status.reauthorizationDueSoon).toBe(true);
      expect((await client.getAuthStatus(86400_000)).reauthorizationDueSoon).toBe(false);
    } finally {
      await short.close();
    }
  });
});

describe("retries", () => {
  it("retries 429 / 36009002 with a fresh timestamp and signature each time", async () => {
    let tick = 0;
    const { client } = await setup({ now: () => Date.now() + 1000 * tick++ });
    await operate(sandbox, "POST", "/faults", { kind: "rate_limit", count: 2, path_contains: "/warehouses" });
    expect((await client.getWarehouses()).length).toBe(2);
    const log = (await operate<{ requests: Array<{ query: Record<string, string>; code: number; httpStatus: number }> }>(sandbox, "GET", "/requests?path_contains=/logistics/202309/warehouses")).requests.slice(-3);
    expect(log.map((r) => [r.httpStatus, r.code])).toEqual([
      [429, 36009002],
      [429, 36009002],
      [200, 0],
    ]);
    expect(new Set(log.map((r) => r.query.timestamp)).size).toBe(3);
    expect(new Set(log.map((r) => r.query.sign)).size).toBe(3);
  });

  it("retries 5xx (enveloped 500, bare 503), dropped connections and timeouts", async () => {
    const { client, spy } = await setup({ timeoutMs: 300 });
    await operate(sandbox, "POST", "/faults", { kind: "server_error", count: 1, path_contains: "/warehouses" });
    await operate(sandbox, "POST", "/faults", { kind: "server_error", http_status: 503, count: 1, path_contains: "/warehouses" });
    await operate(sandbox, "POST", "/faults", { kind: "drop_connection", count: 1, path_contains: "/warehouses" });
    expect((await client.getWarehouses()).length).toBe(2);
    expect(spy.count("/logistics/")).toBe(4);
    await operate(sandbox, "POST", "/faults", { kind: "latency", latency_ms: 800, count: 1, path_contains: "/warehouses" });
    expect((await client.getWarehouses()).length).toBe(2);
    expect(spy.count("/logistics/")).toBe(6);
  });

  it("waits as long as a Retry-After header asks (capped by the policy)", async () => {
    const { client } = await setup({ retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 2000 } });
    await operate(sandbox, "POST", "/faults", { kind: "rate_limit", count: 1, retry_after_sec: 1, path_contains: "/warehouses" });
    const started = Date.now();
    await client.getWarehouses();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it("gives up after the configured attempts with a retryable rate_limited error", async () => {
    const { client, spy } = await setup();
    await operate(sandbox, "POST", "/faults", { kind: "rate_limit", count: 0, path_contains: "/warehouses" });
    const err = await failure(client.getWarehouses());
    expect(err).toBeInstanceOf(TikTokShopError);
    expect(err).toMatchObject({ kind: "rate_limited", code: 36009002, retryable: true, httpStatus: 429 });
    expect(err?.requestId).toMatch(/^\d{14}/);
    expect(spy.count("/logistics/")).toBe(FAST_RETRY.attempts);
  });

  it("does not retry client errors such as a bad signature", async () => {
    const { client, spy } = await setup({ appSecret: "wrong-secret" });
    const err = await failure(client.getWarehouses());
    expect(err).toMatchObject({ code: 106001, kind: "invalid_signature", retryable: false, httpStatus: 401 });
    expect(spy.count("/logistics/")).toBe(1);
  });

  it("refuses shop calls on a client without a shop cipher", async () => {
    const { client } = await setup({ shopCipher: undefined });
    const err = await failure(client.getWarehouses());
    expect(err).toMatchObject({ code: 106013, kind: "invalid_request" });
  });
});

describe("rate budget", () => {
  it("asks the shared budget once per attempt under the app+shop key and stays under the vendor QPS", async () => {
    const limited = await startTestSandbox({ qps: 5 });
    const keys: string[] = [];
    // burst 1: evenly spaced starts, so a sliding one-second window never sees more than perSecond
    const inner = createMemoryRateBudget({ perSecond: 4, burst: 1 });
    const budget: RateBudget = {
      acquire(key) {
        keys.push(key);
        return inner.acquire(key);
      },
    };
    try {
      const tokens = await connectSeller(limited);
      const base = { apiBaseUrl: limited.url, authBaseUrl: limited.url, ...TEST_APP, tokenStore: createMemoryTokenStore(tokens), shopCipher: US.cipher, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } };
      // without a budget a burst of 10 overruns the vendor limit
      const unbudgeted = await Promise.all(Array.from({ length: 10 }, () => failure(createTikTokShopClient(base).getWarehouses())));
      expect(unbudgeted.filter((e) => e?.kind === "rate_limited").length).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 1100));

      const client = createTikTokShopClient({ ...base, rateBudget: budget });
      const started = Date.now();
      const results = await Promise.all(Array.from({ length: 10 }, () => failure(client.getWarehouses())));
      expect(results.filter((e) => e !== null)).toEqual([]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
      expect(new Set(keys)).toEqual(new Set([rateBudgetKey(TEST_APP.appKey, US.cipher)]));
      expect(keys).toHaveLength(10);
    } finally {
      await limited.close();
    }
  });
});
