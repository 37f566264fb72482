import { describe, expect, it } from "vitest";
import { loadContract } from "./contract";
import { ContractError, applyPatch, parsePatch, parsePathList, serializeRecord } from "./entity-json";
import type { Rec } from "./entity-json";

const contract = loadContract();
const order = (): Rec => ({
  id: "00000000-0000-0000-0000-000000000001",
  OrderType: "SO",
  OrderNbr: "SO000001",
  Description: null,
  Date: Date.parse("2024-11-04T00:00:00Z"),
  ShipToAddress: { id: "00000000-0000-0000-0000-000000000002", City: "Portland" },
  Details: [{ id: "00000000-0000-0000-0000-000000000003", InventoryID: "MUG-WHT", OrderQty: 1 }],
});

describe("contract loading", () => {
  it("reads entities, value types, linked/detail fields and actions from the swagger file", () => {
    const so = contract.entities.get("SalesOrder");
    expect(so?.fields.get("OrderType")).toEqual({ kind: "value", type: "StringValue" });
    expect(so?.fields.get("ShipToAddress")).toEqual({ kind: "linked", entity: "Address" });
    expect(so?.fields.get("Details")).toEqual({ kind: "detail", entity: "SalesOrderDetail" });
    expect(contract.topLevel.has("Shipment")).toBe(true);
    expect(contract.actions.get("SalesOrder")?.has("CancelSalesOrder")).toBe(true);
    expect(contract.entities.get("SalesOrder.SalesOrderCreateShipment.parameters")?.fields.get("WarehouseID")).toEqual({ kind: "value", type: "StringValue" });
  });
});

describe("record serialization", () => {
  it("wraps values, adds system fields and omits nested entities unless expanded", () => {
    const out = serializeRecord(contract, "SalesOrder", order(), { expand: null, select: null, rowNumber: 1, selfLink: "/x/SalesOrder/1" });
    expect(out.id).toBe("00000000-0000-0000-0000-000000000001");
    expect(out.rowNumber).toBe(1);
    expect(out.note).toEqual({ value: "" });
    expect(out.custom).toEqual({});
    expect(out.OrderType).toEqual({ value: "SO" });
    expect(out.Description).toEqual({});
    expect(out.Date).toEqual({ value: "2024-11-04T00:00:00.000+00:00" });
    expect(out).not.toHaveProperty("Details");
    expect(out).not.toHaveProperty("ShipToAddress");
    expect(out._links).toMatchObject({ self: "/x/SalesOrder/1" });
  });

  it("includes expanded entities and honours $select on both levels", () => {
    const out = serializeRecord(contract, "SalesOrder", order(), { expand: parsePathList("Details"), select: parsePathList("OrderNbr,Details/InventoryID"), rowNumber: 1 });
    expect(out.OrderNbr).toEqual({ value: "SO000001" });
    expect(out).not.toHaveProperty("OrderType");
    expect(out.Details).toEqual([expect.objectContaining({ InventoryID: { value: "MUG-WHT" }, rowNumber: 1 })]);
    expect((out.Details as Array<Record<string, unknown>>)[0]).not.toHaveProperty("OrderQty");
  });
});

describe("request bodies", () => {
  it("rejects a field the contract does not define", () => {
    expect(() => parsePatch(contract, "SalesOrder", { CustomerId: { value: "X" } })).toThrow(ContractError);
    expect(() => parsePatch(contract, "SalesOrder", { Details: [{ Quantity: { value: 1 } }] })).toThrow(/Quantity/);
  });

  it("rejects a value of the wrong wrapper type and a bare value", () => {
    expect(() => parsePatch(contract, "SalesOrder", { Hold: { value: "no" } })).toThrow(/BooleanValue/);
    expect(() => parsePatch(contract, "SalesOrder", { OrderQty: { value: 1 } })).toThrow(ContractError);
    expect(() => parsePatch(contract, "SalesOrder", { CustomerID: "TIKTOK" })).toThrow(/value wrapper/);
  });

  it("appends lines without id, updates lines with id, deletes with delete:true", () => {
    const rec = order();
    const patch = parsePatch(contract, "SalesOrder", {
      Details: [
        { id: "00000000-0000-0000-0000-000000000003", OrderQty: { value: 5 } },
        { InventoryID: { value: "CAP-BLK" }, OrderQty: { value: 1 } },
      ],
    });
    applyPatch(rec, patch);
    const lines = rec.Details as Rec[];
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ InventoryID: "MUG-WHT", OrderQty: 5 });
    expect(lines[1]).toMatchObject({ InventoryID: "CAP-BLK" });
    applyPatch(rec, parsePatch(contract, "SalesOrder", { Details: [{ id: "00000000-0000-0000-0000-000000000003", delete: true }] }));
    expect((rec.Details as Rec[]).map((l) => l.InventoryID)).toEqual(["CAP-BLK"]);
  });
});
