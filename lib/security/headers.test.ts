import { describe, expect, it } from "vitest";
import { buildContentSecurityPolicy } from "./headers";

describe("buildContentSecurityPolicy", () => {
  it("allows scripts only with the request's nonce in production, and forbids framing", () => {
    const csp = buildContentSecurityPolicy({ nonce: "abc123", dev: false, https: true });
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("upgrade-insecure-requests");
  });
  it("adds what the dev server needs (eval for React's debugging, websockets for reload) only in development", () => {
    const csp = buildContentSecurityPolicy({ nonce: "n", dev: true, https: false });
    expect(csp).toContain("'unsafe-eval'");
    expect(csp).toContain("connect-src 'self' ws: wss:");
    expect(csp).not.toContain("upgrade-insecure-requests");
  });
});
