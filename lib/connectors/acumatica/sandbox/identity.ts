import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { DEMO_USER } from "../fixtures";
import { renderConsentPage, renderErrorPage, renderSignInPage } from "./pages";

export interface ConnectedApp {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Absolute refresh-chain lifetime in seconds (default 30 days after the first sign-in). */
  refreshLifetimeSec?: number;
  /** Sliding expiration: each refresh extends the chain by this much, capped by the absolute lifetime. */
  slidingRefreshLifetimeSec?: number;
}

export interface IdentityOptions {
  accessTokenLifetimeSec: number;
  refreshLifetimeSec: number;
  codeLifetimeSec: number;
  /** Idle timeout of cookie (`/entity/auth/login`) sessions. */
  cookieSessionIdleMs: number;
  maxApiUsers: () => number;
}

export interface ApiSession {
  id: string;
  user: string;
  kind: "oauth" | "cookie";
  expiresAt: number;
  closed: boolean;
  /** Grant that owns the session (api:concurrent_access sessions are per cookie, several per grant). */
  chainId?: string;
}

export interface RequestAuth {
  user: string;
  sessionId: string;
  scope: string[];
  /** Set-Cookie for a session opened by this request (api:concurrent_access). */
  setCookie?: string;
}

interface AccessToken {
  clientId: string;
  user: string;
  scope: string[];
  expiresAt: number;
  sessionId: string | null;
  chainId: string | null;
}

interface Chain {
  id: string;
  createdAt: number;
  absoluteExpiresAt: number;
  clientId: string;
  user: string;
  scope: string[];
  expiresAt: number;
  sessionId: string | null;
  refreshToken: string | null;
}

interface AuthCode {
  clientId: string;
  redirectUri: string;
  scope: string[];
  user: string;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  expiresAt: number;
  nonce: string | null;
}

interface ConsentTicket {
  clientId: string;
  redirectUri: string;
  scope: string[];
  state: string | null;
  user: string;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  nonce: string | null;
}

export const SUPPORTED_SCOPES = ["api", "offline_access", "api:concurrent_access", "openid", "profile", "email", "phone"];

export interface HttpAnswer {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  json?: unknown;
}

export class LoginLimitError extends Error {
  constructor() {
    super("API Login Limit");
  }
}

const token = () => randomBytes(32).toString("base64url");
const b64url = (buf: Buffer) => buf.toString("base64url");

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()));
  }
  return out;
}

/** The identity server (IdentityServer-style OAuth 2.0 / OIDC) plus API session accounting. */
export function createIdentity(apps: ConnectedApp[], opts: IdentityOptions) {
  const accessTokens = new Map<string, AccessToken>();
  const chains = new Map<string, Chain>();
  const refreshTokens = new Map<string, string>(); // refresh token → chain id
  const codes = new Map<string, AuthCode>();
  const consents = new Map<string, ConsentTicket>();
  const signIns = new Map<string, string>(); // idsrv cookie → user
  const sessions = new Map<string, ApiSession>();
  const cookieSessions = new Map<string, string>(); // .ASPXAUTH → session id

  const findApp = (clientId: string) => apps.find((a) => a.clientId.toLowerCase() === clientId.toLowerCase());

  function openSessions(now = Date.now()): ApiSession[] {
    return [...sessions.values()].filter((s) => !s.closed && s.expiresAt > now);
  }

  function openSession(user: string, kind: ApiSession["kind"], expiresAt: number, chainId?: string): ApiSession {
    if (openSessions().length >= opts.maxApiUsers()) throw new LoginLimitError();
    const s: ApiSession = { id: randomUUID(), user, kind, expiresAt, closed: false, chainId };
    sessions.set(s.id, s);
    return s;
  }

  function sessionAlive(id: string | null): boolean {
    if (!id) return false;
    const s = sessions.get(id);
    return !!s && !s.closed && s.expiresAt > Date.now();
  }

  function idToken(app: ConnectedApp, user: string, nonce: string | null, issuer: string): string {
    const header = b64url(Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })));
    const now = Math.floor(Date.now() / 1000);
    const payload = b64url(Buffer.from(JSON.stringify({ iss: issuer, aud: app.clientId, sub: user, name: user, iat: now, exp: now + 300, ...(nonce ? { nonce } : {}) })));
    const sig = b64url(createHmac("sha256", app.clientSecret).update(`${header}.${payload}`).digest());
    return `${header}.${payload}.${sig}`;
  }

  /** Issues tokens for a chain; opens (or reuses) the chain's API session when `api` is granted. */
  function issue(app: ConnectedApp, chain: Chain, nonce: string | null, issuer: string): Record<string, unknown> {
    const now = Date.now();
    const body: Record<string, unknown> = {};
    const expiresAt = now + opts.accessTokenLifetimeSec * 1000;
    if (chain.scope.includes("api:concurrent_access")) {
      // Sessions are opened per request cookie later; the grant itself is refused when the licence is full.
      if (openSessions().length >= opts.maxApiUsers()) throw new LoginLimitError();
      const access = token();
      accessTokens.set(access, { clientId: app.clientId, user: chain.user, scope: chain.scope, expiresAt, sessionId: null, chainId: chain.id });
      Object.assign(body, { access_token: access, token_type: "Bearer", expires_in: opts.accessTokenLifetimeSec });
    } else if (chain.scope.includes("api")) {
      // One session per grant: refreshes reuse (and extend) it; once closed or expired, the next token opens a new one.
      const current = chain.sessionId ? sessions.get(chain.sessionId) : undefined;
      if (current && sessionAlive(current.id)) current.expiresAt = expiresAt;
      else chain.sessionId = openSession(chain.user, "oauth", expiresAt).id;
      const access = token();
      accessTokens.set(access, { clientId: app.clientId, user: chain.user, scope: chain.scope, expiresAt, sessionId: chain.sessionId, chainId: chain.id });
      Object.assign(body, { access_token: access, token_type: "Bearer", expires_in: opts.accessTokenLifetimeSec });
    }
    body.scope = chain.scope.join(" ");
    if (chain.scope.includes("offline_access")) {
      if (chain.refreshToken) refreshTokens.delete(chain.refreshToken);
      chain.refreshToken = token();
      refreshTokens.set(chain.refreshToken, chain.id);
      body.refresh_token = chain.refreshToken;
    }
    if (chain.scope.includes("openid")) body.id_token = idToken(app, chain.user, nonce, issuer);
    return body;
  }

  const oauthError = (error: string, description?: string, status = 400): HttpAnswer => ({
    status,
    json: description ? { error, error_description: description } : { error },
  });

  function authenticateClient(form: URLSearchParams, authorization: string | undefined): ConnectedApp | null {
    let clientId = form.get("client_id") ?? "";
    let secret = form.get("client_secret") ?? "";
    if (authorization?.startsWith("Basic ")) {
      const decoded = Buffer.from(authorization.slice(6), "base64").toString("utf8");
      const i = decoded.indexOf(":");
      clientId = decodeURIComponent(decoded.slice(0, i));
      secret = decodeURIComponent(decoded.slice(i + 1));
    }
    const app = findApp(clientId);
    if (!app || !safeEqual(app.clientSecret, secret)) return null;
    return app;
  }

  function checkPkce(code: AuthCode, verifier: string | null): boolean {
    if (!code.codeChallenge) return true;
    if (!verifier) return false;
    const computed = code.codeChallengeMethod === "plain" ? verifier : b64url(createHash("sha256").update(verifier).digest());
    return safeEqual(computed, code.codeChallenge);
  }

  function newChain(app: ConnectedApp, user: string, scope: string[]): Chain {
    const lifetime = app.refreshLifetimeSec ?? opts.refreshLifetimeSec;
    const now = Date.now();
    const absolute = now + lifetime * 1000;
    const sliding = app.slidingRefreshLifetimeSec !== undefined ? Math.min(absolute, now + app.slidingRefreshLifetimeSec * 1000) : absolute;
    const chain: Chain = { id: randomUUID(), createdAt: now, absoluteExpiresAt: absolute, clientId: app.clientId, user, scope, expiresAt: sliding, sessionId: null, refreshToken: null };
    chains.set(chain.id, chain);
    return chain;
  }

  function tokenEndpoint(form: URLSearchParams, authorization: string | undefined, issuer: string): HttpAnswer {
    const app = authenticateClient(form, authorization);
    if (!app) return oauthError("invalid_client");
    const grant = form.get("grant_type");
    try {
      if (grant === "authorization_code") {
        const raw = form.get("code") ?? "";
        const code = codes.get(raw);
        codes.delete(raw);
        if (!code || code.expiresAt < Date.now() || code.clientId !== app.clientId) return oauthError("invalid_grant");
        if (code.redirectUri !== (form.get("redirect_uri") ?? "")) return oauthError("invalid_grant", "redirect_uri does not match");
        if (!checkPkce(code, form.get("code_verifier"))) return oauthError("invalid_grant", "code_verifier is invalid");
        return { status: 200, json: issue(app, newChain(app, code.user, code.scope), code.nonce, issuer) };
      }
      if (grant === "refresh_token") {
        const raw = form.get("refresh_token") ?? "";
        const chainId = refreshTokens.get(raw);
        const chain = chainId ? chains.get(chainId) : undefined;
        if (!chain || chain.clientId !== app.clientId) return oauthError("invalid_grant");
        if (chain.expiresAt < Date.now()) {
          refreshTokens.delete(raw);
          return oauthError("invalid_grant", "refresh token expired");
        }
        if (app.slidingRefreshLifetimeSec !== undefined) chain.expiresAt = Math.min(chain.absoluteExpiresAt, Date.now() + app.slidingRefreshLifetimeSec * 1000);
        return { status: 200, json: issue(app, chain, null, issuer) };
      }
      if (grant === "password") {
        if (form.get("username") !== DEMO_USER.username || form.get("password") !== DEMO_USER.password) {
          return oauthError("invalid_grant", "invalid_username_or_password");
        }
        const scope = (form.get("scope") ?? "api").split(" ").filter(Boolean);
        if (scope.some((s) => !SUPPORTED_SCOPES.includes(s))) return oauthError("invalid_scope");
        return { status: 200, json: issue(app, newChain(app, DEMO_USER.username, scope), null, issuer) };
      }
      return oauthError("unsupported_grant_type");
    } catch (err) {
      if (err instanceof LoginLimitError) {
        return oauthError("invalid_grant", "API Login Limit: the maximum number of concurrent API logins (API users) for this license has been reached.", 429);
      }
      throw err;
    }
  }

  function authorizeEndpoint(url: URL, cookieHeader: string | undefined, basePath: string): HttpAnswer {
    const q = url.searchParams;
    const app = findApp(q.get("client_id") ?? "");
    if (!app) return { status: 400, body: renderErrorPage("Unknown client or client not enabled", "The client_id is not registered as a connected application.") };
    const redirectUri = q.get("redirect_uri") ?? "";
    if (!app.redirectUris.includes(redirectUri)) {
      return { status: 400, body: renderErrorPage("Invalid redirect_uri", `The redirect URI ${redirectUri || "(none)"} is not registered for this connected application.`) };
    }
    const state = q.get("state");
    const back = (params: Record<string, string>) => {
      const target = new URL(redirectUri);
      for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
      if (state !== null) target.searchParams.set("state", state);
      return { status: 302, headers: { Location: target.toString() } };
    };
    if (q.get("response_type") !== "code") return back({ error: "unsupported_response_type" });
    const scope = (q.get("scope") ?? "").split(" ").filter(Boolean);
    if (scope.length === 0 || scope.some((s) => !SUPPORTED_SCOPES.includes(s))) return back({ error: "invalid_scope" });
    const method = q.get("code_challenge_method");
    const challenge = q.get("code_challenge");
    if (challenge && method && method !== "S256" && method !== "plain") return back({ error: "invalid_request", error_description: "code_challenge_method" });
    const user = signIns.get(parseCookies(cookieHeader).get("idsrv") ?? "");
    if (!user) {
      const returnUrl = `${url.pathname}${url.search}`;
      return { status: 302, headers: { Location: `${basePath}/identity/login?ReturnUrl=${encodeURIComponent(returnUrl)}` } };
    }
    const ticket = randomUUID();
    consents.set(ticket, { clientId: app.clientId, redirectUri, scope, state, user, codeChallenge: challenge, codeChallengeMethod: challenge ? (method ?? "plain") : null, nonce: q.get("nonce") });
    return { status: 200, body: renderConsentPage({ action: `${basePath}/identity/connect/authorize/consent`, ticket, clientId: app.clientId, scope, user }) };
  }

  function consentEndpoint(form: URLSearchParams): HttpAnswer {
    const ticket = consents.get(form.get("ticket") ?? "");
    consents.delete(form.get("ticket") ?? "");
    if (!ticket) return { status: 400, body: renderErrorPage("Consent expired", "Start the sign-in again from the application.") };
    const target = new URL(ticket.redirectUri);
    if (form.get("decision") === "allow") {
      const code = token();
      codes.set(code, {
        clientId: ticket.clientId,
        redirectUri: ticket.redirectUri,
        scope: ticket.scope,
        user: ticket.user,
        codeChallenge: ticket.codeChallenge,
        codeChallengeMethod: ticket.codeChallengeMethod,
        expiresAt: Date.now() + opts.codeLifetimeSec * 1000,
        nonce: ticket.nonce,
      });
      target.searchParams.set("code", code);
      target.searchParams.set("scope", ticket.scope.join(" "));
    } else {
      target.searchParams.set("error", "access_denied");
    }
    if (ticket.state !== null) target.searchParams.set("state", ticket.state);
    return { status: 302, headers: { Location: target.toString() } };
  }

  function signInPage(url: URL): HttpAnswer {
    return { status: 200, body: renderSignInPage({ action: url.pathname, returnUrl: url.searchParams.get("ReturnUrl") ?? "", error: null }) };
  }

  function signInSubmit(form: URLSearchParams, path: string): HttpAnswer {
    const returnUrl = form.get("ReturnUrl") ?? "";
    if (form.get("username") !== DEMO_USER.username || form.get("password") !== DEMO_USER.password) {
      return { status: 200, body: renderSignInPage({ action: path, returnUrl, error: "Invalid credentials. Please try again." }) };
    }
    const id = token();
    signIns.set(id, DEMO_USER.username);
    const safeReturn = returnUrl.startsWith("/") && !returnUrl.startsWith("//") ? returnUrl : "/";
    return { status: 302, headers: { Location: safeReturn, "Set-Cookie": `idsrv=${id}; Path=/; HttpOnly; SameSite=Lax` } };
  }

  function revoke(form: URLSearchParams, authorization: string | undefined): HttpAnswer {
    const app = authenticateClient(form, authorization);
    if (!app) return oauthError("invalid_client");
    const raw = form.get("token") ?? "";
    const access = accessTokens.get(raw);
    if (access && access.clientId === app.clientId) accessTokens.delete(raw);
    const chainId = refreshTokens.get(raw);
    const chain = chainId ? chains.get(chainId) : undefined;
    if (chain && chain.clientId === app.clientId) {
      refreshTokens.delete(raw);
      chain.refreshToken = null;
    }
    return { status: 200 };
  }

  /**
   * Resolves a request's credentials to a live API session, or null (→ 401).
   * api:concurrent_access tokens use the session named by the ASP.NET_SessionId cookie; without one,
   * `openIfMissing` opens a new session (counted against the licence) and returns its cookie.
   * Throws LoginLimitError when that is not possible.
   */
  function authenticateRequest(authorization: string | undefined, cookieHeader: string | undefined, openIfMissing = true): RequestAuth | null {
    const now = Date.now();
    const cookies = parseCookies(cookieHeader);
    if (authorization?.startsWith("Bearer ")) {
      const t = accessTokens.get(authorization.slice(7).trim());
      if (!t || t.expiresAt <= now || !t.scope.includes("api")) return null;
      if (t.scope.includes("api:concurrent_access")) {
        const sid = cookies.get("ASP.NET_SessionId");
        const existing = sid ? sessions.get(sid) : undefined;
        if (existing && sessionAlive(existing.id) && existing.chainId === t.chainId) {
          existing.expiresAt = t.expiresAt;
          return { user: t.user, sessionId: existing.id, scope: t.scope };
        }
        if (!openIfMissing) return null;
        const opened = openSession(t.user, "oauth", t.expiresAt, t.chainId ?? undefined);
        return { user: t.user, sessionId: opened.id, scope: t.scope, setCookie: `ASP.NET_SessionId=${opened.id}; Path=/; HttpOnly` };
      }
      if (!sessionAlive(t.sessionId)) return null;
      return { user: t.user, sessionId: t.sessionId as string, scope: t.scope };
    }
    const cookie = cookies.get(".ASPXAUTH");
    const sessionId = cookie ? cookieSessions.get(cookie) : undefined;
    if (sessionId && sessionAlive(sessionId)) {
      const s = sessions.get(sessionId);
      if (s) {
        s.expiresAt = now + opts.cookieSessionIdleMs;
        return { user: s.user, sessionId, scope: ["api"] };
      }
    }
    return null;
  }

  /** True when the request carries a valid token or cookie session (no session is opened). */
  function recognizes(authorization: string | undefined, cookieHeader: string | undefined): boolean {
    if (authorization?.startsWith("Bearer ")) {
      const t = accessTokens.get(authorization.slice(7).trim());
      return !!t && t.expiresAt > Date.now();
    }
    return authenticateRequest(undefined, cookieHeader, false) !== null;
  }

  function cookieLogin(body: Record<string, unknown>): HttpAnswer {
    if (body.name !== DEMO_USER.username || body.password !== DEMO_USER.password) {
      return { status: 500, json: { message: "An error has occurred.", exceptionMessage: "Error: Invalid credentials. Please try again.", exceptionType: "PX.Data.PXException" } };
    }
    try {
      const s = openSession(DEMO_USER.username, "cookie", Date.now() + opts.cookieSessionIdleMs);
      const auth = token();
      cookieSessions.set(auth, s.id);
      return { status: 204, headers: { "Set-Cookie": [`.ASPXAUTH=${auth}; Path=/; HttpOnly`, `ASP.NET_SessionId=${s.id}; Path=/; HttpOnly`] } };
    } catch (err) {
      if (err instanceof LoginLimitError) {
        return { status: 429, json: { message: "An error has occurred.", exceptionMessage: "API Login Limit", exceptionType: "PX.Data.PXException" } };
      }
      throw err;
    }
  }

  /** Ends the session behind the request's token or cookie; the token stops working. */
  function logout(authorization: string | undefined, cookieHeader: string | undefined): HttpAnswer {
    const auth = authenticateRequest(authorization, cookieHeader, false);
    if (auth) {
      const s = sessions.get(auth.sessionId);
      if (s) s.closed = true;
    }
    return { status: 204 };
  }

  return {
    tokenEndpoint,
    authorizeEndpoint,
    consentEndpoint,
    signInPage,
    signInSubmit,
    revoke,
    authenticateRequest,
    recognizes,
    cookieLogin,
    logout,
    openSessions: () => openSessions(),
    /** Fault injection: every access token issued so far stops working. */
    expireAccessTokens() {
      for (const t of accessTokens.values()) t.expiresAt = Date.now() - 1;
    },
    /** Fault injection: refresh chains end (the next refresh gets invalid_grant). */
    expireRefreshChains() {
      for (const c of chains.values()) c.expiresAt = Date.now() - 1;
    },
    closeAllSessions() {
      for (const s of sessions.values()) s.closed = true;
    },
    addApp(app: ConnectedApp) {
      apps.push(app);
    },
  };
}

export type Identity = ReturnType<typeof createIdentity>;
