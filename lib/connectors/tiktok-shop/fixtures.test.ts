import { describe, expect, it } from "vitest";
import { STOCK_ITEMS } from "../acumatica/fixtures";
import { SHOPS, SKU_MISMATCHES } from "./fixtures";

const acumaticaIds = new Set(STOCK_ITEMS.map((i) => i.InventoryID));
const sellerSkus = [...new Set(SHOPS.flatMap((s) => s.products.flatMap((p) => p.skus.map((k) => k.sellerSku))))];

describe("seed catalog vs the Acumatica sandbox", () => {
  it("uses Acumatica InventoryIDs as seller_sku except for the deliberate mismatches", () => {
    const unmatched = sellerSkus.filter((sku) => !acumaticaIds.has(sku));
    expect(unmatched.sort()).toEqual(Object.keys(SKU_MISMATCHES).sort());
    expect(sellerSkus.length - unmatched.length).toBeGreaterThan(unmatched.length * 3);
  });

  it("maps every mismatch to a real, active Acumatica item", () => {
    for (const target of Object.values(SKU_MISMATCHES)) {
      expect(STOCK_ITEMS.find((i) => i.InventoryID === target)?.ItemStatus).toBe("Active");
    }
  });

  it("has US, UK and a non-US/UK shop, each with shipping options and providers", () => {
    expect(SHOPS.map((s) => s.region).sort()).toEqual(["DE", "GB", "US"]);
    for (const s of SHOPS) {
      expect(s.deliveryOptions.length).toBeGreaterThan(0);
      for (const d of s.deliveryOptions) expect(d.providers.length).toBeGreaterThan(0);
    }
    expect(SHOPS.find((s) => s.region === "US")!.deliveryOptions.length).toBeGreaterThanOrEqual(3);
  });
});
