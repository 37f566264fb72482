import { describe, expect, it } from "vitest";
import { lineItemSchema } from "./api-types";
import { decimalToMinor, groupOrderLines, isOrderShippable, listUnshippedLineItemIds, minorToDecimal } from "./mapper";

const line = (id: string, sku: string, sale: string, extra: Record<string, unknown> = {}) =>
  lineItemSchema.parse({
    id,
    sku_id: sku,
    product_id: "1729592969712207008",
    product_name: "Tee",
    sku_name: "Red, L",
    seller_sku: sku === "1729592969712207013" ? "TSHIRT-RED-L" : "MUG-WHT",
    original_price: "24.99",
    sale_price: sale,
    currency: "USD",
    item_tax: [{ tax_type: "SALES_TAX", tax_amount: "1.76", tax_rate: "0.08" }],
    display_status: "AWAITING_SHIPMENT",
    ...extra,
  });

describe("money", () => {
  it("converts decimal strings exactly", () => {
    expect(decimalToMinor("21.99")).toBe(2199);
    expect(decimalToMinor("0.1")).toBe(10);
    expect(decimalToMinor("5")).toBe(500);
    expect(decimalToMinor("-3.05")).toBe(-305);
    expect(() => decimalToMinor("1.999")).toThrow();
    expect(() => decimalToMinor("abc")).toThrow();
    expect(minorToDecimal(2199)).toBe("21.99");
    expect(minorToDecimal(-5)).toBe("-0.05");
  });
});

describe("groupOrderLines", () => {
  it("counts one line item per unit into quantities per SKU and price", () => {
    const groups = groupOrderLines({
      line_items: [
        line("577391028846450001", "1729592969712207013", "21.99"),
        line("577391028846450002", "1729592969712207013", "21.99"),
        line("577391028846450003", "1729592969712207777", "11.00"),
        line("577391028846450004", "1729592969712207013", "21.99", { display_status: "CANCELLED" }),
        line("577391028846450005", "1729592969712207013", "19.99"),
      ],
    });
    expect(groups.map((g) => [g.sellerSku, g.unitSalePrice, g.quantity])).toEqual([
      ["TSHIRT-RED-L", "21.99", 2],
      ["MUG-WHT", "11.00", 1],
      ["TSHIRT-RED-L", "19.99", 1],
    ]);
    expect(groups[0]!.lineItemIds).toEqual(["577391028846450001", "577391028846450002"]);
    expect(groups[0]!.cancelledLineItemIds).toEqual(["577391028846450004"]);
    expect(groups[0]!.unitTax).toBe("1.76");
  });
});

describe("shippability", () => {
  it("ships only AWAITING_SHIPMENT / PARTIALLY_SHIPPING orders without a pending cancel request", () => {
    expect(isOrderShippable({ status: "AWAITING_SHIPMENT", is_buyer_request_cancel: false })).toBe(true);
    expect(isOrderShippable({ status: "PARTIALLY_SHIPPING", is_buyer_request_cancel: false })).toBe(true);
    expect(isOrderShippable({ status: "ON_HOLD", is_buyer_request_cancel: false })).toBe(false);
    expect(isOrderShippable({ status: "AWAITING_SHIPMENT", is_buyer_request_cancel: true })).toBe(false);
  });

  it("lists unshipped, uncancelled line items", () => {
    const items = [
      line("1", "1729592969712207013", "21.99", { tracking_number: "1Z" }),
      line("2", "1729592969712207013", "21.99"),
      line("3", "1729592969712207013", "21.99", { display_status: "CANCELLED" }),
    ];
    expect(listUnshippedLineItemIds({ line_items: items })).toEqual(["2"]);
  });
});
