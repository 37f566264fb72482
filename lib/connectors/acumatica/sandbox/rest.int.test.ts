import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AcumaticaSandbox } from "./server";
import { callOperator, passwordTokens, startTestSandbox } from "./testing";

type Json = Record<string, unknown> & { id: string };
let sandbox: AcumaticaSandbox;
let auth: Record<string, string>;
let base: string;

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/${path}`, { method, headers: { ...auth, "Content-Type": "application/json", ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: (text ? JSON.parse(text) : undefined) as unknown };
}
const v = (value: unknown) => ({ value });
const newOrder = (extra: Record<string, unknown> = {}) => ({
  OrderType: v("SO"),
  CustomerID: v("TIKTOK"),
  ExternalRef: v(`tt-${Math.random().toString(36).slice(2)}`),
  PaymentMethod: v("TTS"),
  ShipVia: v("UPSGROUND"),
  Details: [{ InventoryID: v("MUG-WHT"), OrderQty: v(2) }, { InventoryID: v("CAP-BLK"), OrderQty: v(1), UnitPrice: v(20) }],
  ...extra,
});

beforeAll(async () => {
  sandbox = await startTestSandbox({ actionDurationMs: 0 });
  const tokens = await passwordTokens(sandbox);
  auth = { Authorization: `Bearer ${tokens.accessToken}` };
  base = `${sandbox.url}/entity/Default/24.200.001`;
});
afterAll(() => sandbox.close());
beforeEach(() => callOperator(sandbox, "POST", "/reset"));

describe("records and wrappers", () => {
  it("returns wrapped values with id, rowNumber, note, custom and _links; nothing nested without $expand", async () => {
    const { status, json } = await api("GET", "StockItem/MUG-WHT");
    expect(status).toBe(200);
    const item = json as Json;
    expect(item.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(item).toMatchObject({ rowNumber: 1, note: { value: "" }, custom: {}, InventoryID: { value: "MUG-WHT" }, DefaultPrice: { value: 12 } });
    expect((item._links as Record<string, string>).self).toBe(`/AcumaticaERP/entity/Default/24.200.001/StockItem/${item.id}`);
    expect(item).not.toHaveProperty("WarehouseDetails");
    const expanded = (await api("GET", "StockItem/MUG-WHT?$expand=WarehouseDetails")).json as Json;
    expect(expanded.WarehouseDetails).toEqual(expect.arrayContaining([expect.objectContaining({ WarehouseID: { value: "WHOLESALE" }, QtyOnHand: { value: 150 } })]));
  });

  it("also omits unexpanded details from PUT responses", async () => {
    const created = (await api("PUT", "SalesOrder", newOrder())).json as Json;
    expect(created.OrderNbr).toEqual({ value: expect.stringMatching(/^SO\d{6}$/) });
    expect(created).not.toHaveProperty("Details");
    const withDetails = (await api("PUT", "SalesOrder?$expand=Details", { id: created.id, Description: v("x") })).json as Json;
    expect(withDetails.Details).toHaveLength(2);
  });

  it("reads by key with a slash or a vertical bar, and by id; a missing key is a 500 NoEntitySatisfiesTheCondition", async () => {
    const created = (await api("PUT", "SalesOrder", newOrder())).json as Json;
    const nbr = (created.OrderNbr as { value: string }).value;
    expect((await api("GET", `SalesOrder/SO/${nbr}`)).status).toBe(200);
    expect((await api("GET", `SalesOrder/SO|${nbr}`)).status).toBe(200);
    expect(((await api("GET", `SalesOrder/${created.id}`)).json as Json).id).toBe(created.id);
    const missing = await api("GET", "SalesOrder/SO/NOPE");
    expect(missing.status).toBe(500);
    expect(missing.json).toMatchObject({ exceptionType: "PX.Api.ContractBased.NoEntitySatisfiesTheConditionException", exceptionMessage: "No entity satisfies the condition." });
  });

  it("rejects unknown fields in bodies, $select and $expand", async () => {
    const body = await api("PUT", "SalesOrder", newOrder({ Customer: v("TIKTOK") }));
    expect(body.status).toBe(500);
    expect(body.json).toMatchObject({ exceptionType: "System.Collections.Generic.KeyNotFoundException" });
    expect((await api("GET", "StockItem?$select=BaseUnit")).status).toBe(500);
    expect((await api("GET", "StockItem?$expand=Warehouses")).status).toBe(500);
    expect((await api("PUT", "SalesOrder", newOrder({ Hold: v("no") }))).status).toBe(400);
  });
});

describe("queries", () => {
  it("filters with eq/and/or, startswith, substringof and datetimeoffset", async () => {
    const names = async (q: string) => ((await api("GET", `StockItem?${q}`)).json as Json[]).map((r) => (r.InventoryID as { value: string }).value);
    expect(await names("$filter=" + encodeURIComponent("ItemStatus eq 'Inactive'"))).toEqual(["MUG-WHT-V1", "CAP-RED-OLD"]);
    expect(await names("$filter=" + encodeURIComponent("startswith(InventoryID,'TSHIRT-BLK') and DefaultPrice gt 19"))).toEqual(["TSHIRT-BLK-S", "TSHIRT-BLK-M", "TSHIRT-BLK-L"]);
    expect(await names("$filter=" + encodeURIComponent("substringof('hoodie',Description) or InventoryID eq 'MUG-BLK'"))).toEqual(["HOODIE-GRY-M", "HOODIE-GRY-L", "MUG-BLK"]);
    const cutoff = new Date(Date.now() + 60_000).toISOString();
    expect(await names("$filter=" + encodeURIComponent(`LastModifiedDateTime gt datetimeoffset'${cutoff}'`))).toEqual([]);
    expect((await api("GET", "StockItem?$filter=" + encodeURIComponent("Nope eq 1"))).status).toBe(500);
    expect((await api("GET", "StockItem?$filter=" + encodeURIComponent("InventoryID eq"))).status).toBe(400);
  });

  it("pages with $top/$skip until a short page", async () => {
    const all = (await api("GET", "StockItem?$select=InventoryID")).json as Json[];
    expect(all.length).toBeGreaterThanOrEqual(30);
    const seen: string[] = [];
    for (let skip = 0; ; skip += 7) {
      const page = (await api("GET", `StockItem?$select=InventoryID&$top=7&$skip=${skip}`)).json as Json[];
      seen.push(...page.map((r) => (r.InventoryID as { value: string }).value));
      if (page.length < 7) break;
    }
    expect(seen).toEqual(all.map((r) => (r.InventoryID as { value: string }).value));
  });

  it("reads inquiries with PUT and returns Results only with $expand=Results", async () => {
    const without = (await api("PUT", "InventorySummaryInquiry", { InventoryID: v("MUG-WHT") })).json as Json;
    expect(without).not.toHaveProperty("Results");
    const summary = (await api("PUT", "InventorySummaryInquiry?$expand=Results", { InventoryID: v("MUG-WHT"), WarehouseID: v("EAST") })).json as Json;
    expect(summary.Results).toEqual([expect.objectContaining({ WarehouseID: { value: "EAST" }, QtyOnHand: { value: 60 }, QtyAvailable: { value: 60 } })]);
  });
});

describe("create-or-update", () => {
  it("If-None-Match: * gives 412 when the record exists; If-Match: * gives 412 when it does not", async () => {
    expect((await api("PUT", "Customer", { CustomerID: v("TIKTOK"), CustomerName: v("x") }, { "If-None-Match": "*" })).status).toBe(412);
    expect((await api("PUT", "Customer", { CustomerID: v("NEWCUST"), CustomerName: v("x") }, { "If-Match": "*" })).status).toBe(412);
    const created = await api("PUT", "Customer", { CustomerID: v("NEWCUST"), CustomerName: v("New") }, { "If-None-Match": "*" });
    expect(created.status).toBe(200);
    const updated = await api("PUT", "Customer", { CustomerID: v("NEWCUST"), CustomerName: v("Renamed") }, { "If-Match": "*" });
    expect((updated.json as Json).CustomerName).toEqual({ value: "Renamed" });
    expect((updated.json as Json).id).toBe((created.json as Json).id);
  });

  it("appends lines without id, updates lines by id and deletes with delete:true", async () => {
    const created = (await api("PUT", "SalesOrder?$expand=Details", newOrder())).json as Json;
    const [first, second] = created.Details as Json[];
    const res = await api("PUT", "SalesOrder?$expand=Details", {
      id: created.id,
      Details: [{ id: first?.id, OrderQty: v(5) }, { id: second?.id, delete: true }, { InventoryID: v("SOCKS-3PK"), OrderQty: v(3) }],
    });
    const lines = (res.json as Json).Details as Json[];
    expect(lines.map((l) => [l.InventoryID, l.OrderQty, l.LineNbr])).toEqual([
      [v("MUG-WHT"), v(5), v(1)],
      [v("SOCKS-3PK"), v(3), v(3)],
    ]);
    expect((res.json as Json).OrderTotal).toEqual(v(5 * 12 + 3 * 14));
  });

  it("answers 422 with the record echoed and field-level errors in Acumatica's words", async () => {
    const res = await api("PUT", "SalesOrder", newOrder({ CustomerID: v("NOPE01"), ShipVia: v("NOPE"), PaymentMethod: v("VISAOLD"), Details: [{ InventoryID: v("MUG-WHT") }, { InventoryID: v("MUG-WHT-V1"), WarehouseID: v("MOON") }] }));
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({
      error: "Inserting 'Sales Order' record raised at least one error. Please review the errors.",
      CustomerID: { value: "NOPE01", error: "'Customer' cannot be found in the system." },
      ShipVia: { value: "NOPE", error: "'Ship Via' cannot be found in the system." },
      PaymentMethod: { value: "VISAOLD", error: "'Payment Method' cannot be found in the system." },
      Details: [{ InventoryID: { value: "MUG-WHT" } }, { InventoryID: { error: "'Inventory ID' cannot be found in the system." }, WarehouseID: { error: "'Warehouse' cannot be found in the system." } }],
    });
    const orders = await callOperator<unknown[]>(sandbox, "GET", "/sales-orders");
    expect(orders).toHaveLength(0);
  });

  it("totals lines, discounts and freight, and applies payments", async () => {
    const res = await api(
      "PUT",
      "SalesOrder?$expand=Totals,Payments",
      newOrder({
        Details: [{ InventoryID: v("MUG-WHT"), OrderQty: v(2), UnitPrice: v(10), DiscountAmount: v(1) }],
        Totals: { OverrideFreightAmount: v(true), Freight: v(4.5) },
        Payments: [{ PaymentMethod: v("TTS"), PaymentAmount: v(10) }],
      }),
    );
    const o = res.json as Json;
    expect(o.OrderTotal).toEqual(v(23.5));
    expect(o.Totals).toMatchObject({ LineTotalAmount: v(20), DiscountTotal: v(1), Freight: v(4.5), UnpaidBalance: v(13.5) });
    expect((o.Payments as Json[])[0]).toMatchObject({ PaymentMethod: v("TTS"), AppliedToOrder: v(10), DocType: v("Payment") });
    const bad = await api("PUT", "SalesOrder", newOrder({ Payments: [{ PaymentMethod: v("BITCOIN"), PaymentAmount: v(1) }] }));
    expect(bad.json).toMatchObject({ Payments: [{ PaymentMethod: { error: "'Payment Method' cannot be found in the system." } }] });
  });

  it("keeps ship-to values only with the override flag (otherwise the customer's address wins)", async () => {
    const address = { AddressLine1: v("120 Pine St"), City: v("Portland"), State: v("OR"), PostalCode: v("97204"), Country: v("US") };
    const plain = (await api("PUT", "SalesOrder?$expand=ShipToAddress", newOrder({ ShipToAddress: address }))).json as Json;
    expect((plain.ShipToAddress as Json).AddressLine1).toEqual(v("100 Channel Way"));
    const overridden = (await api("PUT", "SalesOrder?$expand=ShipToAddress", newOrder({ ShipToAddressOverride: v(true), ShipToAddress: address }))).json as Json;
    expect((overridden.ShipToAddress as Json).AddressLine1).toEqual(v("120 Pine St"));
  });
});

describe("status machine and actions", () => {
  it("moves On Hold → Open → Shipping → Completed and updates stock and shipped quantities", async () => {
    const created = (await api("PUT", "SalesOrder", newOrder({ Hold: v(true) }))).json as Json;
    expect(created.Status).toEqual(v("On Hold"));
    const keys = { OrderType: v("SO"), OrderNbr: created.OrderNbr };
    expect((await api("POST", "SalesOrder/SalesOrderCreateShipment", { entity: keys, parameters: {} })).status).toBe(500);
    expect(((await api("PUT", "SalesOrder", { id: created.id, Hold: v(false) })).json as Json).Status).toEqual(v("Open"));
    expect((await api("POST", "SalesOrder/SalesOrderCreateShipment", { entity: keys, parameters: { WarehouseID: v("WHOLESALE") } })).status).toBe(204);
    const order = (await api("GET", `SalesOrder/${created.id}?$expand=Shipments,Details`)).json as Json;
    expect(order.Status).toEqual(v("Shipping"));
    const shipmentNbr = ((order.Shipments as Json[])[0]?.ShipmentNbr as { value: string }).value;
    expect((await api("POST", "SalesOrder/CancelSalesOrder", { entity: keys })).status).toBe(500);
    expect((await api("POST", "Shipment/ConfirmShipment", { entity: { ShipmentNbr: v(shipmentNbr) } })).status).toBe(204);
    const done = (await api("GET", `SalesOrder/${created.id}?$expand=Details`)).json as Json;
    expect(done.Status).toEqual(v("Completed"));
    expect((done.Details as Json[]).map((l) => l.OpenQty)).toEqual([v(0), v(0)]);
    const stock = (await api("GET", "StockItem/MUG-WHT?$expand=WarehouseDetails")).json as Json;
    expect((stock.WarehouseDetails as Json[]).find((w) => (w.WarehouseID as { value: string }).value === "WHOLESALE")?.QtyOnHand).toEqual(v(148));
    expect((await api("PUT", "SalesOrder", { id: created.id, Description: v("late edit") })).status).toBe(422);
  });

  it("goes to Back Order after a partial shipment and cancels only when allowed", async () => {
    const created = (await api("PUT", "SalesOrder", newOrder())).json as Json;
    const nbr = (created.OrderNbr as { value: string }).value;
    await callOperator(sandbox, "POST", `/sales-orders/SO/${nbr}/ship`, { lines: [{ lineNbr: 1, qty: 1 }], packages: [{ trackingNbr: "1Z1" }] });
    expect(((await api("GET", `SalesOrder/SO/${nbr}`)).json as Json).Status).toEqual(v("Back Order"));
    const other = (await api("PUT", "SalesOrder", newOrder())).json as Json;
    expect((await api("POST", "SalesOrder/CancelSalesOrder", { entity: { id: other.id } })).status).toBe(204);
    expect(((await api("GET", `SalesOrder/${other.id}`)).json as Json).Status).toEqual(v("Canceled"));
  });

  it("puts orders of a customer on credit hold on Credit Hold until released", async () => {
    const held = (await api("PUT", "SalesOrder", newOrder({ CustomerID: v("C000000003") }))).json as Json;
    expect(held).toMatchObject({ Status: v("Credit Hold"), CreditHold: v(true) });
    expect((await api("POST", "SalesOrder/SalesOrderCreateShipment", { entity: { id: held.id }, parameters: {} })).status).toBe(500);
    expect((await api("POST", "SalesOrder/ReleaseFromCreditHoldSalesOrder", { entity: { id: held.id } })).status).toBe(204);
    expect(((await api("GET", `SalesOrder/${held.id}`)).json as Json).Status).toEqual(v("Open"));
  });

  it("answers 202 with a Location to poll, then 204 once the action finished", async () => {
    sandbox.setActionDurationMs(60);
    try {
      const created = (await api("PUT", "SalesOrder", newOrder())).json as Json;
      const res = await api("POST", "SalesOrder/CancelSalesOrder", { entity: { id: created.id } });
      expect(res.status).toBe(202);
      const location = res.headers.get("location") ?? "";
      expect(location).toMatch(/^\/AcumaticaERP\/entity\/Default\/24\.200\.001\/SalesOrder\/CancelSalesOrder\/status\/[0-9a-f-]{36}$/);
      const poll = () => fetch(`${sandbox.origin}${location}`, { headers: auth }).then((r) => r.status);
      expect(await poll()).toBe(202);
      await new Promise((r) => setTimeout(r, 120));
      expect(await poll()).toBe(204);
      expect(((await api("GET", `SalesOrder/${created.id}`)).json as Json).Status).toEqual(v("Canceled"));
    } finally {
      sandbox.setActionDurationMs(0);
    }
  });

  it("creates a shipment with PUT from order references, pulling in the order's open lines", async () => {
    const a = (await api("PUT", "SalesOrder", newOrder())).json as Json;
    const res = await api("PUT", "Shipment?$expand=Details,Orders", { WarehouseID: v("WHOLESALE"), Details: [{ OrderType: v("SO"), OrderNbr: a.OrderNbr }] });
    expect(res.status).toBe(200);
    const shipment = res.json as Json;
    expect(shipment).toMatchObject({ Status: v("Open"), Operation: v("Issue"), CustomerID: v("TIKTOK"), ShippedQty: v(3) });
    expect((shipment.Details as Json[]).map((d) => d.InventoryID)).toEqual([v("MUG-WHT"), v("CAP-BLK")]);
    expect(((await api("GET", `SalesOrder/${a.id}`)).json as Json).Status).toEqual(v("Shipping"));
    const bad = await api("PUT", "Shipment", { WarehouseID: v("WHOLESALE"), Details: [{ OrderType: v("SO"), OrderNbr: v("SO999999") }] });
    expect(bad.status).toBe(422);
    expect(bad.json).toMatchObject({ Details: [{ OrderNbr: { error: "'Order Nbr.' cannot be found in the system." } }] });
    const onHold = (await api("PUT", "Shipment", { id: shipment.id, Hold: v(true) })).json as Json;
    expect(onHold.Status).toEqual(v("On Hold"));
    expect((await api("POST", "Shipment/ConfirmShipment", { entity: { id: shipment.id } })).status).toBe(500);
  });

  it("answers 404 for an action the entity does not have", async () => {
    expect((await api("POST", "SalesOrder/ShipItNow", { entity: {} })).status).toBe(404);
  });

  it("receives goods back on an RC order", async () => {
    const rc = (await api("PUT", "SalesOrder", newOrder({ OrderType: v("RC"), Details: [{ InventoryID: v("MUG-BLK"), OrderQty: v(2), WarehouseID: v("EAST") }] }))).json as Json;
    expect(rc.OrderNbr).toEqual(v(expect.stringMatching(/^RC/)));
    expect((await api("POST", "SalesOrder/SalesOrderCreateReceipt", { entity: { id: rc.id }, parameters: { WarehouseID: v("EAST") } })).status).toBe(204);
    const shipment = ((await api("GET", "Shipment?$filter=" + encodeURIComponent("Operation eq 'Receipt'"))).json as Json[])[0];
    expect(shipment?.Operation).toEqual(v("Receipt"));
    await api("POST", "Shipment/ConfirmShipment", { entity: { id: shipment?.id } });
    const summary = (await api("PUT", "InventorySummaryInquiry?$expand=Results", { InventoryID: v("MUG-BLK"), WarehouseID: v("EAST") })).json as Json;
    expect((summary.Results as Json[])[0]?.QtyOnHand).toEqual(v(22));
  });
});

describe("instance, endpoints and auth", () => {
  it("lists endpoints; an unpublished or unknown endpoint answers 404 like a real instance; a wrong site path 404s as HTML", async () => {
    const list = (await fetch(`${sandbox.url}/entity`, { headers: auth }).then((r) => r.json())) as { endpoints: Array<{ name: string; version: string }> };
    expect(list.endpoints.map((e) => `${e.name}/${e.version}`)).toEqual(["Default/24.200.001", "Pipe17/001"]);
    expect((await fetch(`${sandbox.url}/entity/Pipe17/001/StockItem?$top=1`, { headers: auth })).status).toBe(200);
    sandbox.setEndpointPublished("Pipe17", "001", false);
    try {
      const res = await fetch(`${sandbox.url}/entity/Pipe17/001/StockItem`, { headers: auth });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ message: expect.stringContaining("No HTTP resource was found") });
    } finally {
      sandbox.setEndpointPublished("Pipe17", "001", true);
    }
    const wrongSite = await fetch(`${sandbox.origin}/WrongSite/entity`, { headers: auth });
    expect(wrongSite.status).toBe(404);
    expect(wrongSite.headers.get("content-type")).toMatch(/text\/html/);
  });

  it("lists only system endpoints to anonymous callers", async () => {
    const list = (await fetch(`${sandbox.url}/entity`).then((r) => r.json())) as { endpoints: Array<{ name: string }> };
    expect(list.endpoints.map((e) => e.name)).toEqual(["Default"]);
  });

  it("supports the legacy cookie sign-in: 204 + cookies, then logout", async () => {
    const login = await fetch(`${sandbox.url}/entity/auth/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name: "admin", password: "sandbox", tenant: "Company" }) });
    expect(login.status).toBe(204);
    const cookies = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    expect(cookies).toContain(".ASPXAUTH=");
    expect(cookies).toContain("ASP.NET_SessionId=");
    expect((await fetch(`${base}/ShipVia`, { headers: { cookie: cookies } })).status).toBe(200);
    expect((await fetch(`${sandbox.url}/entity/auth/logout`, { method: "POST", headers: { cookie: cookies } })).status).toBe(204);
    expect((await fetch(`${base}/ShipVia`, { headers: { cookie: cookies } })).status).toBe(401);
    const wrong = await fetch(`${sandbox.url}/entity/auth/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name: "admin", password: "nope" }) });
    expect(wrong.status).toBe(500);
    expect(await wrong.json()).toMatchObject({ exceptionMessage: "Error: Invalid credentials. Please try again." });
  });

  it("answers 401 without a valid token and after logout", async () => {
    expect((await fetch(`${base}/StockItem`)).status).toBe(401);
    const tokens = await passwordTokens(sandbox, "api");
    const h = { Authorization: `Bearer ${tokens.accessToken}` };
    expect((await fetch(`${base}/StockItem?$top=1`, { headers: h })).status).toBe(200);
    expect((await fetch(`${sandbox.url}/entity/auth/logout`, { method: "POST", headers: h })).status).toBe(204);
    expect((await fetch(`${base}/StockItem?$top=1`, { headers: h })).status).toBe(401);
  });
});
