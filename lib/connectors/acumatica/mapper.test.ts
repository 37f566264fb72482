import { describe, expect, it } from "vitest";
import { shipmentSchema, stockItemSchema } from "./api-types";
import { toHubOrder } from "@/lib/connectors/tiktok-shop/mapper";
import { COLORADO_ORDER, SPEC_EXAMPLE_ORDER } from "@/lib/orders/fixtures";
import { salesOrderTotals, toHubFulfillment, toHubProduct, toSalesOrderInput } from "./mapper";

describe("mapper", () => {
  const target = {
    orderType: "SO",
    customerId: "TIKTOK",
    paymentMethod: "TTS",
    shipVia: "UPSGROUND",
    warehouseId: null,
    inventoryIds: { 1: "TEE-RED-L", 2: "MUG-WHT" },
    tax: { taxZoneId: "TIKTOK", salesTaxId: "TTSALESTAX", retailDeliveryFeeTaxId: "CORDF" },
    externalRef: "577391028846320113",
  };

  it("builds a sales order whose total equals TikTok's: quantities per SKU, discounts, freight, tax and fees", () => {
    const hub = toHubOrder(SPEC_EXAMPLE_ORDER, "7495000000000000001");
    const body = toSalesOrderInput(hub, target);
    expect(body).toMatchObject({
      OrderType: "SO",
      CustomerID: "TIKTOK",
      ExternalRef: "577391028846320113",
      CustomerOrder: "577391028846320113",
      ShipVia: "UPSGROUND",
      PaymentMethod: "TTS",
      ShipToAddressOverride: true,
      ShipToAddress: { AddressLine1: "500 Brannan St", City: "San Francisco", State: "CA", PostalCode: "94107", Country: "US" },
      ShipToContactOverride: true,
      Totals: { OverrideFreightAmount: true, Freight: 0 },
      IsTaxValid: true,
      FinancialSettings: { OverrideTaxZone: true, CustomerTaxZone: "TIKTOK" },
      TaxDetails: [{ TaxID: "TTSALESTAX", TaxAmount: 4.4 }],
      Details: [
        { InventoryID: "TEE-RED-L", OrderQty: 2, UnitPrice: 24.99, DiscountAmount: 6, ManualPrice: true },
        { InventoryID: "MUG-WHT", OrderQty: 1, UnitPrice: 12, DiscountAmount: 1, ManualPrice: true },
      ],
    });
    expect(salesOrderTotals(hub).total).toBe("59.38");
    expect(hub.amounts.total).toBe("59.38");
  });

  it("keeps Colorado's tax and retail delivery fee so 87.66 stays 87.66", () => {
    const hub = toHubOrder(COLORADO_ORDER, "7495000000000000001");
    const body = toSalesOrderInput(hub, target);
    expect(body.TaxDetails).toEqual([
      { TaxID: "TTSALESTAX", TaxableAmount: 80.99, TaxAmount: 6.39 },
      { TaxID: "CORDF", TaxAmount: 0.28 },
    ]);
    expect(body.Totals).toEqual({ OverrideFreightAmount: true, Freight: 4.99 });
    expect(salesOrderTotals(hub)).toEqual({ lines: "76.00", freight: "4.99", tax: "6.67", total: "87.66" });
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
