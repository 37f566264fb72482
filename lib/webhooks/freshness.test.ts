import { describe, expect, it } from "vitest";
import { webhookTimestampProblem } from "./freshness";

const now = Date.parse("2026-11-30T12:00:00Z");
const sec = Math.floor(now / 1000);
const limits = { nowMs: now, maxAgeSec: 900, maxSkewSec: 60 };

describe("webhookTimestampProblem", () => {
  it("accepts a notification inside the window", () => {
    expect(webhookTimestampProblem(sec, limits)).toBeNull();
    expect(webhookTimestampProblem(sec - 900, limits)).toBeNull();
    expect(webhookTimestampProblem(sec + 60, limits)).toBeNull();
  });
  it("refuses one older than the window or too far ahead", () => {
    expect(webhookTimestampProblem(sec - 901, limits)).toMatch(/older than 900 s/);
    expect(webhookTimestampProblem(sec + 61, limits)).toMatch(/future/);
  });
});
