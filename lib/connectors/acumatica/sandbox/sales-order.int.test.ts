import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AcumaticaSandbox } from "./server";
import { callOperator, passwordTokens, startTestSandbox } from "./testing";

type Json = Record<string, unknown> & { id: string };
let sandbox: AcumaticaSandbox;
let auth: Record<string, string>;
let base: string;

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/${path}`, { method, headers: { ...auth, "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as Json };
}
const v = (value: unknown) => ({ value });
const val = (rec: unknown, field: string) => ((rec as Record<string, { value?: unknown }>)[field] ?? {}).value;
const order = (extra: Record<string, unknown> = {}) => ({
  OrderType: v("SO"),
  CustomerID: v("TIKTOK"),
  ExternalRef: v(`tt-${Math.random().toString(36).slice(2)}`),
  Details: [{ InventoryID: v("MUG-WHT"), OrderQty: v(2), UnitPrice: v(12) }],
  ...extra,
});
const TAXED = "SalesOrder?$expand=Details,TaxDetails,Totals,FinancialSettings";

beforeAll(async () => {
  sandbox = await startTestSandbox({ actionDurationMs: 0 });
  auth = { Authorization: `Bearer ${(await passwordTokens(sandbox)).accessToken}` };
  base = `${sandbox.url}/entity/Default/24.200.001`;
});
afterAll(() => sandbox.close());
beforeEach(() => callOperator(sandbox, "POST", "/reset"));

describe("taxes computed elsewhere (IsTaxValid + TaxDetails)", () => {
  const overridden = (taxes: Array<[string, number]>, extra: Record<string, unknown> = {}) =>
    order({
      IsTaxValid: v(true),
      FinancialSettings: { OverrideTaxZone: v(true), CustomerTaxZone: v("TIKTOK") },
      Totals: { OverrideFreightAmount: v(true), Freight: v(5.99) },
      TaxDetails: taxes.map(([TaxID, TaxAmount]) => ({ TaxID: v(TaxID), TaxAmount: v(TaxAmount) })),
      ...extra,
    });

  it("keeps the sent tax lines and adds them to TaxTotal and OrderTotal", async () => {
    const res = await api("PUT", TAXED, overridden([["TTSALESTAX", 1.92], ["CORDF", 0.28]]));
    expect(res.status).toBe(200);
    const o = res.json;
    expect(o).toMatchObject({ IsTaxValid: v(true), TaxTotal: v(2.2), OrderTotal: v(32.19) });
    expect(o.Totals).toMatchObject({ LineTotalAmount: v(24), Freight: v(5.99), TaxTotal: v(2.2) });
    expect(o.FinancialSettings).toMatchObject({ OverrideTaxZone: v(true), CustomerTaxZone: v("TIKTOK") });
    expect((o.TaxDetails as Json[]).map((t) => [val(t, "TaxID"), val(t, "TaxAmount"), val(t, "TaxType"), val(t, "TaxableAmount"), val(t, "OrderNbr")])).toEqual([
      ["TTSALESTAX", 1.92, "Sales", 24, val(o, "OrderNbr")],
      ["CORDF", 0.28, "Sales", 24, val(o, "OrderNbr")],
    ]);
    // unchanged on a later read and on an update that does not touch taxes
    const read = (await api("GET", `${TAXED.replace("SalesOrder", `SalesOrder/${o.id}`)}`)).json;
    expect(read).toMatchObject({ TaxTotal: v(2.2), OrderTotal: v(32.19) });
    expect((await api("PUT", TAXED, { id: o.id, Description: v("edited") })).json).toMatchObject({ TaxTotal: v(2.2), OrderTotal: v(32.19) });
  });

  it("keeps overridden taxes with DisableAutomaticTaxCalculation as well; without either flag there is no tax", async () => {
    const disabled = await api("PUT", TAXED, overridden([["SALESTAX", 1]], { IsTaxValid: v(false), DisableAutomaticTaxCalculation: v(true) }));
    expect(disabled.json).toMatchObject({ TaxTotal: v(1), OrderTotal: v(30.99) });
    const plain = await api("PUT", TAXED, overridden([["TTSALESTAX", 1.92]], { IsTaxValid: v(false) }));
    expect(plain.status).toBe(200);
    expect(plain.json).toMatchObject({ TaxTotal: v(0), OrderTotal: v(29.99), TaxDetails: [] });
  });

  it("answers 'Tax ID' and 'Customer Tax Zone' cannot be found on the failing fields", async () => {
    const res = await api("PUT", TAXED, overridden([["TTSALESTAX", 1], ["NOPETAX", 1]], { FinancialSettings: { OverrideTaxZone: v(true), CustomerTaxZone: v("MARS") } }));
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({
      FinancialSettings: { CustomerTaxZone: { value: "MARS", error: "'Customer Tax Zone' cannot be found in the system." } },
      TaxDetails: [{ TaxID: { value: "TTSALESTAX" } }, { TaxID: { value: "NOPETAX", error: "'Tax ID' cannot be found in the system." } }],
    });
    expect((res.json.TaxDetails as Json[])[0]?.TaxID).not.toHaveProperty("error");
    expect(await callOperator<unknown[]>(sandbox, "GET", "/sales-orders")).toHaveLength(0);
  });

  it("does not keep a tax zone sent without OverrideTaxZone (the customer's default wins)", async () => {
    const res = await api("PUT", TAXED, order({ FinancialSettings: { CustomerTaxZone: v("MARS") } }));
    expect(res.status).toBe(200);
    expect(res.json.FinancialSettings).toMatchObject({ OverrideTaxZone: v(false) });
    expect(res.json.FinancialSettings).not.toHaveProperty("CustomerTaxZone.value");
  });

  it("exposes the seeded Tax and TaxZone records by list and by key", async () => {
    const taxes = (await api("GET", "Tax")).json as unknown as Json[];
    expect(taxes.map((t) => val(t, "TaxID"))).toEqual(["TTSALESTAX", "SALESTAX", "CORDF"]);
    expect((await api("GET", "Tax/CORDF")).json).toMatchObject({ Description: v("Colorado retail delivery fee"), TaxType: v("Sales") });
    expect((await api("GET", "Tax/TTSALESTAX")).json).toMatchObject({ Description: v("Sales tax collected by TikTok Shop (marketplace facilitator)") });
    const zone = await api("GET", "TaxZone/TIKTOK?$expand=ApplicableTaxes");
    expect(zone.json).toMatchObject({ TaxZoneID: v("TIKTOK"), Description: v("TikTok Shop marketplace") });
    expect((zone.json.ApplicableTaxes as Json[]).map((t) => val(t, "TaxID"))).toEqual(["TTSALESTAX", "CORDF"]);
    expect((await api("GET", "Tax/NOPE")).status).toBe(500);
  });
});

describe("order types", () => {
  it("seeds TS (sales) and TR (returns) with their own numbering; TS ships like SO", async () => {
    const ts = (await api("PUT", "SalesOrder?$expand=Details", order({ OrderType: v("TS") }))).json;
    expect(ts.OrderNbr).toEqual(v("TS000001"));
    expect((ts.Details as Json[])[0]?.Operation).toEqual(v("Issue"));
    expect((await api("POST", "SalesOrder/SalesOrderCreateReceipt", { entity: { id: ts.id } })).status).toBe(500);
    expect((await api("POST", "SalesOrder/SalesOrderCreateShipment", { entity: { id: ts.id }, parameters: {} })).status).toBe(204);
    expect((await api("GET", `SalesOrder/TS/${val(ts, "OrderNbr") as string}`)).json.Status).toEqual(v("Shipping"));
    const list = await callOperator<Array<{ OrderType: string; Behavior: string; Description: string }>>(sandbox, "GET", "/order-types");
    expect(list.map((t) => [t.OrderType, t.Behavior, t.Description])).toEqual([
      ["SO", "SO", "Sales Order"],
      ["RC", "RC", "Return for Credit"],
      ["TS", "SO", "TikTok Shop sales"],
      ["TR", "RC", "TikTok Shop returns"],
    ]);
  });

  it("refuses an unknown or inactive type with 'Order Type' cannot be found; operators add and remove types", async () => {
    const unknown = await api("PUT", "SalesOrder", order({ OrderType: v("ZZ") }));
    expect(unknown.status).toBe(422);
    expect(unknown.json).toMatchObject({ OrderType: { error: "'Order Type' cannot be found in the system." } });

    await callOperator(sandbox, "POST", "/order-types", { orderType: "ZZ", description: "Marketplace returns", behavior: "RC" });
    const zz = await api("PUT", "SalesOrder?$expand=Details", order({ OrderType: v("ZZ") }));
    expect(zz.json).toMatchObject({ OrderNbr: v("ZZ000001") });
    expect((zz.json.Details as Json[])[0]?.Operation).toEqual(v("Receipt"));

    await expect(callOperator(sandbox, "DELETE", "/order-types/ZZ")).rejects.toThrow(/409/);
    await callOperator(sandbox, "POST", "/order-types", { orderType: "ZZ", active: false });
    expect((await api("PUT", "SalesOrder", order({ OrderType: v("ZZ") }))).json).toMatchObject({ OrderType: { error: "'Order Type' cannot be found in the system." } });
    // orders of a deactivated type stay editable
    expect((await api("PUT", "SalesOrder", { id: zz.json.id, Description: v("still mine") })).status).toBe(200);

    await callOperator(sandbox, "POST", "/order-types", { orderType: "YY", behavior: "SO" });
    await callOperator(sandbox, "DELETE", "/order-types/YY");
    expect((await api("PUT", "SalesOrder", order({ OrderType: v("YY") }))).status).toBe(422);
    await expect(callOperator(sandbox, "POST", "/order-types", { orderType: "QQ", behavior: "XX" })).rejects.toThrow(/400/);
  });
});

describe("return orders (RC behaviour)", () => {
  it("takes lines back with Receipt, links the original order and totals taxes", async () => {
    const sale = (await api("PUT", "SalesOrder", order({ OrderType: v("TS"), CustomerOrder: v("577000000000000001") }))).json;
    const res = await api(
      "PUT",
      "SalesOrder?$expand=Details,TaxDetails,Totals,FinancialSettings",
      order({
        OrderType: v("TR"),
        CustomerOrder: v("577000000000000001"),
        ExternalRef: v("tt-return-4600001"),
        IsTaxValid: v(true),
        FinancialSettings: { OriginalOrderType: v("TS"), OriginalOrderNbr: sale.OrderNbr },
        Details: [{ InventoryID: v("MUG-WHT"), OrderQty: v(1), UnitPrice: v(12) }],
        TaxDetails: [{ TaxID: v("TTSALESTAX"), TaxAmount: v(0.96) }],
      }),
    );
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ OrderType: v("TR"), OrderNbr: v("TR000001"), CustomerOrder: v("577000000000000001"), ExternalRef: v("tt-return-4600001"), TaxTotal: v(0.96), OrderTotal: v(12.96) });
    expect(res.json.FinancialSettings).toMatchObject({ OriginalOrderType: v("TS"), OriginalOrderNbr: sale.OrderNbr });
    expect((res.json.Details as Json[])[0]).toMatchObject({ Operation: v("Receipt"), OrderQty: v(1), Amount: v(12) });
    expect((await api("POST", "SalesOrder/SalesOrderCreateReceipt", { entity: { id: res.json.id }, parameters: { WarehouseID: v("WHOLESALE") } })).status).toBe(204);
    const found = (await api("GET", `SalesOrder?$filter=${encodeURIComponent("ExternalRef eq 'tt-return-4600001'")}`)).json as unknown as Json[];
    expect(found.map((o) => o.Status)).toEqual([v("Shipping")]);
  });

  it("answers 'Orig. Order Nbr.' cannot be found for a missing original (or another customer's)", async () => {
    const other = (await api("PUT", "SalesOrder", order({ CustomerID: v("C000000001") }))).json;
    for (const nbr of ["SO999999", val(other, "OrderNbr")]) {
      const res = await api("PUT", "SalesOrder", order({ OrderType: v("TR"), FinancialSettings: { OriginalOrderType: v("SO"), OriginalOrderNbr: v(nbr) } }));
      expect(res.status).toBe(422);
      expect(res.json).toMatchObject({ FinancialSettings: { OriginalOrderNbr: { error: "'Orig. Order Nbr.' cannot be found in the system." } } });
    }
  });
});

describe("cancel refusals in Acumatica's words", () => {
  const cancel = (id: string) => api("POST", "SalesOrder/CancelSalesOrder", { entity: { id } });

  it("names the state for Shipping, Completed and Invoiced orders (PXActionDisabledException)", async () => {
    const o = (await api("PUT", "SalesOrder", order())).json;
    const nbr = val(o, "OrderNbr") as string;
    await api("POST", "SalesOrder/SalesOrderCreateShipment", { entity: { id: o.id }, parameters: {} });
    expect((await cancel(o.id)).json).toMatchObject({
      message: "An error has occurred.",
      exceptionMessage: "Error: The Cancel Order action is unavailable in the Shipping state.",
      exceptionType: "PX.Data.PXActionDisabledException",
    });
    const shipmentNbr = val(((await api("GET", `SalesOrder/${o.id}?$expand=Shipments`)).json.Shipments as Json[])[0], "ShipmentNbr") as string;
    await api("POST", "Shipment/ConfirmShipment", { entity: { ShipmentNbr: v(shipmentNbr) } });
    const completed = await cancel(o.id);
    expect(completed.status).toBe(500);
    expect(completed.json.exceptionMessage).toBe("Error: The Cancel Order action is unavailable in the Completed state.");
    await callOperator(sandbox, "POST", `/sales-orders/SO/${nbr}/status`, { status: "Invoiced" });
    expect((await cancel(o.id)).json.exceptionMessage).toBe("Error: The Cancel Order action is unavailable in the Invoiced state.");
  });

  it("refuses an order with an open shipment with SOOrderEntry's message", async () => {
    const o = (await api("PUT", "SalesOrder", order())).json;
    const nbr = val(o, "OrderNbr") as string;
    const { shipments } = await callOperator<{ shipments: Array<{ shipmentNbr: string }> }>(sandbox, "POST", `/sales-orders/SO/${nbr}/ship`, { confirm: false });
    // e.g. a user put the order back to Open by hand while the shipment is still open
    await callOperator(sandbox, "POST", `/sales-orders/SO/${nbr}/status`, { status: "Open" });
    const res = await cancel(o.id);
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({
      exceptionMessage: `Error: The ${nbr} SO sales order cannot be cancelled because it already has the open ${shipments[0]?.shipmentNbr} shipment.`,
      exceptionType: "PX.Data.PXException",
    });
  });

  it("words other workflow refusals the same way", async () => {
    const o = (await api("PUT", "SalesOrder", order({ Hold: v(true) }))).json;
    expect((await api("POST", "SalesOrder/SalesOrderCreateShipment", { entity: { id: o.id }, parameters: {} })).json.exceptionMessage).toBe("Error: The Create Shipment action is unavailable in the On Hold state.");
    expect((await api("POST", "SalesOrder/ReopenSalesOrder", { entity: { id: o.id } })).json.exceptionMessage).toBe("Error: The Reopen Order action is unavailable in the On Hold state.");
  });
});

describe("keys and validation texts the engine maps", () => {
  it("matches InventoryID case-insensitively and ignoring trailing spaces, and stores the item's own id", async () => {
    const res = await api("PUT", "SalesOrder?$expand=Details", order({ Details: [{ InventoryID: v("mug-wht  "), OrderQty: v(1), WarehouseID: v("wholesale") }] }));
    expect(res.status).toBe(200);
    expect((res.json.Details as Json[])[0]).toMatchObject({ InventoryID: v("MUG-WHT"), WarehouseID: v("WHOLESALE") });
    expect((await api("GET", "StockItem/mug-wht%20")).json.InventoryID).toEqual(v("MUG-WHT"));
    // a leading space is part of the key
    expect((await api("PUT", "SalesOrder", order({ Details: [{ InventoryID: v(" MUG-WHT"), OrderQty: v(1) }] }))).status).toBe(422);
  });

  it("puts each not-found text on its field, detail errors on their line", async () => {
    const res = await api(
      "PUT",
      "SalesOrder",
      order({ OrderType: v("XX"), CustomerID: v("NOPE"), ShipVia: v("WARP"), PaymentMethod: v("BITCOIN"), Details: [{ InventoryID: v("MUG-WHT"), OrderQty: v(1) }, { InventoryID: v("NOPE-SKU"), OrderQty: v(1) }] }),
    );
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({
      OrderType: { error: "'Order Type' cannot be found in the system." },
      CustomerID: { error: "'Customer' cannot be found in the system." },
      ShipVia: { error: "'Ship Via' cannot be found in the system." },
      PaymentMethod: { error: "'Payment Method' cannot be found in the system." },
      Details: [{ InventoryID: { value: "MUG-WHT" } }, { InventoryID: { value: "NOPE-SKU", error: "'Inventory ID' cannot be found in the system." } }],
    });
  });
});

describe("availability", () => {
  it("an order's reservation shows in InventoryQuantityAvailable as a change since before it was saved", async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const before = (await api("PUT", "InventoryQuantityAvailable?$expand=Results", { LastModifiedDateTime: v(since) })).json;
    expect(((before.Results ?? []) as Json[]).map((r) => val(r, "InventoryID"))).not.toContain("MUG-WHT");
    expect((await api("PUT", "SalesOrder", order())).status).toBe(200);
    const after = (await api("PUT", "InventoryQuantityAvailable?$expand=Results", { LastModifiedDateTime: v(since) })).json;
    const mug = ((after.Results ?? []) as Json[]).find((r) => val(r, "InventoryID") === "MUG-WHT");
    // 150 + 60 + 12 on hand, 2 reserved.
    expect(val(mug, "QtyAvailable")).toBe(220);
  });
});
