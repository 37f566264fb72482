import { describe, expect, it } from "vitest";
import { pickWorkspace } from "./pick-workspace";

const a = { id: "a", name: "A", role: "owner" as const };
const b = { id: "b", name: "B", role: "viewer" as const };

describe("pickWorkspace", () => {
  it("honours the cookie for a workspace the person belongs to", () => {
    expect(pickWorkspace([a, b], "b")).toBe(b);
  });
  it("ignores a cookie naming a workspace the person does not belong to", () => {
    expect(pickWorkspace([a], "b")).toBe(a);
    expect(pickWorkspace([a, b], "someone-else")).toBe(a);
  });
  it("falls back to the first membership without a cookie", () => {
    expect(pickWorkspace([b, a], undefined)).toBe(b);
  });
});
