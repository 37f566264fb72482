import { describe, expect, it } from "vitest";
import { isSameOriginRequest, sameOriginPath } from "./same-origin";

const APP = "https://app.example.com";

describe("isSameOriginRequest", () => {
  it("passes the app's own pages", () => {
    expect(isSameOriginRequest(new Headers({ origin: APP }), APP)).toBe(true);
    expect(isSameOriginRequest(new Headers({ "sec-fetch-site": "same-origin" }), APP)).toBe(true);
  });
  it("refuses another site, a sandboxed frame's null origin, and cross-site fetch metadata", () => {
    expect(isSameOriginRequest(new Headers({ origin: "https://evil.example" }), APP)).toBe(false);
    expect(isSameOriginRequest(new Headers({ origin: "null" }), APP)).toBe(false);
    expect(isSameOriginRequest(new Headers({ "sec-fetch-site": "cross-site" }), APP)).toBe(false);
    expect(isSameOriginRequest(new Headers({ "sec-fetch-site": "same-site" }), APP)).toBe(false);
  });
  it("passes a non-browser client that sends neither header", () => {
    expect(isSameOriginRequest(new Headers(), APP)).toBe(true);
  });
});

describe("sameOriginPath", () => {
  it("keeps paths on this site only", () => {
    expect(sameOriginPath("/orders?x=1", APP)).toBe("/orders?x=1");
    expect(sameOriginPath("//evil.example/x", APP)).toBeNull();
  });
});
