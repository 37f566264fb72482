import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AcumaticaError } from "./errors";
import {
  buildAuthorizeUrl,
  computeS256Challenge,
  createPkcePair,
  exchangeAuthorizationCode,
  parseAuthorizationCallback,
  refreshAccessToken,
  scopeRequiresLogout,
  tokenEndpointError,
} from "./oauth";

describe("OAuth helpers", () => {
  it("creates a PKCE pair whose challenge is the base64url SHA-256 of the verifier", () => {
    const pair = createPkcePair();
    expect(pair.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.codeChallenge).toBe(createHash("sha256").update(pair.codeVerifier).digest("base64url"));
    // RFC 7636 appendix B test vector
    expect(computeS256Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  });

  it("builds the authorize URL under the instance path with state and S256", () => {
    const url = new URL(
      buildAuthorizeUrl({ instanceUrl: "https://erp.example.com/AcuERP/", clientId: "A@T", redirectUri: "https://app/cb", state: "s1", codeChallenge: "c1" }),
    );
    expect(url.origin + url.pathname).toBe("https://erp.example.com/AcuERP/identity/connect/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: "A@T",
      redirect_uri: "https://app/cb",
      scope: "api offline_access",
      state: "s1",
      code_challenge: "c1",
      code_challenge_method: "S256",
    });
  });

  it("knows which scopes oblige the client to log out", () => {
    expect(scopeRequiresLogout("api")).toBe(true);
    expect(scopeRequiresLogout("api offline_access")).toBe(false);
    expect(scopeRequiresLogout("api offline_access api:concurrent_access")).toBe(true);
  });

  it("maps token-endpoint errors to codes", async () => {
    const err = (status: number, body: unknown) => tokenEndpointError(new Response(JSON.stringify(body), { status }));
    expect((await err(400, { error: "invalid_client" })).code).toBe("invalid_client");
    expect((await err(400, { error: "invalid_grant" })).code).toBe("invalid_grant");
    expect((await err(400, { error: "invalid_grant", error_description: "redirect_uri does not match" })).code).toBe("redirect_uri_mismatch");
    const limit = await err(429, { error: "invalid_grant", error_description: "API Login Limit" });
    expect(limit.code).toBe("login_limit");
    expect(limit.retryable).toBe(true);
  });

  it("maps a 200 answer that is not a token response (HTML page, malformed JSON) to a server AcumaticaError", async () => {
    const stub = (body: string, contentType: string): typeof fetch => async () => new Response(body, { status: 200, headers: { "Content-Type": contentType } });
    const html = stub("<!DOCTYPE html><html><body>Welcome to Acumatica</body></html>", "text/html");
    const common = { instanceUrl: "https://erp.example.com/Wrong", clientId: "A@T", clientSecret: "s" };
    const failure = async (p: Promise<unknown>) => {
      const err = await p.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AcumaticaError);
      return err as AcumaticaError;
    };
    const expected = "The Acumatica identity server answered with something that is not a token response (HTTP 200). Check the API URL.";
    for (const err of [
      await failure(exchangeAuthorizationCode({ ...common, code: "c1", redirectUri: "https://app/cb", fetch: html })),
      await failure(refreshAccessToken({ ...common, refreshToken: "r1", fetch: html })),
      await failure(refreshAccessToken({ ...common, refreshToken: "r1", fetch: stub('{"access_token": ', "application/json") })),
      await failure(refreshAccessToken({ ...common, refreshToken: "r1", fetch: stub('{"access_token": 42}', "application/json") })),
    ]) {
      expect(err.code).toBe("server");
      expect(err.retryable).toBe(false);
      expect(err.message).toBe(expected);
    }
  });

  it("parses the callback: code and scope, access_denied, and a state mismatch", () => {
    expect(parseAuthorizationCallback("https://app/cb?code=c1&scope=api%20offline_access&state=s1", "s1")).toEqual({ code: "c1", scope: "api offline_access" });
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return (err as AcumaticaError).code;
      }
      return null;
    };
    expect(codeOf(() => parseAuthorizationCallback("https://app/cb?error=access_denied&state=s1", "s1"))).toBe("access_denied");
    expect(codeOf(() => parseAuthorizationCallback("https://app/cb?code=c1&state=other", "s1"))).toBe("invalid_grant");
  });
});
