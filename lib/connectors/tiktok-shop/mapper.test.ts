import { describe, expect, it } from "vitest";
import { lineItemSchema } from "./api-types";
import { decimalToMinor, groupOrderLines, isOrderShippable, listUnshippedLineItemIds, minorToDecimal } from "./mapper";
import { hubStatusOf, toHubOrder } from "./mapper";
import { SPEC_EXAMPLE_ORDER } from "@/lib/orders/fixtures";

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

describe("toHubOrder", () => {
  it("sums units per SKU, totals discounts and tax per line, and keeps every amount exact", () => {
    const hub = toHubOrder(SPEC_EXAMPLE_ORDER, "7495000000000000001");
    expect(hub).toMatchObject({
      externalId: "577391028846320113",
      channelStatus: "AWAITING_SHIPMENT",
      status: "readyForFulfillment",
      currency: "USD",
      shippingOption: { id: "7091146663229654785", name: "Standard shipping" },
      amounts: { productTotal: "61.98", sellerDiscount: "5.00", platformDiscount: "2.00", subtotal: "54.98", shippingFee: "0.00", tax: "4.40", retailDeliveryFee: "0.00", otherFees: "0.00", total: "59.38" },
      shipTo: { name: "Dana Ruiz", line1: "500 Brannan St", line2: "Apt 4", city: "San Francisco", state: "CA", postalCode: "94107", country: "US" },
    });
    expect(hub.lines).toEqual([
      expect.objectContaining({ lineNo: 1, sku: "TEE-RED-L", quantity: 2, unitPrice: "24.99", sellerDiscount: "4.00", platformDiscount: "2.00", tax: "3.52", channelLineIds: ["577391028846450001", "577391028846450002"] }),
      expect.objectContaining({ lineNo: 2, sku: "MUG-WHT-11OZ", quantity: 1, unitPrice: "12.00", sellerDiscount: "1.00", platformDiscount: "0.00", tax: "0.88" }),
    ]);
  });

  it("counts cancelled units apart and leaves the SKU exactly as TikTok sent it", () => {
    const raw = structuredClone(SPEC_EXAMPLE_ORDER);
    raw.line_items[1]!.display_status = "CANCELLED";
    raw.line_items[2]!.seller_sku = "Mug-Wht-11oz ";
    const hub = toHubOrder(raw, "s");
    expect(hub.lines[0]).toMatchObject({ quantity: 1, canceledQuantity: 1, channelLineIds: ["577391028846450001"] });
    expect(hub.lines[1]!.sku).toBe("Mug-Wht-11oz ");
  });

  it("maps TikTok statuses to the hub lifecycle", () => {
    expect(hubStatusOf("UNPAID")).toBe("awaitingPayment");
    expect(hubStatusOf("ON_HOLD")).toBe("onHold");
    expect(hubStatusOf("PARTIALLY_SHIPPING")).toBe("partialFulfillment");
    expect(hubStatusOf("IN_TRANSIT")).toBe("fulfilled");
    expect(hubStatusOf("CANCELLED")).toBe("canceled");
  });
});
