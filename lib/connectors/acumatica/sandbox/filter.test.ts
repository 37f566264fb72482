import { describe, expect, it } from "vitest";
import { FilterSyntaxError, equalityAlternatives, evaluateFilter, listFilterFields, parseFilter } from "./filter";

const rec: Record<string, unknown> = {
  Status: "Open",
  OrderTotal: 42.5,
  Hold: false,
  CustomerID: "TIKTOK",
  Description: "It's a TikTok order",
  LastModified: Date.parse("2024-07-15T10:31:28.402+03:00"),
  MainContact: { Email: "demo@gmail.com" },
};
const read = (path: string[]) => path.reduce<unknown>((cur, p) => (cur && typeof cur === "object" ? (cur as Record<string, unknown>)[p] : undefined), rec);
const matches = (f: string) => evaluateFilter(parseFilter(f), read);

describe("$filter", () => {
  it("compares strings case-insensitively with eq/ne", () => {
    expect(matches("Status eq 'Open'")).toBe(true);
    expect(matches("Status eq 'open'")).toBe(true);
    expect(matches("Status ne 'Open'")).toBe(false);
  });

  it("compares numbers with gt/ge/lt/le and the M suffix", () => {
    expect(matches("OrderTotal gt 42")).toBe(true);
    expect(matches("OrderTotal ge 42.5M")).toBe(true);
    expect(matches("OrderTotal lt 42.5")).toBe(false);
    expect(matches("OrderTotal le 42.5")).toBe(true);
  });

  it("compares datetimeoffset literals as instants, offsets included", () => {
    expect(matches("LastModified gt datetimeoffset'2024-07-15T07:31:28.000Z'")).toBe(true);
    expect(matches("LastModified gt datetimeoffset'2024-07-15T10:31:28.402+03:00'")).toBe(false);
    expect(matches("LastModified ge datetimeoffset'2024-07-15T10:31:28.402+03:00'")).toBe(true);
    expect(matches("LastModified lt datetimeoffset'2024-12-31'")).toBe(true);
  });

  it("combines with and/or/not and parentheses (and binds tighter than or)", () => {
    expect(matches("Status eq 'Closed' or Status eq 'Open' and Hold eq false")).toBe(true);
    expect(matches("(Status eq 'Closed' or Status eq 'Open') and Hold eq true")).toBe(false);
    expect(matches("not (Hold eq true)")).toBe(true);
  });

  it("supports substringof, startswith, endswith and doubled quotes", () => {
    expect(matches("substringof('tiktok', Description)")).toBe(true);
    expect(matches("startswith(CustomerID, 'TIK')")).toBe(true);
    expect(matches("startswith(CustomerID, 'TOK')")).toBe(false);
    expect(matches("endswith(Description, 'order')")).toBe(true);
    expect(matches("Description eq 'It''s a TikTok order'")).toBe(true);
  });

  it("reads linked-entity paths", () => {
    expect(matches("MainContact/Email eq 'demo@gmail.com'")).toBe(true);
    expect(listFilterFields(parseFilter("MainContact/Email eq 'x' and Status eq 'Open'"))).toEqual([["MainContact", "Email"], ["Status"]]);
  });

  it("rejects syntax outside the subset", () => {
    expect(() => parseFilter("Status eq")).toThrow(FilterSyntaxError);
    expect(() => parseFilter("contains(Status, 'O')")).toThrow(FilterSyntaxError);
    expect(() => parseFilter("Status eq 'Open")).toThrow(FilterSyntaxError);
    expect(() => parseFilter("Status eq 'Open' )")).toThrow(FilterSyntaxError);
  });
});

describe("equalityAlternatives", () => {
  it("reads a chain of eq on one field as a set of lower-cased values, and refuses any other shape", () => {
    expect(equalityAlternatives(parseFilter("InventoryID eq 'A-1' or InventoryID eq 'b-2' or (InventoryID eq 'C')"))).toEqual({ path: ["InventoryID"], values: new Set(["a-1", "b-2", "c"]) });
    expect(equalityAlternatives(parseFilter("InventoryID eq 'A' or Description eq 'B'"))).toBeNull();
    expect(equalityAlternatives(parseFilter("InventoryID eq 'A' and InventoryID eq 'B'"))).toBeNull();
    expect(equalityAlternatives(parseFilter("InventoryID ne 'A'"))).toBeNull();
  });
});
