import { describe, expect, it } from "vitest";
import type { CatalogIndex } from "./scope";
import { scopeOf } from "./scope";

/** Which Acumatica items' stock counts: exact exclusions (InventoryID or master SKU), the catalog, matched SKUs only. */
const index: CatalogIndex = {
  resolve: (id) => ({ "CAP-NVY": { productId: "p-cap", sku: "CAP-NAVY" }, "MUG-WHT": { productId: "p-mug", sku: "MUG-WHT" } })[id] ?? null,
  inventoryIdOf: () => null,
  matched: new Set(["p-mug"]),
  size: 2,
};
const off = { matchedSkusOnly: false, excludedSkus: [] as string[] };

describe("scopeOf", () => {
  it("keeps a catalog item, resolved through its Acumatica Channel SKU", () => {
    expect(scopeOf(index, off, new Set(), "CAP-NVY")).toEqual({ productId: "p-cap", sku: "CAP-NAVY" });
  });
  it("skips an item no product has", () => {
    expect(scopeOf(index, off, new Set(), "NOPE")).toEqual({ skip: "not_in_catalog" });
  });
  it("excludes exactly: the InventoryID or the master SKU, case and spaces included", () => {
    expect(scopeOf(index, off, new Set(["CAP-NVY"]), "CAP-NVY")).toEqual({ skip: "excluded" });
    expect(scopeOf(index, off, new Set(["CAP-NAVY"]), "CAP-NVY")).toEqual({ skip: "excluded" });
    expect(scopeOf(index, off, new Set(["cap-nvy", "CAP-NVY "]), "CAP-NVY")).toEqual({ productId: "p-cap", sku: "CAP-NAVY" });
  });
  it("with matched SKUs only, marks an item without a TikTok SKU unmatched (the pull may still find one)", () => {
    const on = { ...off, matchedSkusOnly: true };
    expect(scopeOf(index, on, new Set(), "MUG-WHT")).toEqual({ productId: "p-mug", sku: "MUG-WHT" });
    expect(scopeOf(index, on, new Set(), "CAP-NVY")).toEqual({ skip: "unmatched", productId: "p-cap", sku: "CAP-NAVY" });
  });
});
