import { describe, expect, it } from "vitest";
import { BASE_DELAY_MS, FREE_FAILURES, MAX_DELAY_MS, requiredWaitMs } from "./throttle";
import { clientIp } from "./sign-in";

describe("throttle schedule", () => {
  it("lets the first failures through, then doubles the wait up to the cap", () => {
    expect(requiredWaitMs(FREE_FAILURES - 1)).toBe(0);
    expect(requiredWaitMs(FREE_FAILURES)).toBe(BASE_DELAY_MS);
    expect(requiredWaitMs(FREE_FAILURES + 1)).toBe(BASE_DELAY_MS * 2);
    expect(requiredWaitMs(FREE_FAILURES + 20)).toBe(MAX_DELAY_MS);
  });
});

describe("clientIp", () => {
  it("ignores X-Forwarded-For when no proxy is configured (the client writes it)", () => {
    expect(clientIp({ "x-forwarded-for": "1.1.1.1" }, 0)).toBeNull();
  });
  it("takes the entry our own proxies appended, not what the client claimed", () => {
    expect(clientIp({ "x-forwarded-for": "spoofed, 203.0.113.9" }, 1)).toBe("203.0.113.9");
    expect(clientIp(new Headers({ "x-forwarded-for": "spoofed, 203.0.113.9, 10.0.0.2" }), 2)).toBe("203.0.113.9");
    expect(clientIp({}, 1)).toBeNull();
  });
});
