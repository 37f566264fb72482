import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryTokenStore } from "../../shared/token-store";
import { buildAuthorizeUrl, createTikTokShopClient, exchangeAuthCode, refreshAccessToken } from "../client";
import { TikTokShopError } from "../errors";
import type { TikTokSandbox } from "./server";
import { FAST_RETRY, TEST_APP, authorizeOnPage, connectSeller, shopFixture, startTestSandbox } from "./testing";

let sandbox: TikTokSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

const base = () => ({ authBaseUrl: sandbox.url, appKey: TEST_APP.appKey, appSecret: TEST_APP.appSecret });

describe("seller authorization page", () => {
  it("is reachable at the authorize URL built by buildAuthorizeUrl and lists shops with labels and two buttons", async () => {
    const url = buildAuthorizeUrl({ authorizeUrl: `${sandbox.url}/oauth/authorize`, serviceId: TEST_APP.serviceId, state: "st+/=1" });
    expect(new URL(url).searchParams.get("state")).toBe("st+/=1");
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const page = await res.text();
    for (const key of ["US", "UK", "DE"] as const) {
      const shop = shopFixture(key);
      expect(page).toContain(`<input type="checkbox" id="shop-${shop.id}"`);
      expect(page).toMatch(new RegExp(`<label for="shop-${shop.id}">${shop.name} \\(${shop.region} — [A-Za-z ]+\\)</label>`));
    }
    expect(page).toMatch(/<button[^>]*>Authorize<\/button>/);
    expect(page).toMatch(/<button[^>]*>Cancel<\/button>/);
    expect(page).toContain('value="st+/=1"');
    // the legacy entry point works too; an unknown service id does not
    expect((await fetch(`${sandbox.url}/open/authorize?service_id=${TEST_APP.serviceId}&state=x`)).status).toBe(200);
    expect((await fetch(`${sandbox.url}/oauth/authorize?app_key=${TEST_APP.appKey}&state=x`)).status).toBe(200);
    expect((await fetch(`${sandbox.url}/oauth/authorize?service_id=nope&state=x`)).status).toBe(400);
  });

  it("Cancel redirects with error=auth_denied and the state", async () => {
    const redirect = await authorizeOnPage(sandbox.url, { decision: "cancel", state: "abc" });
    expect(redirect.origin + redirect.pathname).toBe("http://127.0.0.1:9/api/connectors/tiktok-shop/callback");
    expect(redirect.searchParams.get("error")).toBe("auth_denied");
    expect(redirect.searchParams.get("state")).toBe("abc");
  });

  it("asks again when no shop is ticked", async () => {
    const form = new URLSearchParams({ service_id: TEST_APP.serviceId, state: "s", decision: "authorize" });
    const res = await fetch(`${sandbox.url}/oauth/authorize`, { method: "POST", body: form, redirect: "manual" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Choose at least one shop");
  });

  it("Authorize redirects with a code and the state; the code works once", async () => {
    const redirect = await authorizeOnPage(sandbox.url, { state: "s-1" });
    expect(redirect.searchParams.get("state")).toBe("s-1");
    const code = redirect.searchParams.get("code")!;
    const before = Math.floor(Date.now() / 1000);
    const tokens = await exchangeAuthCode({ ...base(), code });
    // expiry fields are absolute Unix seconds: 7 days ahead, not 7 days after 1970
    expect(tokens.accessExpiresAt.getTime() / 1000).toBeGreaterThanOrEqual(before + 7 * 86400 - 5);
    expect(tokens.accessExpiresAt.getTime() / 1000).toBeLessThan(before + 7 * 86400 + 5);
    expect(tokens.refreshExpiresAt!.getTime()).toBeGreaterThan(tokens.accessExpiresAt.getTime());
    expect(tokens.extra).toMatchObject({ sellerName: "Northwind Merch Co.", sellerBaseRegion: "US" });
    expect(tokens.scope).toContain("seller.order.info");
    const again = await exchangeAuthCode({ ...base(), code }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(TikTokShopError);
    expect((again as TikTokShopError).code).toBe(36004004);
  });

  it("codes expire (TTL configurable; 30 minutes by default)", async () => {
    // A sandbox of its own with a 1-second TTL: on a loaded machine the other tests' codes must not expire mid-test.
    const short = await startTestSandbox({ authCodeTtlSec: 1 });
    try {
      const code = (await authorizeOnPage(short.url)).searchParams.get("code")!;
      await new Promise((r) => setTimeout(r, 1100));
      const err = (await exchangeAuthCode({ ...base(), authBaseUrl: short.url, code }).catch((e: unknown) => e)) as TikTokShopError;
      expect(err.code).toBe(36004004);
    } finally {
      await short.close();
    }
  });

  it("rejects wrong app credentials at the token endpoint", async () => {
    const code = (await authorizeOnPage(sandbox.url)).searchParams.get("code")!;
    const err = (await exchangeAuthCode({ ...base(), appSecret: "wrong", code }).catch((e: unknown) => e)) as TikTokShopError;
    expect(err.code).toBe(36009004);
  });

  it("refresh rotates the refresh token; the spent one is refused as deauthorized", async () => {
    const tokens = await connectSeller(sandbox);
    const next = await refreshAccessToken({ ...base(), refreshToken: tokens.refreshToken! });
    expect(next.refreshToken).not.toBe(tokens.refreshToken);
    expect(next.accessToken).not.toBe(tokens.accessToken);
    // the authorization itself is not extended by refreshing
    expect(next.refreshExpiresAt!.getTime()).toBe(tokens.refreshExpiresAt!.getTime());
    const err = (await refreshAccessToken({ ...base(), refreshToken: tokens.refreshToken! }).catch((e: unknown) => e)) as TikTokShopError;
    expect(err.code).toBe(36004005);
    expect(err.kind).toBe("deauthorized");
  });
});

describe("Get Authorized Shops", () => {
  it("returns only the shops the seller ticked, with ciphers (US, UK and a shop outside US/UK)", async () => {
    const all = await connectSeller(sandbox);
    const client = createTikTokShopClient({ apiBaseUrl: sandbox.url, ...base(), tokenStore: createMemoryTokenStore(all), retry: FAST_RETRY });
    const shops = await client.getAuthorizedShops();
    expect(shops.map((s) => s.region).sort()).toEqual(["DE", "GB", "US"]);
    for (const s of shops) expect(s.cipher).toBe(shopFixture(s.region === "GB" ? "UK" : (s.region as "US" | "DE")).cipher);

    const onlyUk = await connectSeller(sandbox, [shopFixture("UK").id]);
    const ukClient = createTikTokShopClient({ apiBaseUrl: sandbox.url, ...base(), tokenStore: createMemoryTokenStore(onlyUk), retry: FAST_RETRY });
    expect((await ukClient.getAuthorizedShops()).map((s) => s.name)).toEqual(["Northwind Merch UK"]);
    // a shop the token does not cover is refused
    const err = (await ukClient.forShop(shopFixture("US").cipher).getWarehouses().catch((e: unknown) => e)) as TikTokShopError;
    expect(err.code).toBe(101000);
  });

  it("never sends a shop_cipher on /authorization paths, even from a client bound to a shop", async () => {
    const tokens = await connectSeller(sandbox);
    // a client bound to a shop still sends no cipher on this path
    const client = createTikTokShopClient({ apiBaseUrl: sandbox.url, ...base(), tokenStore: createMemoryTokenStore(tokens), shopCipher: shopFixture("US").cipher, retry: FAST_RETRY });
    expect((await client.getAuthorizedShops()).length).toBe(3);
  });
});
