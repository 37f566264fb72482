import { describe, expect, it } from "vitest";
import { shipmentSchema, stockItemSchema } from "./api-types";
import { toHubFulfillment, toHubProduct, toSalesOrderInput } from "./mapper";

describe("mapper", () => {
  it("builds an idempotent sales order body with ship-to overrides and mapped ship via", () => {
    const body = toSalesOrderInput(
      {
        channelOrderId: "576461413038785752",
        placedAt: new Date("2024-11-04T10:00:00Z"),
        shippingOptionId: "STANDARD",
        currency: "USD",
        shippingFee: 4.99,
        recipient: { name: "Dana Reyes", line1: "120 Pine St", city: "Portland", state: "OR", postalCode: "97204", country: "US" },
        lines: [{ sku: "TT-MUG", quantity: 2, unitPrice: 12, discount: 1 }],
      },
      { customerId: "TIKTOK", orderType: "SO", paymentMethod: "TTS", shipViaByOption: { STANDARD: "UPSGROUND" }, skuMap: { "TT-MUG": "MUG-WHT" } },
    );
    expect(body).toMatchObject({
      ExternalRef: "576461413038785752",
      CustomerOrder: "576461413038785752",
      ShipVia: "UPSGROUND",
      PaymentMethod: "TTS",
      ShipToAddressOverride: true,
      ShipToContactOverride: true,
      Details: [{ InventoryID: "MUG-WHT", OrderQty: 2, UnitPrice: 12, DiscountAmount: 1, ManualPrice: true }],
    });
  });

  it("maps a stock item and a shipment from wrapped payloads", () => {
    const item = stockItemSchema.parse({
      id: "1",
      InventoryID: { value: "TSHIRT-BLK-M" },
      Description: { value: "Tee" },
      ItemStatus: { value: "Active" },
      DefaultPrice: { value: 19.5 },
      TemplateItemID: { value: "TSHIRT" },
      CrossReferences: [{ AlternateID: { value: "0841" }, AlternateType: { value: "Barcode" } }],
      Attributes: [{ AttributeID: { value: "COLOR" }, Value: { value: "Black" } }],
    });
    expect(toHubProduct(item)).toMatchObject({ sku: "TSHIRT-BLK-M", price: 19.5, active: true, parentSku: "TSHIRT", barcode: "0841", attributes: { COLOR: "Black" } });
    const shipment = shipmentSchema.parse({
      id: "2",
      ShipmentNbr: { value: "000001" },
      Status: { value: "Confirmed" },
      Packages: [{ TrackingNbr: { value: "1Z" } }, { TrackingNbr: {} }],
      Details: [{ OrderType: { value: "SO" }, OrderNbr: { value: "SO000001" }, InventoryID: { value: "MUG-WHT" }, ShippedQty: { value: 2 } }],
    });
    expect(toHubFulfillment(shipment)).toMatchObject({ confirmed: true, trackingNumbers: ["1Z"], lines: [{ orderNbr: "SO000001", sku: "MUG-WHT", quantity: 2 }] });
  });
});
