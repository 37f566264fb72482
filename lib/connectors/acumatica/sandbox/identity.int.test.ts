import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAuthorizeUrl, createPkcePair } from "../oauth";
import type { AcumaticaSandbox } from "./server";
import { TEST_APP, TEST_REDIRECT, authorizeLikeBrowser, passwordTokens, startTestSandbox } from "./testing";

let sandbox: AcumaticaSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

const token = (form: Record<string, string>) =>
  fetch(`${sandbox.url}/identity/connect/token`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form) });
const codeGrant = (code: string, extra: Record<string, string> = {}) =>
  token({ grant_type: "authorization_code", code, redirect_uri: TEST_REDIRECT, client_id: TEST_APP.clientId, client_secret: TEST_APP.clientSecret, ...extra });
const refreshGrant = (refresh: string) => token({ grant_type: "refresh_token", refresh_token: refresh, client_id: TEST_APP.clientId, client_secret: TEST_APP.clientSecret });

describe("identity server", () => {
  it("publishes the OIDC discovery document under the instance path", async () => {
    const doc = (await fetch(`${sandbox.url}/identity/.well-known/openid-configuration`).then((r) => r.json())) as Record<string, unknown>;
    expect(doc).toMatchObject({
      authorization_endpoint: `${sandbox.url}/identity/connect/authorize`,
      token_endpoint: `${sandbox.url}/identity/connect/token`,
      revocation_endpoint: `${sandbox.url}/identity/connect/revocation`,
    });
  });

  it("renders a sign-in page with labelled Username/Password and a Sign in button", async () => {
    const url = buildAuthorizeUrl({ instanceUrl: sandbox.url, clientId: TEST_APP.clientId, redirectUri: TEST_REDIRECT, state: "s" });
    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBe(302);
    const page = await fetch(new URL(res.headers.get("location") ?? "", sandbox.origin)).then((r) => r.text());
    expect(page).toContain('<label for="username">Username</label><input id="username"');
    expect(page).toContain('<label for="password">Password</label><input id="password"');
    expect(page).toContain(">Sign in</button>");
  });

  it("runs the code flow with PKCE: consent lists scopes, redirect echoes state and scope, code works once", async () => {
    const pkce = createPkcePair();
    const url = buildAuthorizeUrl({ instanceUrl: sandbox.url, clientId: TEST_APP.clientId, redirectUri: TEST_REDIRECT, state: "st-123", codeChallenge: pkce.codeChallenge });
    const back = await authorizeLikeBrowser(sandbox, url);
    expect(back.origin + back.pathname).toBe(TEST_REDIRECT);
    expect(back.searchParams.get("state")).toBe("st-123");
    expect(back.searchParams.get("scope")).toBe("api offline_access");
    const code = back.searchParams.get("code") ?? "";
    expect((await codeGrant(code, { code_verifier: "wrong-verifier-wrong-verifier-wrong-verifier" })).status).toBe(400);
    // The failed attempt consumed the code (codes are single-use).
    const again = await authorizeLikeBrowser(sandbox, url);
    const ok = await codeGrant(again.searchParams.get("code") ?? "", { code_verifier: pkce.codeVerifier });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "api offline_access" });
    expect(typeof body.refresh_token).toBe("string");
    const reuse = await codeGrant(again.searchParams.get("code") ?? "", { code_verifier: pkce.codeVerifier });
    expect(await reuse.json()).toEqual({ error: "invalid_grant" });
  });

  it("Deny redirects with error=access_denied and the state", async () => {
    const url = buildAuthorizeUrl({ instanceUrl: sandbox.url, clientId: TEST_APP.clientId, redirectUri: TEST_REDIRECT, state: "deny-me" });
    const back = await authorizeLikeBrowser(sandbox, url, "deny");
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("state")).toBe("deny-me");
    expect(back.searchParams.has("code")).toBe(false);
  });

  it("shows an error page (no redirect) for an unregistered redirect URI or unknown client", async () => {
    const bad = await fetch(buildAuthorizeUrl({ instanceUrl: sandbox.url, clientId: TEST_APP.clientId, redirectUri: "http://evil.example/cb", state: "x" }), { redirect: "manual" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("redirect");
    const unknown = await fetch(buildAuthorizeUrl({ instanceUrl: sandbox.url, clientId: "NOPE@Company", redirectUri: TEST_REDIRECT, state: "x" }), { redirect: "manual" });
    expect(unknown.status).toBe(400);
  });

  it("requires the exact redirect URI at the token endpoint", async () => {
    const back = await authorizeLikeBrowser(sandbox, buildAuthorizeUrl({ instanceUrl: sandbox.url, clientId: TEST_APP.clientId, redirectUri: TEST_REDIRECT, state: "r" }));
    const res = await codeGrant(back.searchParams.get("code") ?? "", { redirect_uri: `${TEST_REDIRECT}/` });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("rejects a wrong secret with invalid_client", async () => {
    const res = await token({ grant_type: "refresh_token", refresh_token: "x", client_id: TEST_APP.clientId, client_secret: "wrong" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "invalid_client" });
  });

  it("rotates refresh tokens: the new one works, the old one is dead", async () => {
    const first = await passwordTokens(sandbox);
    const r1 = await refreshGrant(first.refreshToken ?? "");
    expect(r1.status).toBe(200);
    const second = (await r1.json()) as { refresh_token: string; access_token: string };
    expect(second.refresh_token).not.toBe(first.refreshToken);
    expect(await (await refreshGrant(first.refreshToken ?? "")).json()).toMatchObject({ error: "invalid_grant" });
    expect((await refreshGrant(second.refresh_token)).status).toBe(200);
  });

  it("ends refresh chains at their absolute lifetime", async () => {
    const short = await startTestSandbox({ refreshLifetimeSec: 0.05 });
    try {
      const res = await fetch(`${short.url}/identity/connect/token`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "password", username: "admin", password: "sandbox", scope: "api offline_access", client_id: TEST_APP.clientId, client_secret: TEST_APP.clientSecret }),
      });
      const { refresh_token } = (await res.json()) as { refresh_token: string };
      await new Promise((r) => setTimeout(r, 80));
      const again = await fetch(`${short.url}/identity/connect/token`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token, client_id: TEST_APP.clientId, client_secret: TEST_APP.clientSecret }),
      });
      expect(await again.json()).toMatchObject({ error: "invalid_grant" });
    } finally {
      await short.close();
    }
  });

  it("supports sliding refresh expiration capped by the absolute lifetime", async () => {
    const app = { ...TEST_APP, slidingRefreshLifetimeSec: 0.5, refreshLifetimeSec: 1.2 };
    const sliding = await startTestSandbox({ connectedApps: [app] });
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const post = (form: Record<string, string>) =>
      fetch(`${sliding.url}/identity/connect/token`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ client_id: app.clientId, client_secret: app.clientSecret, ...form }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { refresh_token?: string; error?: string } }));
    const login = () => post({ grant_type: "password", username: "admin", password: "sandbox", scope: "api offline_access" });
    try {
      const idle = await login();
      await wait(600);
      expect((await post({ grant_type: "refresh_token", refresh_token: idle.body.refresh_token ?? "" })).body.error).toBe("invalid_grant");
      let current = (await login()).body.refresh_token ?? "";
      // Each refresh within 0.5 s of the last keeps the chain alive…
      for (let i = 0; i < 3; i++) {
        await wait(300);
        const r = await post({ grant_type: "refresh_token", refresh_token: current });
        expect(r.status).toBe(200);
        current = r.body.refresh_token ?? "";
      }
      // …but never past 1.2 s after the first sign-in.
      await wait(400);
      expect((await post({ grant_type: "refresh_token", refresh_token: current })).body.error).toBe("invalid_grant");
    } finally {
      await sliding.close();
    }
  });

  it("revokes refresh tokens", async () => {
    const t = await passwordTokens(sandbox);
    const res = await fetch(`${sandbox.url}/identity/connect/revocation`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: t.refreshToken ?? "", token_type_hint: "refresh_token", client_id: TEST_APP.clientId, client_secret: TEST_APP.clientSecret }),
    });
    expect(res.status).toBe(200);
    expect(await (await refreshGrant(t.refreshToken ?? "")).json()).toMatchObject({ error: "invalid_grant" });
  });

  it("reuses one API session per grant across refreshes", async () => {
    const single = await startTestSandbox({ limits: { maxApiUsers: 1 } });
    try {
      const post = (form: Record<string, string>) =>
        fetch(`${single.url}/identity/connect/token`, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ client_id: TEST_APP.clientId, client_secret: TEST_APP.clientSecret, ...form }),
        });
      const first = (await (await post({ grant_type: "password", username: "admin", password: "sandbox", scope: "api offline_access" })).json()) as { refresh_token: string };
      const r1 = (await (await post({ grant_type: "refresh_token", refresh_token: first.refresh_token })).json()) as { refresh_token: string };
      expect((await post({ grant_type: "refresh_token", refresh_token: r1.refresh_token })).status).toBe(200);
      expect((await post({ grant_type: "password", username: "admin", password: "sandbox", scope: "api" })).status).toBe(429);
    } finally {
      await single.close();
    }
  });

  it("opens one session per cookie-less request for api:concurrent_access tokens (a client without a cookie jar leaks them)", async () => {
    const small = await startTestSandbox({ limits: { maxApiUsers: 3 } });
    try {
      const grant = await fetch(`${small.url}/identity/connect/token`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "password", username: "admin", password: "sandbox", scope: "api api:concurrent_access", client_id: TEST_APP.clientId, client_secret: TEST_APP.clientSecret }),
      });
      const { access_token } = (await grant.json()) as { access_token: string };
      const h = { Authorization: `Bearer ${access_token}` };
      const url = `${small.url}/entity/Default/24.200.001/ShipVia`;
      const first = await fetch(url, { headers: h });
      const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      expect(cookie).toMatch(/^ASP\.NET_SessionId=/);
      const reuse = await fetch(url, { headers: { ...h, cookie } });
      expect(reuse.headers.get("set-cookie")).toBeNull();
      await fetch(url, { headers: h });
      await fetch(url, { headers: h });
      const over = await fetch(url, { headers: h });
      expect(over.status).toBe(429);
      expect(await over.text()).toContain("API Login Limit");
      expect((await fetch(`${small.url}/entity/auth/logout`, { method: "POST", headers: { ...h, cookie } })).status).toBe(204);
      expect((await fetch(url, { headers: h })).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it("refuses a new grant with 'API Login Limit' when all licensed API sessions are open, and frees one on logout", async () => {
    const limited = await startTestSandbox({ limits: { maxApiUsers: 2 } });
    try {
      const grant = () =>
        fetch(`${limited.url}/identity/connect/token`, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ grant_type: "password", username: "admin", password: "sandbox", scope: "api", client_id: TEST_APP.clientId, client_secret: TEST_APP.clientSecret }),
        });
      const a = (await (await grant()).json()) as { access_token: string };
      await grant();
      const third = await grant();
      expect(third.status).toBe(429);
      expect(await third.text()).toContain("API Login Limit");
      await fetch(`${limited.url}/entity/auth/logout`, { method: "POST", headers: { Authorization: `Bearer ${a.access_token}` } });
      expect((await grant()).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
