import { describe, expect, it } from "vitest";
import { sameOriginPath } from "./same-origin";

const origin = "http://localhost:3000";

describe("sameOriginPath", () => {
  it("keeps paths on this site", () => {
    expect(sameOriginPath("/api/connectors/acumatica/callback?code=1&state=2", origin)).toBe("/api/connectors/acumatica/callback?code=1&state=2");
    expect(sameOriginPath("http://localhost:3000/orders", origin)).toBe("/orders");
  });
  it("refuses other hosts, however they are spelled", () => {
    for (const evil of ["//evil.example", "/\\evil.example", "https://evil.example/x", "\\\\evil.example", "javascript:alert(1)"]) {
      expect(sameOriginPath(evil, origin)).toBeNull();
    }
    expect(sameOriginPath(null, origin)).toBeNull();
  });
});
