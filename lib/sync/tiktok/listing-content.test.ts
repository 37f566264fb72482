import { describe, expect, it } from "vitest";
import type { ListingProduct } from "./listing-content";
import { contentHash, listingContent, listingIdempotencyKey, packageWeightFor } from "./listing-content";

const p = (over: Partial<ListingProduct> = {}): ListingProduct => ({
  id: "p1",
  sku: "MUG-WHT",
  name: "Ceramic mug",
  description: null,
  active: true,
  price: "12.0000",
  weight: "0.9000",
  weightUnit: "LB",
  attributes: {},
  ...over,
});

describe("listing content", () => {
  it("a simple product: one SKU whose seller_sku is the master SKU, pounds for a US shop, kilograms for a UK one", () => {
    const us = listingContent(p(), null, "US");
    expect(us).toEqual({ content: { title: "Ceramic mug", description: "<p>Ceramic mug</p>", packageWeight: { value: "0.9", unit: "POUND" }, skus: [{ productId: "p1", sellerSku: "MUG-WHT", price: "12.00", salesAttributes: [] }] } });
    expect(listingContent(p(), null, "GB")).toMatchObject({ content: { packageWeight: { value: "0.408", unit: "KILOGRAM" } } });
    expect(packageWeightFor("US", "400", "G")).toEqual({ value: "0.882", unit: "POUND" });
  });

  it("a template: its active variants as SKUs told apart by their shared attributes", () => {
    const variants = [
      p({ id: "v1", sku: "TSHIRT-BLK-S", attributes: { COLOR: "Black", SIZE: "Small" } }),
      p({ id: "v2", sku: "TSHIRT-BLK-M", attributes: { COLOR: "Black", SIZE: "Medium" }, price: "21.00" }),
      p({ id: "v3", sku: "TSHIRT-OLD", attributes: { COLOR: "Red", SIZE: "Small" }, active: false }),
    ];
    const c = listingContent(p({ id: "t", sku: "TSHIRT", name: "Classic tee", price: "19.5" }), variants, "US");
    expect("content" in c && c.content.skus).toEqual([
      { productId: "v1", sellerSku: "TSHIRT-BLK-S", price: "12.00", salesAttributes: [{ name: "Color", valueName: "Black" }, { name: "Size", valueName: "Small" }] },
      { productId: "v2", sellerSku: "TSHIRT-BLK-M", price: "21.00", salesAttributes: [{ name: "Color", valueName: "Black" }, { name: "Size", valueName: "Medium" }] },
    ]);
    // Without attributes that tell them apart, each variant is named by its SKU.
    const plain = listingContent(p({ id: "t" }), [p({ id: "a", sku: "A" }), p({ id: "b", sku: "B" })], "US");
    expect("content" in plain && plain.content.skus.map((s) => s.salesAttributes)).toEqual([[{ name: "Variant", valueName: "A" }], [{ name: "Variant", valueName: "B" }]]);
  });

  it("refuses what TikTok's US/UK rules refuse: >255-character titles, >100 SKUs, >50-character SKUs, no price, no weight", () => {
    expect(listingContent(p({ name: "x".repeat(256) }), null, "US")).toEqual({ error: expect.stringContaining("at most 255") });
    const many = Array.from({ length: 101 }, (_, i) => p({ id: `v${i}`, sku: `V-${i}`, attributes: { SIZE: String(i) } }));
    expect(listingContent(p(), many, "US")).toEqual({ error: expect.stringContaining("at most 100 SKUs") });
    expect(listingContent(p({ sku: "S".repeat(51) }), null, "US")).toEqual({ error: expect.stringContaining("longer than 50") });
    expect(listingContent(p({ price: null }), null, "US")).toEqual({ error: expect.stringContaining("no price") });
    expect(listingContent(p({ weight: null }), null, "US")).toEqual({ error: expect.stringContaining("no weight") });
  });

  it("hashes what is sent, so a price change shows and a stock change does not; one stable UUID-shaped key per product and shop", () => {
    expect(contentHash(listingContent(p(), null, "US"))).toBe(contentHash(listingContent(p(), null, "US")));
    expect(contentHash(listingContent(p({ price: "13" }), null, "US"))).not.toBe(contentHash(listingContent(p(), null, "US")));
    const key = listingIdempotencyKey("5d3f0c1e-0000-4000-8000-000000000001", "9a8b7c6d-0000-4000-8000-000000000002");
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(listingIdempotencyKey("5d3f0c1e-0000-4000-8000-000000000001", "9a8b7c6d-0000-4000-8000-000000000002")).toBe(key);
    expect(listingIdempotencyKey("5d3f0c1e-0000-4000-8000-000000000001", "other")).not.toBe(key);
  });
});
