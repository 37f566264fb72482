import { describe, expect, it } from "vitest";
import { TikTokShopError, classifyVendorError } from "./errors";

describe("classifyVendorError", () => {
  it("only 105002 means refresh-and-retry", () => {
    expect(classifyVendorError(105002, "Expired credentials", 401)).toBe("auth_expired");
    expect(classifyVendorError(105005, "you should apply auth pkg for this api", 200)).toBe("permission_denied");
  });

  it("splits the overloaded 36009004 by message", () => {
    expect(classifyVendorError(36009004, "Invalid credentials. The x-tts-access-token header is invalid.", 401)).toBe("deauthorized");
    expect(classifyVendorError(36009004, "Invalid credentials. The app_key is invalid or missing.", 400)).toBe("invalid_request");
    expect(classifyVendorError(36009004, "Invalid timestamp.", 400)).toBe("invalid_request");
  });

  it("treats throttling and server trouble as retryable kinds", () => {
    expect(classifyVendorError(36009002, "Too many requests", 429)).toBe("rate_limited");
    expect(classifyVendorError(36009003, "Internal error", 500)).toBe("server");
    expect(classifyVendorError(99999999, "?", 503)).toBe("server");
    expect(classifyVendorError(99999999, "?", 429)).toBe("rate_limited");
    expect(new TikTokShopError({ message: "x", code: 36009002, kind: "rate_limited" }).retryable).toBe(true);
    expect(new TikTokShopError({ message: "x", code: 106001, kind: "invalid_signature" }).retryable).toBe(false);
  });

  it("recognises region and conflict codes", () => {
    expect(classifyVendorError(12052700, "Create Product is not available", 200)).toBe("region_not_supported");
    expect(classifyVendorError(21008106, "not available in this region", 200)).toBe("region_not_supported");
    expect(classifyVendorError(21011006, "already shipped", 200)).toBe("conflict");
    expect(classifyVendorError(36004005, "can not find related auth record", 200)).toBe("deauthorized");
  });

  it("tells an answer to a request no longer pending (conflict) from a bad answer (invalid_request)", () => {
    for (const code of [25011012, 25011011, 25020003, 25020009, 25020010]) expect(classifyVendorError(code, "", 200)).toBe("conflict");
    expect(classifyVendorError(25007006, "Order not found.", 200)).toBe("not_found");
    expect(classifyVendorError(25020004, "decision not match reverse type", 200)).toBe("invalid_request");
    expect(classifyVendorError(25001014, "Unknown return reason", 200)).toBe("invalid_request");
  });
});
