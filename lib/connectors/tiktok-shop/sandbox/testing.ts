import type { OAuthTokens } from "../../shared/token-store";
import { createMemoryTokenStore } from "../../shared/token-store";
import type { TikTokShopClientOptions } from "../client";
import { createTikTokShopClient, exchangeAuthCode } from "../client";
import { SHOPS } from "../fixtures";
import type { TikTokSandbox, TikTokSandboxOptions } from "./server";
import { startTikTokSandbox } from "./server";

/** Helpers for contract tests: a sandbox on a free port, a seller who authorized, a connected client. */
export const TEST_APP = { appKey: "test-app-key", appSecret: "test-app-secret-0123456789", serviceId: "7000000000000000099" };
export const TEST_REDIRECT = "http://127.0.0.1:9/api/connectors/tiktok-shop/callback";
export const FAST_RETRY = { attempts: 4, baseDelayMs: 5, maxDelayMs: 40 };

export function shopFixture(key: "US" | "UK" | "DE") {
  const shop = SHOPS.find((s) => s.key === key);
  if (!shop) throw new Error(`no ${key} shop fixture`);
  return shop;
}

export async function startTestSandbox(opts: Partial<TikTokSandboxOptions> = {}): Promise<TikTokSandbox> {
  return startTikTokSandbox({ port: 0, ...TEST_APP, redirectUri: TEST_REDIRECT, ...opts });
}

/** Walks the authorization page like a seller and returns the `code` from the redirect. */
export async function authorizeOnPage(sandboxUrl: string, input: { state?: string; shopIds?: string[]; decision?: "authorize" | "cancel" } = {}): Promise<URL> {
  const form = new URLSearchParams({ service_id: TEST_APP.serviceId, state: input.state ?? "csrf-1", decision: input.decision ?? "authorize" });
  for (const id of input.shopIds ?? SHOPS.map((s) => s.id)) form.append("shop_id", id);
  const res = await fetch(`${sandboxUrl}/oauth/authorize`, { method: "POST", body: form, redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" } });
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) throw new Error(`authorization did not redirect (HTTP ${res.status})`);
  return new URL(location);
}

export async function connectSeller(sandbox: TikTokSandbox, shopIds?: string[]): Promise<OAuthTokens> {
  const redirect = await authorizeOnPage(sandbox.url, { shopIds });
  const code = redirect.searchParams.get("code");
  if (!code) throw new Error("no code");
  return exchangeAuthCode({ authBaseUrl: sandbox.url, appKey: TEST_APP.appKey, appSecret: TEST_APP.appSecret, code });
}

export async function connectedClient(sandbox: TikTokSandbox, overrides: Partial<TikTokShopClientOptions> = {}) {
  const tokens = await connectSeller(sandbox);
  const tokenStore = createMemoryTokenStore(tokens);
  const client = createTikTokShopClient({ apiBaseUrl: sandbox.url, authBaseUrl: sandbox.url, ...TEST_APP, tokenStore, retry: FAST_RETRY, ...overrides });
  return { client, tokenStore, tokens, us: client.forShop(shopFixture("US").cipher), uk: client.forShop(shopFixture("UK").cipher), de: client.forShop(shopFixture("DE").cipher) };
}

/** Calls an operator endpoint and returns its JSON (throws on non-2xx). */
export async function operate<T = Record<string, unknown>>(sandbox: TikTokSandbox, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sandbox.url}/_sandbox${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`operator ${method} ${path} → ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

export interface PlacedOrder {
  id: string;
  status: string;
  line_items: Array<{ id: string; seller_sku: string; sku_id: string }>;
}

export interface PlaceOrderRequest {
  region?: "US" | "UK" | "DE";
  items: Array<{ seller_sku: string; quantity: number }>;
  pay?: boolean;
  release_hold?: boolean;
  delivery_option_id?: string;
  /** Index into the region's buyers; US 2 is the Colorado buyer (retail delivery fee). */
  buyer_index?: number;
  /** Decimal strings. */
  seller_discount_per_unit?: string;
  platform_discount_per_unit?: string;
  shipping_fee_seller_discount?: string;
  shipping_fee_platform_discount?: string;
  /** TIKTOK: TikTok Shipping issues the label; the seller only ships the package. */
  shipping_type?: "SELLER" | "TIKTOK";
}

/** Places (and optionally pays / releases) an order as a buyer. */
export function placeOrder(sandbox: TikTokSandbox, input: PlaceOrderRequest) {
  return operate<PlacedOrder>(sandbox, "POST", "/orders", { region: input.region ?? "US", ...input });
}
