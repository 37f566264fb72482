import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RateBudget } from "@/lib/connectors/shared/rate-budget";
import { createMemoryTokenStore } from "@/lib/connectors/shared/token-store";
import { AcumaticaError, buildAuthorizeUrl, createPkcePair, exchangeAuthorizationCode, revokeToken } from "./client";
import type { SalesOrderInput } from "./client";
import type { AcumaticaSandbox } from "./sandbox/server";
import type { OAuthTokens } from "@/lib/connectors/shared/token-store";
import { TEST_APP, TEST_REDIRECT, authorizeLikeBrowser, callOperator, passwordTokens, startTestSandbox, testClient } from "./sandbox/testing";

let sandbox: AcumaticaSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ actionDurationMs: 20 });
});
afterAll(() => sandbox.close());
beforeEach(() => callOperator(sandbox, "POST", "/reset"));

let seq = 0;
const order = (extra: Partial<SalesOrderInput> = {}): SalesOrderInput => ({
  OrderType: "SO",
  CustomerID: "TIKTOK",
  ExternalRef: `tt-${Date.now()}-${++seq}`,
  CustomerOrder: "576461413038785752",
  PaymentMethod: "TTS",
  ShipVia: "UPSGROUND",
  Hold: false,
  Details: [
    { InventoryID: "MUG-WHT", OrderQty: 2, UnitPrice: 12 },
    { InventoryID: "TSHIRT-BLK-M", OrderQty: 1, UnitPrice: 19.5 },
  ],
  ...extra,
});
const fault = (body: unknown) => callOperator(sandbox, "POST", "/faults", body);
const ordersInSandbox = (externalRef: string) => callOperator<unknown[]>(sandbox, "GET", `/sales-orders?externalRef=${externalRef}`);
async function expectError(p: Promise<unknown>, code: string): Promise<AcumaticaError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AcumaticaError);
    expect((err as AcumaticaError).code).toBe(code);
    return err as AcumaticaError;
  }
  throw new Error(`expected an AcumaticaError ${code}`);
}

describe("connection", () => {
  it("lists endpoints and verifies the configured one", async () => {
    const { client } = await testClient(sandbox, { endpoint: "Pipe17/001" });
    const listed = await client.listEndpoints();
    expect(listed.version?.acumaticaBuildVersion).toMatch(/^24\.200/);
    expect(await client.verifyConnection()).toEqual({ endpoint: "Pipe17/001" });
  });

  it("verifyConnection proves the token: an expired access token is refreshed once, a dead chain fails", async () => {
    const { client, tokenStore } = await testClient(sandbox);
    const replace = (patch: Partial<OAuthTokens>) => tokenStore.withRefreshLock(async (current) => ({ ...current!, ...patch }));
    // The stored access token is no longer accepted by the instance (revoked/expired there), though not yet due locally.
    await replace({ accessToken: "expired-or-unknown" });
    await expect(client.verifyConnection()).resolves.toEqual({ endpoint: "Default/24.200.001" });
    expect((await tokenStore.get())!.accessToken).not.toBe("expired-or-unknown");
    await replace({ accessToken: "expired-or-unknown", refreshToken: "dead-refresh-token" });
    await expect(client.verifyConnection()).rejects.toBeInstanceOf(AcumaticaError);
  });

  it("reports an unpublished endpoint as endpoint_not_found, and a wrong site path as instance_not_found", async () => {
    const { client, tokenStore } = await testClient(sandbox, { endpoint: "Pipe17/001" });
    sandbox.setEndpointPublished("Pipe17", "001", false);
    try {
      await expectError(client.verifyConnection(), "endpoint_not_found");
      await expectError(client.stockItems.list({ top: 1 }), "endpoint_not_found");
    } finally {
      sandbox.setEndpointPublished("Pipe17", "001", true);
    }
    const { client: wrong } = await testClient(sandbox, { instanceUrl: `${sandbox.origin}/NotHere`, tokenStore });
    await expectError(wrong.listEndpoints(), "instance_not_found");
  });

  it("completes the authorization code flow with the standalone helpers, then revokes", async () => {
    const pkce = createPkcePair();
    const url = buildAuthorizeUrl({ instanceUrl: sandbox.url, clientId: TEST_APP.clientId, redirectUri: TEST_REDIRECT, state: "abc", codeChallenge: pkce.codeChallenge });
    const back = await authorizeLikeBrowser(sandbox, url);
    const tokens = await exchangeAuthorizationCode({ instanceUrl: sandbox.url, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, code: back.searchParams.get("code") ?? "", redirectUri: TEST_REDIRECT, codeVerifier: pkce.codeVerifier });
    expect(tokens.scope).toBe("api offline_access");
    expect(tokens.accessExpiresAt.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    const { client } = await testClient(sandbox, { tokenStore: createMemoryTokenStore(tokens) });
    expect((await client.warehouses.list()).length).toBeGreaterThanOrEqual(2);
    await revokeToken({ instanceUrl: sandbox.url, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, token: tokens.refreshToken ?? "", tokenTypeHint: "refresh_token" });
    await expectError(
      exchangeAuthorizationCode({ instanceUrl: sandbox.url, clientId: TEST_APP.clientId, clientSecret: "wrong", code: "x", redirectUri: TEST_REDIRECT }),
      "invalid_client",
    );
  });
});

describe("sales orders", () => {
  it("creates once per ExternalRef: a second call returns the existing order", async () => {
    const { client } = await testClient(sandbox);
    const input = order();
    const first = await client.salesOrders.createIdempotent(input);
    expect(first.created).toBe(true);
    expect(first.record).toMatchObject({ OrderType: "SO", Status: "Open", CustomerID: "TIKTOK", ExternalRef: input.ExternalRef, OrderTotal: 43.5 });
    expect(first.record.Details?.map((d) => d.InventoryID)).toEqual(["MUG-WHT", "TSHIRT-BLK-M"]);
    const second = await client.salesOrders.createIdempotent(input);
    expect(second).toMatchObject({ created: false, record: { OrderNbr: first.record.OrderNbr } });
    expect(await ordersInSandbox(input.ExternalRef)).toHaveLength(1);
  });

  it("never makes a second order when the answer to the create is lost after the ERP saved it", async () => {
    const { client } = await testClient(sandbox);
    const input = order();
    await fault({ next: [{}, { dropResponse: true }] }); // lookup passes, the PUT is saved but its answer dropped
    const result = await client.salesOrders.createIdempotent(input);
    expect(result.created).toBe(false);
    expect(await ordersInSandbox(input.ExternalRef)).toHaveLength(1);
  });

  it("resends a create that surely did not run (connection dropped before processing, 429)", async () => {
    const { client } = await testClient(sandbox);
    const input = order();
    await fault({ next: [{}, { drop: true }, {}, { status: 429 }] });
    const result = await client.salesOrders.createIdempotent(input);
    expect(result.created).toBe(true);
    expect(await ordersInSandbox(input.ExternalRef)).toHaveLength(1);
  });

  it("collects nested 422 field errors into one validation error naming each field", async () => {
    const { client } = await testClient(sandbox);
    const err = await expectError(
      client.salesOrders.createIdempotent(order({ CustomerID: "NOPE01", ShipVia: "WARP", Details: [{ InventoryID: "MUG-WHT", OrderQty: 1 }, { InventoryID: "BADSKU", OrderQty: 1 }] })),
      "validation",
    );
    expect(err.retryable).toBe(false);
    expect(err.fieldErrors).toEqual([
      { path: "", message: "Inserting 'Sales Order' record raised at least one error. Please review the errors." },
      { path: "CustomerID", message: "'Customer' cannot be found in the system." },
      { path: "ShipVia", message: "'Ship Via' cannot be found in the system." },
      { path: "Details[1].InventoryID", message: "'Inventory ID' cannot be found in the system." },
    ]);
    expect(err.message).toContain("Details[1].InventoryID: 'Inventory ID' cannot be found in the system.");
  });

  it("gets, lists modified since, updates with If-Match (412 when missing) and cancels through 202 polling", async () => {
    const { client } = await testClient(sandbox);
    const before = new Date();
    const { record } = await client.salesOrders.createIdempotent(order({ Hold: true }));
    expect(record.Status).toBe("On Hold");
    const got = await client.salesOrders.get("SO", record.OrderNbr ?? "");
    expect(got?.id).toBe(record.id);
    expect(await client.salesOrders.get("SO", "SO999999")).toBeNull();
    const pages: string[] = [];
    for await (const page of client.salesOrders.listModifiedSince(new Date(before.getTime() - 1), { pageSize: 1 })) pages.push(...page.map((o) => o.OrderNbr ?? ""));
    expect(pages).toEqual([record.OrderNbr]);
    const released = await client.salesOrders.update({ id: record.id, Hold: false });
    expect(released.Status).toBe("Open");
    await expectError(client.salesOrders.update({ OrderType: "SO", OrderNbr: "SO999999", Hold: false }), "precondition_failed");
    await client.salesOrders.cancel("SO", record.OrderNbr ?? "");
    expect((await client.salesOrders.get("SO", record.OrderNbr ?? ""))?.Status).toBe("Canceled");
  });

  it("lists with a filter, reopens a canceled order, and receives an RC return", async () => {
    const { client } = await testClient(sandbox);
    const a = await client.salesOrders.createIdempotent(order());
    await client.salesOrders.createIdempotent(order({ CustomerID: "C000000001" }));
    const mine = await client.salesOrders.list({ filter: "CustomerID eq 'TIKTOK'", select: ["OrderNbr", "CustomerID"] });
    expect(mine.map((o) => o.OrderNbr)).toEqual([a.record.OrderNbr]);
    expect(mine[0]?.Status).toBeNull();
    await client.salesOrders.cancel("SO", a.record.OrderNbr ?? "");
    await client.salesOrders.reopen("SO", a.record.OrderNbr ?? "");
    expect((await client.salesOrders.get("SO", a.record.OrderNbr ?? ""))?.Status).toBe("Open");
    const rc = await client.salesOrders.createIdempotent(order({ OrderType: "RC", Details: [{ InventoryID: "MUG-BLK", OrderQty: 1, WarehouseID: "EAST" }] }));
    expect(rc.record.OrderNbr).toMatch(/^RC/);
    expect(rc.record.Details?.[0]?.Operation).toBe("Receipt");
    await client.salesOrders.createReceipt("RC", rc.record.OrderNbr ?? "", { warehouseId: "EAST" });
    const pages: string[] = [];
    for await (const page of client.shipments.listModifiedSince(new Date(Date.now() - 60_000))) pages.push(...page.map((s) => `${s.Operation}:${s.Status}`));
    expect(pages).toEqual(["Receipt:Open"]);
  });

  it("sends taxes computed by TikTok Shop and a return linked to its sale, and reads them back", async () => {
    const { client } = await testClient(sandbox);
    const expand = ["Details", "Totals", "TaxDetails", "FinancialSettings"];
    const taxes = { IsTaxValid: true, FinancialSettings: { OverrideTaxZone: true, CustomerTaxZone: "TIKTOK" } };
    const sale = await client.salesOrders.createIdempotent(order({ OrderType: "TS", ...taxes, TaxDetails: [{ TaxID: "TTSALESTAX", TaxAmount: 3.48 }, { TaxID: "CORDF", TaxAmount: 0.28 }] }), { expand });
    expect(sale.record).toMatchObject({ OrderType: "TS", IsTaxValid: true, TaxTotal: 3.76, OrderTotal: 47.26, FinancialSettings: { CustomerTaxZone: "TIKTOK" } });
    expect(sale.record.TaxDetails?.map((t) => [t.TaxID, t.TaxAmount])).toEqual([["TTSALESTAX", 3.48], ["CORDF", 0.28]]);
    const ret = await client.salesOrders.createIdempotent(
      order({ OrderType: "TR", ...taxes, FinancialSettings: { ...taxes.FinancialSettings, OriginalOrderType: "TS", OriginalOrderNbr: sale.record.OrderNbr ?? "" }, Details: [{ InventoryID: "MUG-WHT", OrderQty: 1, UnitPrice: 12 }], TaxDetails: [{ TaxID: "TTSALESTAX", TaxAmount: 0.96 }] }),
      { expand },
    );
    expect(ret.record).toMatchObject({ OrderType: "TR", TaxTotal: 0.96, OrderTotal: 12.96, FinancialSettings: { OriginalOrderType: "TS", OriginalOrderNbr: sale.record.OrderNbr } });
    expect(ret.record.Details?.[0]?.Operation).toBe("Receipt");
    expect((await client.salesOrders.createIdempotent(order({ OrderType: "TR", ExternalRef: ret.record.ExternalRef ?? "" }))).created).toBe(false);
  });

  it("cancels exactly once even when the answer to the action is lost, and treats a repeat as done", async () => {
    const { client } = await testClient(sandbox);
    const { record } = await client.salesOrders.createIdempotent(order());
    await fault({ next: [{}, { dropResponse: true }] }); // status read passes, the POST runs but its answer is lost
    await client.salesOrders.cancel("SO", record.OrderNbr ?? "");
    expect((await client.salesOrders.get("SO", record.OrderNbr ?? ""))?.Status).toBe("Canceled");
    await client.salesOrders.cancel("SO", record.OrderNbr ?? "");
  });

  it("surfaces a refused action as a non-retryable business error", async () => {
    const { client } = await testClient(sandbox);
    const { record } = await client.salesOrders.createIdempotent(order());
    await callOperator(sandbox, "POST", `/sales-orders/SO/${record.OrderNbr}/ship`, { packages: [{ trackingNbr: "1Z999" }] });
    const err = await expectError(client.salesOrders.cancel("SO", record.OrderNbr ?? ""), "business");
    expect(err.message).toContain("Completed");
  });
});

describe("shipments", () => {
  it("reads shipments created by the operator, split in two, with packages and tracking numbers", async () => {
    const { client } = await testClient(sandbox);
    const since = new Date(Date.now() - 1);
    const { record } = await client.salesOrders.createIdempotent(order());
    const shipped = await callOperator<{ orderStatus: string; shipments: Array<{ shipmentNbr: string }> }>(sandbox, "POST", `/sales-orders/SO/${record.OrderNbr}/ship`, {
      split: 2,
      packages: [{ trackingNbr: "1ZAAA" }, { trackingNbr: "1ZBBB" }],
    });
    expect(shipped.orderStatus).toBe("Completed");
    const list = await client.shipments.list({ modifiedSince: since });
    expect(list.map((s) => s.Status)).toEqual(["Confirmed", "Confirmed"]);
    expect(list.flatMap((s) => s.Packages?.map((p) => p.TrackingNbr) ?? [])).toEqual(["1ZAAA", "1ZBBB"]);
    const one = await client.shipments.get(shipped.shipments[0]?.shipmentNbr ?? "");
    expect(one?.Orders?.[0]).toMatchObject({ OrderType: "SO", OrderNbr: record.OrderNbr });
    expect(one?.Details?.[0]).toMatchObject({ InventoryID: "MUG-WHT", ShippedQty: 2 });
    const order2 = await client.salesOrders.get("SO", record.OrderNbr ?? "", ["Details", "Shipments"]);
    expect(order2?.Shipments).toHaveLength(2);
    expect(order2?.Details?.every((d) => d.OpenQty === 0)).toBe(true);
  });

  it("creates a shipment from an order, writes tracking numbers and confirms it", async () => {
    const { client } = await testClient(sandbox);
    const { record } = await client.salesOrders.createIdempotent(order());
    await client.salesOrders.createShipment("SO", record.OrderNbr ?? "", { warehouseId: "WHOLESALE" });
    const [shipment] = await client.shipments.list({ filter: "Status eq 'Open'" });
    expect(shipment).toBeDefined();
    const withTracking = await client.shipments.setTrackingNumbers(shipment?.id ?? "", [{ TrackingNbr: "9400TEST" }]);
    expect(withTracking.Packages?.map((p) => p.TrackingNbr)).toEqual(["9400TEST"]);
    await client.shipments.confirm(shipment?.ShipmentNbr ?? "");
    expect((await client.shipments.get(shipment?.ShipmentNbr ?? ""))?.Status).toBe("Confirmed");
    expect((await client.salesOrders.get("SO", record.OrderNbr ?? ""))?.Status).toBe("Completed");
  });
});

describe("catalog, reference data and inventory", () => {
  it("reads customers, warehouses, ship vias and payment methods", async () => {
    const { client } = await testClient(sandbox);
    expect((await client.customers.get("TIKTOK"))?.MainContact?.Address?.City).toBe("Portland");
    expect((await client.customers.list()).length).toBeGreaterThanOrEqual(3);
    expect((await client.warehouses.list({ expand: ["Locations"] })).map((w) => w.WarehouseID)).toEqual(["WHOLESALE", "EAST", "RETAIL"]);
    expect((await client.shipVias.list()).map((s) => s.CarrierID)).toContain("UPSGROUND");
    expect((await client.paymentMethods.list()).find((p) => p.PaymentMethodID === "TTS")?.Active).toBe(true);
  });

  it("pages stock items and reads only those modified since a cursor", async () => {
    const { client } = await testClient(sandbox);
    let total = 0;
    let pages = 0;
    for await (const page of client.stockItems.listModifiedSince(undefined, { pageSize: 10 })) {
      total += page.length;
      pages++;
    }
    expect(total).toBeGreaterThanOrEqual(30);
    expect(pages).toBe(Math.ceil(total / 10));
    const cursor = new Date();
    await new Promise((r) => setTimeout(r, 5));
    await callOperator(sandbox, "POST", "/items", { InventoryID: "NEW-ITEM", Description: "New", DefaultPrice: 9, stock: { WHOLESALE: 4 } });
    const changed: string[] = [];
    for await (const page of client.stockItems.listModifiedSince(cursor)) changed.push(...page.map((i) => i.InventoryID ?? ""));
    expect(changed).toEqual(["NEW-ITEM"]);
    const inactive = await client.stockItems.list({ filter: "ItemStatus eq 'Inactive'" });
    expect(inactive.map((i) => i.InventoryID)).toEqual(["MUG-WHT-V1", "CAP-RED-OLD"]);
    const variant = await client.stockItems.get("TSHIRT-RED-L");
    expect(variant).toMatchObject({ TemplateItemID: "TSHIRT", ItemStatus: "Active" });
    expect(variant?.Attributes?.map((a) => a.Value)).toEqual(["Red", "Large"]);
  });

  it("reads availability, pushes an adjustment once and releases it", async () => {
    const { client } = await testClient(sandbox);
    const summary = await client.inventory.summary({ inventoryId: "CANDLE-VAN" });
    expect(summary.Results?.map((r) => [r.WarehouseID, r.QtyOnHand])).toEqual([["WHOLESALE", 45]]);
    const since = new Date();
    const adj = await client.inventory.createAdjustment({ externalRef: "sync-1", description: "hub count", lines: [{ inventoryId: "CANDLE-VAN", warehouseId: "WHOLESALE", qty: -5 }] });
    expect(adj).toMatchObject({ created: true, record: { Status: "Balanced" } });
    expect((await client.inventory.createAdjustment({ externalRef: "sync-1", lines: [] })).created).toBe(false);
    await client.inventory.release(adj.record.ReferenceNbr ?? "");
    expect((await client.inventory.getAdjustment(adj.record.ReferenceNbr ?? ""))?.Status).toBe("Released");
    const avail = await client.inventory.quantityAvailable({ modifiedSince: since });
    expect(avail.Results?.map((r) => [r.InventoryID, r.QtyAvailable])).toEqual([["CANDLE-VAN", 40]]);
    await expectError(client.inventory.summary({ inventoryId: "NOPE" }), "validation");
  });
});

describe("resilience", () => {
  it("retries reads on 429, 5xx and dropped connections", async () => {
    const { client } = await testClient(sandbox);
    await fault({ next: [{ status: 429 }, { status: 503 }, { drop: true }] });
    expect((await client.shipVias.list()).length).toBeGreaterThan(0);
    await fault({ next: [{ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }] });
    const err = await expectError(client.shipVias.list(), "server");
    expect(err.retryable).toBe(true);
  });

  it("retries an update refused by a record lock (another process updated it)", async () => {
    const { client } = await testClient(sandbox);
    const { record } = await client.salesOrders.createIdempotent(order({ Hold: true }));
    await fault({ next: [{ conflict: true }] });
    expect((await client.salesOrders.update({ id: record.id, Hold: false })).Status).toBe("Open");
  });

  it("does not resend an update that appends lines when its answer is lost (it would append them twice)", async () => {
    const { client } = await testClient(sandbox);
    const { record } = await client.salesOrders.createIdempotent(order());
    await fault({ next: [{ dropResponse: true }] });
    await expectError(client.salesOrders.update({ id: record.id, Details: [{ InventoryID: "SOCKS-3PK", OrderQty: 1 }] }), "network");
    expect((await client.salesOrders.get("SO", record.OrderNbr ?? ""))?.Details).toHaveLength(3);
    await fault({ next: [{ status: 503 }] });
    expect((await client.salesOrders.update({ id: record.id, Description: "retried" })).Description).toBe("retried");
  });

  it("times out slow answers", async () => {
    const { client } = await testClient(sandbox, { timeoutMs: 50, retry: { attempts: 1 } });
    await fault({ next: [{ latencyMs: 200 }] });
    await expectError(client.shipVias.list(), "timeout");
  });

  it("refreshes an expired token once, persists the rotated chain, even with parallel callers in two 'processes'", async () => {
    const tokens = await passwordTokens(sandbox);
    const store = createMemoryTokenStore(tokens);
    let tokenCalls = 0;
    const countingFetch: typeof fetch = (input, init) => {
      if (String(input).includes("/identity/connect/token")) tokenCalls++;
      return fetch(input, init);
    };
    const a = (await testClient(sandbox, { tokenStore: store, fetch: countingFetch })).client;
    const b = (await testClient(sandbox, { tokenStore: store, fetch: countingFetch })).client;
    await callOperator(sandbox, "POST", "/tokens/expire");
    const results = await Promise.all([a.shipVias.list(), b.warehouses.list(), a.paymentMethods.list(), b.customers.list()]);
    expect(results.every((r) => r.length > 0)).toBe(true);
    expect(tokenCalls).toBe(1);
    const stored = await store.get();
    expect(stored?.refreshToken).not.toBe(tokens.refreshToken);
    expect(stored?.accessToken).not.toBe(tokens.accessToken);
  });

  it("refreshes ahead of expiry by the clock, and reports a rotated-away refresh token as invalid_grant", async () => {
    const tokens = await passwordTokens(sandbox);
    const store = createMemoryTokenStore({ ...tokens, accessExpiresAt: new Date(Date.now() + 1000) });
    const { client } = await testClient(sandbox, { tokenStore: store });
    await client.shipVias.list();
    expect((await store.get())?.refreshToken).not.toBe(tokens.refreshToken);
    const stale = createMemoryTokenStore({ ...tokens, accessExpiresAt: new Date(0) });
    const { client: staleClient } = await testClient(sandbox, { tokenStore: stale });
    await expectError(staleClient.shipVias.list(), "invalid_grant");
  });

  it("keeps at most maxConcurrency requests in flight", async () => {
    const { client } = await testClient(sandbox, { maxConcurrency: 1 });
    await fault({ latencyMs: 40 });
    try {
      const t = Date.now();
      await Promise.all([client.shipVias.list(), client.shipVias.list(), client.shipVias.list()]);
      expect(Date.now() - t).toBeGreaterThanOrEqual(115);
    } finally {
      await callOperator(sandbox, "DELETE", "/faults");
    }
  });

  it("asks the shared RateBudget before every request", async () => {
    let acquired = 0;
    let released = 0;
    const budget: RateBudget = {
      async acquire() {
        acquired++;
        return () => {
          released++;
        };
      },
    };
    const { client } = await testClient(sandbox, { rateBudget: budget });
    await client.shipVias.list();
    await client.warehouses.list();
    expect([acquired, released]).toEqual([2, 2]);
  });

  it("takes the local concurrency slot before a shared budget lease, so queued calls hold no shared lease", async () => {
    let held = 0;
    let maxHeld = 0;
    const budget: RateBudget = {
      async acquire() {
        held++;
        maxHeld = Math.max(maxHeld, held);
        return () => {
          held--;
        };
      },
    };
    const { client } = await testClient(sandbox, { rateBudget: budget, maxConcurrency: 1 });
    await fault({ latencyMs: 20 });
    try {
      await Promise.all([client.shipVias.list(), client.shipVias.list(), client.shipVias.list()]);
    } finally {
      await callOperator(sandbox, "DELETE", "/faults");
    }
    expect([maxHeld, held]).toEqual([1, 0]);
  });

  it("gets slower past half the per-minute licence limit and 429s when the queue is full", async () => {
    const limited = await startTestSandbox({ limits: { requestsPerMinute: 8, windowMs: 2000, maxQueue: 1 } });
    try {
      const { client } = await testClient(limited, { retry: { attempts: 1 } });
      const t0 = Date.now();
      for (let i = 0; i < 4; i++) await client.shipVias.list();
      const fast = Date.now() - t0;
      const t1 = Date.now();
      await client.shipVias.list();
      await client.shipVias.list();
      // Past 4 of 8 requests each one waits (time left in the window) / (requests left): roughly 0.5 s here.
      expect(Date.now() - t1).toBeGreaterThan(fast + 300);
      const burst = await Promise.allSettled([client.shipVias.list(), client.shipVias.list(), client.shipVias.list()]);
      const rejected = burst.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as AcumaticaError);
      expect(rejected.length).toBeGreaterThan(0);
      expect(rejected.every((e) => e.code === "rate_limited" && e.retryable)).toBe(true);
    } finally {
      await limited.close();
    }
  });

  it("with api:concurrent_access keeps its session cookie (one session, not one per request) and logs it out on close", async () => {
    const before = (await callOperator<{ open: number }>(sandbox, "GET", "/sessions")).open;
    const { client } = await testClient(sandbox, { tokenStore: createMemoryTokenStore(await passwordTokens(sandbox, "api offline_access api:concurrent_access")) });
    await client.shipVias.list();
    await client.warehouses.list();
    await client.paymentMethods.list();
    expect((await callOperator<{ open: number }>(sandbox, "GET", "/sessions")).open).toBe(before + 1);
    await client.close();
    expect((await callOperator<{ open: number }>(sandbox, "GET", "/sessions")).open).toBe(before);
  });

  it("logs out when the scope makes the session its duty, freeing the licence slot", async () => {
    const { client } = await testClient(sandbox, { tokenStore: createMemoryTokenStore(await passwordTokens(sandbox, "api")) });
    await client.shipVias.list();
    const before = await callOperator<{ open: number }>(sandbox, "GET", "/sessions");
    await client.close();
    const after = await callOperator<{ open: number }>(sandbox, "GET", "/sessions");
    expect(after.open).toBe(before.open - 1);
  });
});
