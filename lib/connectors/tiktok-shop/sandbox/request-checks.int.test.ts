import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeSignature } from "../signing";
import type { TikTokSandbox } from "./server";
import { TEST_APP, connectSeller, shopFixture, startTestSandbox } from "./testing";

/** Raw requests against the sandbox's gate — no client involved, so each rule is exercised alone. */
let sandbox: TikTokSandbox;
let token: string;
const US = shopFixture("US");

beforeAll(async () => {
  sandbox = await startTestSandbox({ qps: 5 });
  token = (await connectSeller(sandbox)).accessToken;
});
afterAll(() => sandbox.close());

interface RawCall {
  method?: string;
  path: string;
  query?: Record<string, string>;
  body?: string;
  /** What is actually sent when it differs from what was signed. */
  sentBody?: string;
  headers?: Record<string, string>;
  sign?: boolean;
  timestamp?: number;
  secret?: string;
}

async function call(c: RawCall): Promise<{ status: number; code: number; message: string; data: unknown }> {
  const query = new URLSearchParams({ app_key: TEST_APP.appKey, timestamp: String(c.timestamp ?? Math.floor(Date.now() / 1000)), ...c.query });
  if (c.sign !== false) query.set("sign", computeSignature({ appSecret: c.secret ?? TEST_APP.appSecret, path: c.path, query, body: c.body, contentType: "application/json" }));
  const res = await fetch(`${sandbox.url}${c.path}?${query.toString()}`, {
    method: c.method ?? (c.body !== undefined ? "POST" : "GET"),
    headers: { "content-type": "application/json", "x-tts-access-token": token, ...c.headers },
    body: c.sentBody ?? c.body,
  });
  const json = (await res.json()) as { code: number; message: string; data: unknown; request_id: string };
  expect(json.request_id).toMatch(/^\d{14}[0-9A-F]+$/);
  return { status: res.status, code: json.code, message: json.message, data: json.data };
}

const search = { path: "/order/202309/orders/search", query: { shop_cipher: US.cipher, page_size: "10" }, body: '{"order_status":"AWAITING_SHIPMENT","update_time_ge":1700000000}' };

describe("request checks", () => {
  it("accepts a correctly signed request", async () => {
    const r = await call(search);
    expect(r.code).toBe(0);
    expect(r.message).toBe("Success");
  });

  it("rejects a body re-serialised after signing (same JSON, other key order) with 106001 / HTTP 401", async () => {
    const reordered = JSON.stringify({ update_time_ge: 1700000000, order_status: "AWAITING_SHIPMENT" });
    expect(JSON.parse(reordered)).toEqual(JSON.parse(search.body));
    const r = await call({ ...search, sentBody: reordered });
    expect(r.code).toBe(106001);
    expect(r.status).toBe(401);
    // and pretty-printing is a different byte sequence too
    expect((await call({ ...search, sentBody: JSON.stringify(JSON.parse(search.body), null, 2) })).code).toBe(106001);
  });

  it("rejects a wrong secret, a missing sign and an unknown app_key", async () => {
    expect((await call({ ...search, secret: "nope" })).code).toBe(106001);
    const missing = await call({ ...search, sign: false });
    expect(missing.code).toBe(36009004);
    expect(missing.message).toMatch(/sign/);
    const badKey = await call({ ...search, query: { ...search.query, app_key: "other" } });
    expect(badKey.code).toBe(36009004);
    expect(badKey.message).toMatch(/app_key/);
  });

  it("enforces the timestamp window [now-300 s, now+30 s]", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await call({ ...search, timestamp: now - 290 })).code).toBe(0);
    const old = await call({ ...search, timestamp: now - 320 });
    expect(old.code).toBe(36009004);
    expect(old.message).toMatch(/timestamp/i);
    expect((await call({ ...search, timestamp: now + 60 })).code).toBe(36009004);
    expect((await call({ ...search, timestamp: now + 10 })).code).toBe(0);
  });

  it("signs decoded query values: an unencoded '+' arrives as a space and breaks the signature", async () => {
    const path = "/order/202309/orders/search";
    const query = new URLSearchParams({ app_key: TEST_APP.appKey, timestamp: String(Math.floor(Date.now() / 1000)), shop_cipher: shopFixture("UK").cipher, page_size: "5" });
    const body = "{}";
    query.set("sign", computeSignature({ appSecret: TEST_APP.appSecret, path, query, body }));
    // hand-built query string without percent-encoding the cipher's + / =
    const raw = [...query.entries()].map(([k, v]) => `${k}=${v}`).join("&");
    const res = await fetch(`${sandbox.url}${path}?${raw}`, { method: "POST", headers: { "content-type": "application/json", "x-tts-access-token": token }, body });
    expect(((await res.json()) as { code: number }).code).toBe(106001);
    const ok = await fetch(`${sandbox.url}${path}?${query.toString()}`, { method: "POST", headers: { "content-type": "application/json", "x-tts-access-token": token }, body });
    expect(((await ok.json()) as { code: number }).code).toBe(0);
  });

  it("wants the access token in x-tts-access-token, not in the query", async () => {
    const r = await call({ ...search, query: { ...search.query, access_token: token }, headers: { "x-tts-access-token": "" } });
    expect(r.code).toBe(36009004);
    expect(r.message).toMatch(/x-tts-access-token/);
    expect((await call({ ...search, headers: { "x-tts-access-token": "TTP_forged" } })).code).toBe(36009004);
  });

  it("requires shop_cipher on shop paths (106013) and forbids it on /authorization (36009004)", async () => {
    expect((await call({ ...search, query: { page_size: "10" } })).code).toBe(106013);
    const r = await call({ path: "/authorization/202309/shops", query: { shop_cipher: US.cipher } });
    expect(r.code).toBe(36009004);
    expect(r.message).toMatch(/Unexpected identifier/);
    expect((await call({ path: "/authorization/202309/shops" })).code).toBe(0);
  });

  it("answers unknown paths and methods with 36009009 / 36009010 and insists on JSON bodies", async () => {
    const unknown = await call({ path: "/order/202309/nothing", query: { shop_cipher: US.cipher } });
    expect([unknown.status, unknown.code]).toEqual([404, 36009009]);
    expect((await call({ path: "/order/202309/orders/search", method: "GET", query: { shop_cipher: US.cipher } })).code).toBe(36009010);
    const form = await call({ ...search, headers: { "content-type": "text/plain" } });
    expect(form.code).toBe(36009022);
  });

  it("reports filter type errors like the live API (ints, not strings)", async () => {
    const r = await call({ ...search, body: '{"create_time_ge":"1700000000"}' });
    expect(r.code).toBe(36009004);
    expect(r.message).toBe("param create_time_ge type invalid, actual type is:string, expected type is:int64");
  });

  it("throttles past the configured QPS per app+shop with HTTP 429 / 36009002, other shops unaffected", async () => {
    await new Promise((r) => setTimeout(r, 1100));
    const results = await Promise.all(Array.from({ length: 8 }, () => call(search)));
    const limited = results.filter((r) => r.code === 36009002);
    expect(results.filter((r) => r.code === 0).length).toBe(5);
    expect(limited.length).toBe(3);
    expect(limited.every((r) => r.status === 429)).toBe(true);
    const uk = await call({ ...search, query: { ...search.query, shop_cipher: shopFixture("UK").cipher } });
    expect(uk.code).toBe(0);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await call(search)).code).toBe(0);
  });
});
