import { describe, expect, it } from "vitest";
import { collectFieldErrors, quoteODataString, unwrapRecord, wrapRecord } from "./wrappers";

describe("value wrappers", () => {
  it("wraps scalars, keeps linked entities and detail lines nested, passes id/delete through", () => {
    const wrapped = wrapRecord({
      OrderType: "SO",
      Hold: false,
      Date: new Date("2024-11-04T00:00:00.000Z"),
      Skipped: undefined,
      ShipToAddress: { City: "Portland" },
      Details: [{ id: "abc", delete: true }, { InventoryID: "MUG-WHT", OrderQty: 2 }],
    });
    expect(wrapped).toEqual({
      OrderType: { value: "SO" },
      Hold: { value: false },
      Date: { value: "2024-11-04T00:00:00.000Z" },
      ShipToAddress: { City: { value: "Portland" } },
      Details: [{ id: "abc", delete: true }, { InventoryID: { value: "MUG-WHT" }, OrderQty: { value: 2 } }],
    });
  });

  it("unwraps values, turns {} into null and drops system fields except id", () => {
    expect(
      unwrapRecord({
        id: "1",
        rowNumber: 1,
        note: { value: "n" },
        custom: {},
        _links: { self: "x" },
        Status: { value: "Open" },
        Description: {},
        Details: [{ id: "2", rowNumber: 1, InventoryID: { value: "A" } }],
      }),
    ).toEqual({ id: "1", note: "n", Status: "Open", Description: null, Details: [{ id: "2", InventoryID: "A" }] });
  });

  it("collects errors from the record, wrappers, linked entities and detail lines with their paths", () => {
    const errors = collectFieldErrors({
      error: "Inserting 'Sales Order' record raised at least one error.",
      CustomerID: { value: "NOPE", error: "'Customer' cannot be found in the system." },
      ShipToAddress: { Country: { value: "XX", error: "'Country' cannot be found in the system." } },
      Details: [{ InventoryID: { value: "A" } }, { InventoryID: { value: "BAD", error: "'Inventory ID' cannot be found in the system." } }],
    });
    expect(errors).toEqual([
      { path: "", message: "Inserting 'Sales Order' record raised at least one error." },
      { path: "CustomerID", message: "'Customer' cannot be found in the system." },
      { path: "ShipToAddress.Country", message: "'Country' cannot be found in the system." },
      { path: "Details[1].InventoryID", message: "'Inventory ID' cannot be found in the system." },
    ]);
  });

  it("quotes OData strings by doubling single quotes", () => {
    expect(quoteODataString("O'Brien")).toBe("'O''Brien'");
  });
});
