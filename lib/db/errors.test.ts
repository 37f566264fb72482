import { describe, expect, it } from "vitest";
import { uniqueViolation } from "./errors";

describe("uniqueViolation", () => {
  it("names the constraint of a unique violation, directly or as drizzle's cause", () => {
    expect(uniqueViolation({ code: "23505", constraint: "connections_connected_shop_idx" })).toBe("connections_connected_shop_idx");
    expect(uniqueViolation(Object.assign(new Error("Failed query"), { cause: { code: "23505", constraint: "users_email_unique" } }))).toBe("users_email_unique");
    expect(uniqueViolation({ code: "23505" })).toBe("");
  });
  it("is null for anything else", () => {
    expect(uniqueViolation(new Error("boom"))).toBeNull();
    expect(uniqueViolation({ code: "23503" })).toBeNull();
    expect(uniqueViolation(null)).toBeNull();
  });
});
