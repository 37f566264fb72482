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
  it("trusts only the address our own server appended to X-Forwarded-For", () => {
    expect(clientIp({ "x-forwarded-for": "1.1.1.1, 10.0.0.7" })).toBe("10.0.0.7");
    expect(clientIp(new Headers({ "x-forwarded-for": "spoofed, 127.0.0.1" }))).toBe("127.0.0.1");
    expect(clientIp({})).toBe("unknown");
  });
});
