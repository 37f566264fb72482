import { describe, expect, it } from "vitest";
import { shippedReason } from "./shipped-check";

const so = (Status: string, shipments: Array<{ ShipmentNbr: string; Status: string }> = []) => ({ OrderType: "SO", OrderNbr: "000123", Status, Shipments: shipments }) as Parameters<typeof shippedReason>[0];

describe("has Acumatica shipped the sales order", () => {
  it("yes while a shipment is open, and once shipped or invoiced", () => {
    expect(shippedReason(so("Shipping"))).toBe("sales order SO 000123 is Shipping in Acumatica");
    expect(shippedReason(so("Completed"))).toContain("Completed");
    expect(shippedReason(so("Invoiced"))).toContain("Invoiced");
  });

  it("yes when a partial shipment left it Back Order", () => {
    expect(shippedReason(so("Back Order", [{ ShipmentNbr: "SH0001", Status: "Confirmed" }]))).toBe("sales order SO 000123 has shipment SH0001 (Confirmed) in Acumatica");
  });

  it("no while it is open, on hold or back-ordered without shipments, or its shipment was canceled", () => {
    expect(shippedReason(so("Open"))).toBeNull();
    expect(shippedReason(so("On Hold"))).toBeNull();
    expect(shippedReason(so("Back Order", [{ ShipmentNbr: "SH0002", Status: "Canceled" }]))).toBeNull();
  });
});
