import type { OAuthTokens, TokenStore } from "@/lib/connectors/shared/token-store";
import { createMemoryTokenStore } from "@/lib/connectors/shared/token-store";
import type { AcumaticaClientOptions } from "../client";
import { createAcumaticaClient } from "../client";
import type { AcumaticaSandbox, AcumaticaSandboxOptions } from "./server";
import { startAcumaticaSandbox } from "./server";

/** Helpers for tests that run against an in-process sandbox. */
export const TEST_APP = {
  clientId: "0E6E1B3A-52C4-4F0B-9D2E-7A1C5B8D9F01@Company",
  clientSecret: "test-secret",
  redirectUris: ["http://localhost:3000/api/connectors/acumatica/callback", "http://127.0.0.1:3000/api/connectors/acumatica/callback"],
};
export const TEST_REDIRECT = TEST_APP.redirectUris[0] as string;

export function startTestSandbox(opts: AcumaticaSandboxOptions = {}): Promise<AcumaticaSandbox> {
  // Tests open many grants; a generous API-user licence keeps them from exhausting it unless a test sets its own limit.
  return startAcumaticaSandbox({ port: 0, connectedApps: [TEST_APP], actionDurationMs: 20, ...opts, limits: { maxApiUsers: 1000, ...opts.limits } });
}

/** Tokens through the ROPC grant (quicker than clicking through the pages). */
export async function passwordTokens(sandbox: AcumaticaSandbox, scope = "api offline_access"): Promise<OAuthTokens> {
  const res = await fetch(`${sandbox.url}/identity/connect/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "password", username: "admin", password: "sandbox", scope, client_id: TEST_APP.clientId, client_secret: TEST_APP.clientSecret }),
  });
  if (!res.ok) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
  const t = (await res.json()) as { access_token: string; refresh_token?: string; expires_in: number; scope: string };
  return { accessToken: t.access_token, refreshToken: t.refresh_token ?? null, accessExpiresAt: new Date(Date.now() + t.expires_in * 1000), refreshExpiresAt: null, scope: t.scope };
}

export async function testClient(sandbox: AcumaticaSandbox, extra: Partial<AcumaticaClientOptions> & { tokenStore?: TokenStore } = {}) {
  const tokenStore = extra.tokenStore ?? createMemoryTokenStore(await passwordTokens(sandbox));
  const client = createAcumaticaClient({
    instanceUrl: sandbox.url,
    endpoint: "Default/24.200.001",
    clientId: TEST_APP.clientId,
    clientSecret: TEST_APP.clientSecret,
    timeoutMs: 5_000,
    retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
    actionPoll: { intervalMs: 10, timeoutMs: 5_000 },
    ...extra,
    tokenStore,
  });
  return { client, tokenStore };
}

export async function callOperator<T = unknown>(sandbox: AcumaticaSandbox, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sandbox.operatorUrl}${path}`, { method, headers: { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`operator ${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Walks the authorize → sign-in → consent pages like a browser and returns the
 * final redirect to the app (the Location header).
 */
export async function authorizeLikeBrowser(sandbox: AcumaticaSandbox, authorizeUrl: string, decision: "allow" | "deny" = "allow", password = "sandbox"): Promise<URL> {
  let cookie = "";
  const get = (url: string) => fetch(url, { redirect: "manual", headers: cookie ? { cookie } : {} });
  const post = (url: string, form: Record<string, string>) =>
    fetch(url, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) }, body: new URLSearchParams(form) });
  let res = await get(authorizeUrl);
  if (res.status !== 302) throw new Error(`authorize answered ${res.status}: ${await res.text()}`);
  const loginUrl = new URL(res.headers.get("location") ?? "", sandbox.origin);
  res = await get(loginUrl.toString());
  const page = await res.text();
  const returnUrl = /name="ReturnUrl" value="([^"]*)"/.exec(page)?.[1]?.replace(/&#38;/g, "&") ?? "";
  res = await post(loginUrl.toString().split("?")[0] as string, { username: "admin", password, ReturnUrl: returnUrl });
  if (res.status !== 302) throw new Error("sign-in failed");
  cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  res = await get(new URL(res.headers.get("location") ?? "", sandbox.origin).toString());
  const consent = await res.text();
  const ticket = /name="ticket" value="([^"]*)"/.exec(consent)?.[1] ?? "";
  const action = /<form method="post" action="([^"]*)"/.exec(consent)?.[1] ?? "";
  res = await post(new URL(action, sandbox.origin).toString(), { ticket, decision });
  return new URL(res.headers.get("location") ?? "");
}
