import { createHash, randomBytes } from "node:crypto";
import type { OAuthTokens } from "@/lib/connectors/shared/token-store";
import { isNetworkError } from "@/lib/connectors/shared/retry";
import { AcumaticaError, blockedAddressError, redirectError } from "./errors";
import { tokenResponseSchema } from "./api-types";

/** `api offline_access`: one API session per grant, reused across refreshes, no logout duty. */
export const DEFAULT_SCOPE = "api offline_access";
/** Refresh chains end 30 days after the first sign-in unless the connected app uses sliding expiration. */
export const DEFAULT_REFRESH_LIFETIME_MS = 30 * 24 * 3600 * 1000;

type FetchLike = typeof fetch;

export const normalizeInstanceUrl = (url: string) => url.trim().replace(/\/+$/, "");

export interface PkcePair {
  codeVerifier: string;
  codeChallenge: string;
  codeChallengeMethod: "S256";
}

/** A PKCE verifier (43 url-safe chars) and its S256 challenge. */
export function createPkcePair(): PkcePair {
  const codeVerifier = randomBytes(32).toString("base64url");
  return { codeVerifier, codeChallenge: computeS256Challenge(codeVerifier), codeChallengeMethod: "S256" };
}

export function computeS256Challenge(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

/** An unguessable OAuth `state`. */
export function createOAuthState(): string {
  return randomBytes(24).toString("base64url");
}

/** The browser URL that starts the Authorization Code flow on the instance's identity server. */
export function buildAuthorizeUrl(p: { instanceUrl: string; clientId: string; redirectUri: string; scope?: string; state: string; codeChallenge?: string }): string {
  const url = new URL(`${normalizeInstanceUrl(p.instanceUrl)}/identity/connect/authorize`);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", p.clientId);
  url.searchParams.set("redirect_uri", p.redirectUri);
  url.searchParams.set("scope", p.scope ?? DEFAULT_SCOPE);
  url.searchParams.set("state", p.state);
  if (p.codeChallenge) {
    url.searchParams.set("code_challenge", p.codeChallenge);
    url.searchParams.set("code_challenge_method", "S256");
  }
  return url.toString();
}

async function postForm(instanceUrl: string, path: string, form: Record<string, string>, fetchImpl: FetchLike, timeoutMs: number): Promise<Response> {
  try {
    return await fetchImpl(`${normalizeInstanceUrl(instanceUrl)}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams(form).toString(),
      // Never follow: the form carries the client secret.
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const blocked = blockedAddressError(err);
    if (blocked) throw blocked;
    if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) {
      throw new AcumaticaError({ code: "timeout", message: `The Acumatica identity server did not answer within ${timeoutMs} ms.`, retryable: true, cause: err });
    }
    if (isNetworkError(err)) throw new AcumaticaError({ code: "network", message: `Cannot reach ${instanceUrl}: ${(err as Error).message}`, retryable: true, cause: err });
    throw err;
  }
}

/** Maps a token-endpoint failure (RFC 6749 JSON, or a licence-limit answer) to an AcumaticaError. */
export async function tokenEndpointError(res: Response): Promise<AcumaticaError> {
  if (res.status >= 300 && res.status < 400) return redirectError(res.status, res.headers.get("location"));
  const text = await res.text();
  if (/API Login Limit/i.test(text)) {
    return new AcumaticaError({ code: "login_limit", status: res.status, retryable: true, message: "API Login Limit: every licensed API session is in use. Sign out unused integrations or wait for sessions to expire (up to 1 hour)." });
  }
  let error = "";
  let description = "";
  try {
    const body = JSON.parse(text) as { error?: string; error_description?: string };
    error = body.error ?? "";
    description = body.error_description ?? "";
  } catch {
    /* not JSON */
  }
  if (res.status === 404) return new AcumaticaError({ code: "instance_not_found", status: 404, message: "The instance URL has no Acumatica identity server (404). Check the URL and the site path." });
  if (error === "invalid_client") return new AcumaticaError({ code: "invalid_client", status: res.status, message: "Acumatica rejected the client ID or secret. Check the Connected Application (client ID ends with @Tenant) and its shared secret." });
  if (error === "invalid_grant" && /redirect/i.test(description)) {
    return new AcumaticaError({ code: "redirect_uri_mismatch", status: res.status, message: "The redirect URI does not match the one used to authorize. Register it exactly on the Connected Application's Redirect URIs tab." });
  }
  if (error === "invalid_grant") return new AcumaticaError({ code: "invalid_grant", status: res.status, message: `The authorization is no longer valid (${description || "code or refresh token expired, used or rotated"}). Reconnect Acumatica.` });
  if (res.status >= 500 || res.status === 429) return new AcumaticaError({ code: res.status === 429 ? "rate_limited" : "server", status: res.status, retryable: true, message: `The Acumatica identity server answered ${res.status}.` });
  return new AcumaticaError({ code: "bad_request", status: res.status, message: `Token request failed: ${error || res.status} ${description}`.trim() });
}

const notATokenResponse = (status: number, cause?: unknown) =>
  new AcumaticaError({
    code: "server",
    status,
    message: `The Acumatica identity server answered with something that is not a token response (HTTP ${status}). Check the API URL.`,
    ...(cause !== undefined ? { cause } : {}),
  });

/** Reads a successful identity-server answer as JSON; a non-JSON body (e.g. an HTML page at a wrong URL) becomes an AcumaticaError. */
async function readJsonBody(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw notATokenResponse(res.status, err);
  }
}

function tokensFromBody(json: unknown, status: number, now: number, previous?: OAuthTokens | null): OAuthTokens {
  const parsed = tokenResponseSchema.safeParse(json);
  if (!parsed.success) throw notATokenResponse(status);
  const t = parsed.data;
  if (!t.access_token) throw new AcumaticaError({ code: "bad_request", message: "No access token was issued: the `api` scope was not granted." });
  const extra: Record<string, string> = {};
  if (t.id_token) extra.id_token = t.id_token;
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token ?? null,
    accessExpiresAt: new Date(now + (t.expires_in ?? 3600) * 1000),
    refreshExpiresAt: t.refresh_token ? (previous?.refreshExpiresAt ?? new Date(now + DEFAULT_REFRESH_LIFETIME_MS)) : null,
    scope: t.scope ?? previous?.scope ?? null,
    ...(Object.keys(extra).length ? { extra } : {}),
  };
}

/** Exchanges an authorization code (with its PKCE verifier) for tokens. */
export async function exchangeAuthorizationCode(p: {
  instanceUrl: string;
  clientId: string;
  clientSecret: string;
  code: string;
  redirectUri: string;
  codeVerifier?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
}): Promise<OAuthTokens> {
  const form: Record<string, string> = { grant_type: "authorization_code", code: p.code, redirect_uri: p.redirectUri, client_id: p.clientId, client_secret: p.clientSecret };
  if (p.codeVerifier) form.code_verifier = p.codeVerifier;
  const res = await postForm(p.instanceUrl, "/identity/connect/token", form, p.fetch ?? fetch, p.timeoutMs ?? 30_000);
  if (!res.ok) throw await tokenEndpointError(res);
  return tokensFromBody(await readJsonBody(res), res.status, Date.now());
}

/** Uses a refresh token; the answer carries a new refresh token and the old one is dead from now on. */
export async function refreshAccessToken(p: {
  instanceUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  previous?: OAuthTokens | null;
  fetch?: FetchLike;
  timeoutMs?: number;
}): Promise<OAuthTokens> {
  const res = await postForm(
    p.instanceUrl,
    "/identity/connect/token",
    { grant_type: "refresh_token", refresh_token: p.refreshToken, client_id: p.clientId, client_secret: p.clientSecret },
    p.fetch ?? fetch,
    p.timeoutMs ?? 30_000,
  );
  if (!res.ok) throw await tokenEndpointError(res);
  return tokensFromBody(await readJsonBody(res), res.status, Date.now(), p.previous);
}

/** Revokes an access or refresh token (sign out the API session first: revoking does not end it). */
export async function revokeToken(p: {
  instanceUrl: string;
  clientId: string;
  clientSecret: string;
  token: string;
  tokenTypeHint?: "access_token" | "refresh_token";
  fetch?: FetchLike;
  timeoutMs?: number;
}): Promise<void> {
  const form: Record<string, string> = { token: p.token, client_id: p.clientId, client_secret: p.clientSecret };
  if (p.tokenTypeHint) form.token_type_hint = p.tokenTypeHint;
  const res = await postForm(p.instanceUrl, "/identity/connect/revocation", form, p.fetch ?? fetch, p.timeoutMs ?? 30_000);
  if (!res.ok) throw await tokenEndpointError(res);
}

/** True when the granted scope obliges the client to sign out the sessions it opens. */
export function scopeRequiresLogout(scope: string | null | undefined): boolean {
  const parts = (scope ?? "").split(" ");
  return parts.includes("api:concurrent_access") || (parts.includes("api") && !parts.includes("offline_access"));
}

/**
 * Reads the redirect back from the authorize page: the code, or the reason there is none.
 * Checks `state` against the value the app stored before redirecting (CSRF).
 */
export function parseAuthorizationCallback(callbackUrl: string | URL, expectedState: string): { code: string; scope: string | null } {
  const url = new URL(callbackUrl);
  const state = url.searchParams.get("state");
  if (!state || state !== expectedState) {
    throw new AcumaticaError({ code: "invalid_grant", message: "The sign-in answer does not belong to this connection attempt (state mismatch). Start Connect again." });
  }
  const error = url.searchParams.get("error");
  if (error === "access_denied") throw new AcumaticaError({ code: "access_denied", message: "Access was denied on the Acumatica consent page." });
  if (error) throw new AcumaticaError({ code: "bad_request", message: `Acumatica refused the authorization request: ${error} ${url.searchParams.get("error_description") ?? ""}`.trim() });
  const code = url.searchParams.get("code");
  if (!code) throw new AcumaticaError({ code: "bad_request", message: "The sign-in answer carries no authorization code." });
  return { code, scope: url.searchParams.get("scope") };
}
