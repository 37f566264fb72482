import type { z } from "zod";
import type { RateBudget } from "@/lib/connectors/shared/rate-budget";
import { UNLIMITED_BUDGET } from "@/lib/connectors/shared/rate-budget";
import type { RetryPolicy } from "@/lib/connectors/shared/retry";
import { DEFAULT_RETRY, backoffDelay, isNetworkError, sleep } from "@/lib/connectors/shared/retry";
import type { OAuthTokens, TokenStore } from "@/lib/connectors/shared/token-store";
import { accessTokenNeedsRefresh } from "@/lib/connectors/shared/token-store";
import {
  customerSchema,
  endpointListSchema,
  inventoryAdjustmentSchema,
  inventoryQuantityAvailableSchema,
  inventorySummarySchema,
  paymentMethodSchema,
  salesOrderSchema,
  shipViaSchema,
  taxSchema,
  taxZoneSchema,
  shipmentSchema,
  stockItemSchema,
  templateItemSchema,
  warehouseSchema,
} from "./api-types";
import type { EndpointList, InventoryAdjustment, SalesOrder, Shipment } from "./api-types";
import { AcumaticaError, blockedAddressError, errorFromResponse } from "./errors";
import { normalizeInstanceUrl, refreshAccessToken, scopeRequiresLogout } from "./oauth";
import type { PlainRecord } from "./wrappers";
import { odataDateTimeOffset, quoteODataString, wrapRecord } from "./wrappers";

export interface AcumaticaClientOptions {
  /** Instance URL including the site path, e.g. https://erp.example.com/AcumaticaERP */
  instanceUrl: string;
  /** `Name/Version`, e.g. "Default/24.200.001" or "Pipe17/001". */
  endpoint?: string;
  clientId: string;
  clientSecret: string;
  tokenStore: TokenStore;
  /** Shared by every worker talking to this instance (licence per-minute and concurrency limits). */
  rateBudget?: RateBudget;
  /** Key under which the budget is counted; defaults to the instance URL. */
  budgetKey?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Requests in flight at once from this client object. */
  maxConcurrency?: number;
  /** Long-running actions: poll interval and give-up time. */
  actionPoll?: { intervalMs?: number; timeoutMs?: number };
  /** Refresh the access token this long before it expires. */
  refreshSkewMs?: number;
}

export interface ListOptions {
  modifiedSince?: Date;
  top?: number;
  skip?: number;
  expand?: string[];
  select?: string[];
  /** Extra `$filter` clause, ANDed with the others. */
  filter?: string;
}

export interface SalesOrderInput extends PlainRecord {
  OrderType?: string;
  CustomerID: string;
  /** Idempotency key: the TikTok order id. */
  ExternalRef: string;
}

export interface CreateResult<T> {
  record: T;
  /** false when an order with the same external reference already existed (a retry after a timeout, a duplicate job). */
  created: boolean;
}

interface CallOptions<T> {
  method: "GET" | "PUT" | "POST" | "DELETE";
  /** Relative to the endpoint base (`SalesOrder/SO/SO000001`), or absolute path on the host when `absolute`. */
  path: string;
  absolute?: boolean;
  query?: Record<string, string | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** "safe": retry on 429/5xx/network. "declined-only": retry only when the request surely was not processed (429, refused). */
  retry: "safe" | "declined-only";
  schema?: z.ZodType<T>;
}

interface RawResponse {
  status: number;
  headers: Headers;
  json: unknown;
}

const DEFAULT_ENDPOINT = "Default/24.200.001";

function createSemaphore(max: number) {
  let active = 0;
  const waiters: Array<() => void> = [];
  return {
    async acquire(): Promise<() => void> {
      while (active >= max) await new Promise<void>((r) => waiters.push(r));
      active++;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        active--;
        waiters.shift()?.();
      };
    },
  };
}

function parseWith<T>(schema: z.ZodType<T>, json: unknown, what: string): T {
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AcumaticaError({ code: "server", message: `Unexpected ${what} payload from Acumatica at ${issue?.path.join(".") ?? "?"}: ${issue?.message ?? ""}` });
  }
  return result.data;
}

/** A PUT that appends detail lines (lines without `id`) would append them again if resent. */
function appendsDetailLines(record: PlainRecord): boolean {
  return Object.values(record).some((v) => Array.isArray(v) && v.some((line) => !line.id || appendsDetailLines(line)));
}

/**
 * Items carry `LastModified` on every endpoint version but `LastModifiedDateTime`
 * only from Default/24.200.001 (a name unknown to the endpoint answers 500
 * KeyNotFoundException). An extended endpoint (`Pipe17/001`) does not say which
 * Default version it extends, so it gets the field every version has.
 */
export function itemModifiedField(endpoint: string): "LastModifiedDateTime" | "LastModified" {
  return /^Default\/24\.200\.001$/i.test(endpoint.replace(/^\/+|\/+$/g, "")) ? "LastModifiedDateTime" : "LastModified";
}

const joinFilters = (parts: Array<string | undefined>) => parts.filter((p): p is string => !!p).map((p) => `(${p})`).join(" and ") || undefined;

/** A typed client for one Acumatica instance and endpoint. */
export function createAcumaticaClient(opts: AcumaticaClientOptions) {
  const instanceUrl = normalizeInstanceUrl(opts.instanceUrl);
  const origin = new URL(instanceUrl).origin;
  const endpoint = (opts.endpoint ?? DEFAULT_ENDPOINT).replace(/^\/+|\/+$/g, "");
  const base = `${instanceUrl}/entity/${endpoint}`;
  const fetchImpl = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
  const budget = opts.rateBudget ?? UNLIMITED_BUDGET;
  const budgetKey = opts.budgetKey ?? `acumatica:${instanceUrl}`;
  const semaphore = createSemaphore(opts.maxConcurrency ?? 4);
  const pollInterval = opts.actionPoll?.intervalMs ?? 1000;
  const pollTimeout = opts.actionPoll?.timeoutMs ?? 5 * 60_000;
  const skewMs = opts.refreshSkewMs ?? 60_000;
  /** With api:concurrent_access the instance names the API session in a cookie; keep it so one client uses one session. */
  let sessionCookie: string | null = null;

  function rememberSessionCookie(headers: Headers): void {
    for (const c of headers.getSetCookie()) {
      const pair = c.split(";")[0] ?? "";
      if (pair.startsWith("ASP.NET_SessionId=")) sessionCookie = pair;
    }
  }

  async function refreshUnderLock(stale: string | null): Promise<OAuthTokens> {
    const stored = await opts.tokenStore.withRefreshLock(async (current) => {
      // Another process refreshed while we waited for the lock: use its tokens.
      if (current && current.accessToken !== stale && !accessTokenNeedsRefresh(current, Date.now(), skewMs)) return null;
      if (!current?.refreshToken) {
        throw new AcumaticaError({ code: "unauthorized", message: "The Acumatica access token expired and there is no refresh token (grant offline_access). Reconnect Acumatica." });
      }
      return refreshAccessToken({ instanceUrl, clientId: opts.clientId, clientSecret: opts.clientSecret, refreshToken: current.refreshToken, previous: current, fetch: fetchImpl, timeoutMs });
    });
    if (!stored) throw new AcumaticaError({ code: "unauthorized", message: "Acumatica is not connected." });
    return stored;
  }

  async function accessToken(): Promise<string> {
    const tokens = await opts.tokenStore.get();
    if (!tokens) throw new AcumaticaError({ code: "unauthorized", message: "Acumatica is not connected: no tokens are stored." });
    if (!accessTokenNeedsRefresh(tokens, Date.now(), skewMs)) return tokens.accessToken;
    return (await refreshUnderLock(tokens.accessToken)).accessToken;
  }

  async function sendOnce(o: CallOptions<unknown>, token: string): Promise<{ status: number; headers: Headers; text: string }> {
    const url = new URL(o.absolute ? `${origin}${o.path}` : `${base}/${o.path}`);
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined && v !== "") url.searchParams.set(k, v);
    // Local slot first, then the shared budget: a busy process must not hold shared
    // (cross-process) leases while its own calls queue locally. Released in reverse order.
    const releaseLocal = await semaphore.acquire();
    let releaseBudget: () => void;
    try {
      releaseBudget = await budget.acquire(budgetKey);
    } catch (err) {
      releaseLocal();
      throw err;
    }
    try {
      const res = await fetchImpl(url, {
        method: o.method,
        headers: {
          Accept: "application/json",
          Authorization: `Bearer ${token}`,
          ...(o.body !== undefined ? { "Content-Type": "application/json" } : {}),
          ...(sessionCookie ? { Cookie: sessionCookie } : {}),
          ...o.headers,
        },
        body: o.body !== undefined ? JSON.stringify(o.body) : undefined,
        // A redirect is an error to report: following it would send the bearer token elsewhere.
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
      rememberSessionCookie(res.headers);
      if (res.status === 401) sessionCookie = null;
      return { status: res.status, headers: res.headers, text: await res.text() };
    } finally {
      releaseBudget();
      releaseLocal();
    }
  }

  function transportError(err: unknown): AcumaticaError {
    if (err instanceof AcumaticaError) return err;
    const blocked = blockedAddressError(err);
    if (blocked) return blocked;
    if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) {
      return new AcumaticaError({ code: "timeout", retryable: true, message: `Acumatica did not answer within ${timeoutMs} ms.`, cause: err });
    }
    if (isNetworkError(err)) return new AcumaticaError({ code: "network", retryable: true, message: `Cannot reach Acumatica at ${instanceUrl}: ${(err as Error).message}`, cause: err });
    throw err;
  }

  /** Did the request surely not reach the ERP's processing (safe to resend even a create)? */
  const surelyNotProcessed = (err: AcumaticaError) =>
    err.code === "rate_limited" || err.code === "login_limit" || (err.code === "network" && /ECONNREFUSED/.test(String((err.cause as Error | undefined)?.message ?? "") + String(((err.cause as { cause?: Error } | undefined)?.cause)?.message ?? "")));

  async function call<T>(o: CallOptions<T>): Promise<RawResponse & { data: T }> {
    let refreshedAfter401 = false;
    for (let attempt = 0; ; attempt++) {
      let error: AcumaticaError;
      try {
        const token = await accessToken();
        const res = await sendOnce(o as CallOptions<unknown>, token);
        if (res.status === 401 && !refreshedAfter401) {
          refreshedAfter401 = true;
          await refreshUnderLock(token);
          attempt--;
          continue;
        }
        if (res.status >= 200 && res.status < 300) {
          const json = res.text ? (JSON.parse(res.text) as unknown) : undefined;
          const data = o.schema ? parseWith(o.schema, json, o.path) : (json as T);
          return { status: res.status, headers: res.headers, json, data };
        }
        error = errorFromResponse(res.status, res.text, res.headers, { endpointPath: o.absolute ? "" : endpoint });
      } catch (err) {
        error = transportError(err);
      }
      const mayRetry = error.retryable && (o.retry === "safe" || surelyNotProcessed(error));
      if (!mayRetry || attempt + 1 >= retry.attempts) throw error;
      await sleep(backoffDelay(attempt, retry, error.retryAfterMs));
    }
  }

  /** Runs an action; follows 202 + Location until 204. */
  async function invokeAction(entity: string, action: string, target: PlainRecord, parameters?: PlainRecord): Promise<void> {
    const res = await call({
      method: "POST",
      path: `${entity}/${action}`,
      body: { entity: wrapRecord(target), ...(parameters ? { parameters: wrapRecord(parameters) } : {}) },
      retry: "declined-only",
    });
    if (res.status !== 202) return;
    const location = res.headers.get("location");
    if (!location) return;
    const statusPath = location.startsWith("http") ? new URL(location).pathname : location;
    const deadline = Date.now() + pollTimeout;
    for (;;) {
      await sleep(pollInterval);
      const poll = await call({ method: "GET", path: statusPath, absolute: true, retry: "safe" });
      if (poll.status === 204 || poll.status === 200) return;
      if (Date.now() > deadline) throw new AcumaticaError({ code: "timeout", retryable: false, message: `The ${action} action was still running after ${pollTimeout} ms.` });
    }
  }

  /**
   * Runs a state-changing action at most once in effect: skips it when the target state is
   * already reached, and after a retryable failure (lost answer, timeout) re-reads before retrying.
   */
  async function settleAction(run: () => Promise<void>, isDone: () => Promise<boolean>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (await isDone()) return;
      try {
        await run();
        return;
      } catch (err) {
        // A resent action may lose the race against the first run (its answer was lost, it still ran): done is done.
        if (err instanceof AcumaticaError && (await isDone().catch(() => false))) return;
        if (!(err instanceof AcumaticaError) || !err.retryable || attempt + 1 >= retry.attempts) throw err;
        await sleep(backoffDelay(attempt, retry, err.retryAfterMs));
      }
    }
  }

  function listQuery(o: ListOptions, modifiedField: string, extraFilter?: string): Record<string, string | undefined> {
    return {
      $filter: joinFilters([o.modifiedSince ? `${modifiedField} gt ${odataDateTimeOffset(o.modifiedSince)}` : undefined, extraFilter, o.filter]),
      $expand: o.expand?.join(","),
      $select: o.select?.join(","),
      $top: o.top !== undefined ? String(o.top) : undefined,
      $skip: o.skip !== undefined ? String(o.skip) : undefined,
    };
  }

  async function list<T>(entity: string, schema: z.ZodType<T>, o: ListOptions, modifiedField: string, extraFilter?: string): Promise<T[]> {
    const res = await call({ method: "GET", path: entity, query: listQuery(o, modifiedField, extraFilter), retry: "safe" });
    const rows = Array.isArray(res.json) ? res.json : [];
    return rows.map((r) => parseWith(schema, r, entity));
  }

  /** Pages with $top/$skip until a short page (there is no total count). */
  async function* paginate<T>(entity: string, schema: z.ZodType<T>, o: ListOptions & { pageSize?: number }, modifiedField: string, extraFilter?: string): AsyncGenerator<T[]> {
    const pageSize = o.pageSize ?? 100;
    for (let skip = o.skip ?? 0; ; skip += pageSize) {
      const page = await list(entity, schema, { ...o, top: pageSize, skip }, modifiedField, extraFilter);
      if (page.length > 0) yield page;
      if (page.length < pageSize) return;
    }
  }

  async function getByKeys<T>(entity: string, keys: string[], schema: z.ZodType<T>, expand?: string[]): Promise<T | null> {
    try {
      const res = await call({ method: "GET", path: `${entity}/${keys.map(encodeURIComponent).join("/")}`, query: { $expand: expand?.join(",") }, retry: "safe", schema });
      return res.data;
    } catch (err) {
      if (err instanceof AcumaticaError && err.code === "not_found") return null;
      throw err;
    }
  }

  async function put<T>(entity: string, record: PlainRecord, schema: z.ZodType<T>, o: { expand?: string[]; headers?: Record<string, string>; retry: CallOptions<T>["retry"] }): Promise<T> {
    const res = await call({ method: "PUT", path: entity, body: wrapRecord(record), query: { $expand: o.expand?.join(",") }, headers: o.headers, retry: o.retry, schema });
    return res.data;
  }

  const ORDER_EXPAND = ["Details", "ShipToAddress", "ShipToContact", "Totals", "Payments", "TaxDetails", "FinancialSettings"];

  async function findSalesOrderByExternalRef(externalRef: string, orderType?: string, expand = ORDER_EXPAND): Promise<SalesOrder | null> {
    const filter = joinFilters([`ExternalRef eq ${quoteODataString(externalRef)}`, orderType ? `OrderType eq ${quoteODataString(orderType)}` : undefined]);
    const rows = await list("SalesOrder", salesOrderSchema, { expand, filter, top: 1 }, "LastModified");
    return rows[0] ?? null;
  }

  const salesOrders = {
    get: (orderType: string, orderNbr: string, expand = ORDER_EXPAND) => getByKeys("SalesOrder", [orderType, orderNbr], salesOrderSchema, expand),
    list: (o: ListOptions = {}) => list("SalesOrder", salesOrderSchema, o, "LastModified"),
    listModifiedSince: (since: Date, o: ListOptions & { pageSize?: number } = {}) => paginate("SalesOrder", salesOrderSchema, { ...o, modifiedSince: since }, "LastModified"),
    findByExternalRef: findSalesOrderByExternalRef,
    /**
     * Creates a sales order unless one with this external reference is found first (looked up again after an
     * ambiguous failure before resending). A convenience for scripts and tests, NOT exactly-once: a create still
     * running at the server when the look-up runs, or two callers at once, still make two orders. The engine
     * never uses it: it sends `create` under a claim held in the database (lib/sync/acumatica/create-once.ts).
     */
    async createIdempotent(input: SalesOrderInput, o: { expand?: string[] } = {}): Promise<CreateResult<SalesOrder>> {
      if (!input.ExternalRef) throw new AcumaticaError({ code: "bad_request", message: "ExternalRef is required to create a sales order idempotently." });
      const orderType = input.OrderType ?? "SO";
      const expand = o.expand ?? ORDER_EXPAND;
      for (let attempt = 0; ; attempt++) {
        const existing = await findSalesOrderByExternalRef(input.ExternalRef, orderType, expand);
        if (existing) return { record: existing, created: false };
        try {
          const record = await put("SalesOrder", { ...input, OrderType: orderType }, salesOrderSchema, { expand, retry: "declined-only" });
          return { record, created: true };
        } catch (err) {
          if (!(err instanceof AcumaticaError) || !err.retryable || attempt + 1 >= retry.attempts) throw err;
          await sleep(backoffDelay(attempt, retry, err.retryAfterMs));
        }
      }
    },
    /**
     * One create request, never resent unless the instance surely did not process it (429, login limit, refused
     * connection). The caller owns idempotency: after any other failure the order may exist (see lib/sync).
     */
    create: (input: SalesOrderInput, o: { expand?: string[] } = {}) =>
      put("SalesOrder", { ...input, OrderType: input.OrderType ?? "SO" }, salesOrderSchema, { expand: o.expand ?? ORDER_EXPAND, retry: "declined-only" }),
    /** Updates an existing order (by id or keys); `If-Match: *` so it never creates one. Resent after failures only when it appends no lines. */
    update: (patch: PlainRecord & ({ id: string } | { OrderType: string; OrderNbr: string }), expand: string[] = []) =>
      put("SalesOrder", patch, salesOrderSchema, { expand, headers: { "If-Match": "*" }, retry: appendsDetailLines(patch) ? "declined-only" : "safe" }),
    /** Cancels an order; already canceled = done, and an ambiguous failure is settled by re-reading the status. */
    cancel: (orderType: string, orderNbr: string) =>
      settleAction(
        () => invokeAction("SalesOrder", "CancelSalesOrder", { OrderType: orderType, OrderNbr: orderNbr }),
        async () => (await getByKeys("SalesOrder", [orderType, orderNbr], salesOrderSchema))?.Status === "Canceled",
      ),
    reopen: (orderType: string, orderNbr: string) => invokeAction("SalesOrder", "ReopenSalesOrder", { OrderType: orderType, OrderNbr: orderNbr }),
    createShipment: (orderType: string, orderNbr: string, p: { warehouseId?: string; shipmentDate?: Date } = {}) =>
      invokeAction("SalesOrder", "SalesOrderCreateShipment", { OrderType: orderType, OrderNbr: orderNbr }, { WarehouseID: p.warehouseId, ShipmentDate: p.shipmentDate }),
    createReceipt: (orderType: string, orderNbr: string, p: { warehouseId?: string; shipmentDate?: Date } = {}) =>
      invokeAction("SalesOrder", "SalesOrderCreateReceipt", { OrderType: orderType, OrderNbr: orderNbr }, { WarehouseID: p.warehouseId, ShipmentDate: p.shipmentDate }),
  };

  const SHIPMENT_EXPAND = ["Details", "Packages", "Packages/PackageContents", "Orders"];

  const shipments = {
    get: (shipmentNbr: string, expand = SHIPMENT_EXPAND): Promise<Shipment | null> => getByKeys("Shipment", [shipmentNbr], shipmentSchema, expand),
    list: (o: ListOptions = {}) => list("Shipment", shipmentSchema, { expand: SHIPMENT_EXPAND, ...o }, "LastModifiedDateTime"),
    listModifiedSince: (since: Date, o: ListOptions & { pageSize?: number } = {}) =>
      paginate("Shipment", shipmentSchema, { expand: SHIPMENT_EXPAND, ...o, modifiedSince: since }, "LastModifiedDateTime"),
    /** Confirms a shipment; already confirmed = done, and an ambiguous failure is settled by re-reading the status. */
    confirm: (shipmentNbr: string) =>
      settleAction(
        () => invokeAction("Shipment", "ConfirmShipment", { ShipmentNbr: shipmentNbr }),
        async () => ["Confirmed", "Completed", "Invoiced"].includes((await getByKeys("Shipment", [shipmentNbr], shipmentSchema, []))?.Status ?? ""),
      ),
    setTrackingNumbers: (shipmentId: string, packages: Array<{ id?: string; TrackingNbr: string; BoxID?: string; Weight?: number }>) =>
      put("Shipment", { id: shipmentId, Packages: packages }, shipmentSchema, {
        expand: ["Packages"],
        headers: { "If-Match": "*" },
        retry: packages.every((p) => p.id) ? "safe" : "declined-only",
      }),
  };

  const inventory = {
    /** Inventory Summary of one item, rows per warehouse (read with PUT + $expand=Results). */
    summary: (p: { inventoryId: string; warehouseId?: string }) =>
      put("InventorySummaryInquiry", { InventoryID: p.inventoryId, WarehouseID: p.warehouseId }, inventorySummarySchema, { expand: ["Results"], retry: "safe" }),
    /** Total quantity available per item changed since a date (no warehouse dimension). */
    quantityAvailable: (p: { inventoryId?: string; modifiedSince?: Date } = {}) =>
      put("InventoryQuantityAvailable", { InventoryID: p.inventoryId, LastModifiedDateTime: p.modifiedSince }, inventoryQuantityAvailableSchema, { expand: ["Results"], retry: "safe" }),
    getAdjustment: (referenceNbr: string) => getByKeys("InventoryAdjustment", [referenceNbr], inventoryAdjustmentSchema, ["Details"]),
    findAdjustmentByExternalRef: async (externalRef: string): Promise<InventoryAdjustment | null> =>
      (await list("InventoryAdjustment", inventoryAdjustmentSchema, { expand: ["Details"], filter: `ExternalRef eq ${quoteODataString(externalRef)}`, top: 1 }, "LastModifiedDateTime"))[0] ?? null,
    /** Creates an adjustment once per external reference (looked up first). */
    async createAdjustment(p: { externalRef: string; description?: string; date?: Date; hold?: boolean; lines: Array<{ inventoryId: string; warehouseId: string; qty: number; locationId?: string; reasonCode?: string }> }): Promise<CreateResult<InventoryAdjustment>> {
      const existing = await inventory.findAdjustmentByExternalRef(p.externalRef);
      if (existing) return { record: existing, created: false };
      const record = await put(
        "InventoryAdjustment",
        {
          ExternalRef: p.externalRef,
          Description: p.description,
          Date: p.date,
          Hold: p.hold ?? false,
          Details: p.lines.map((l) => ({ InventoryID: l.inventoryId, WarehouseID: l.warehouseId, Qty: l.qty, LocationID: l.locationId, ReasonCode: l.reasonCode })),
        },
        inventoryAdjustmentSchema,
        { expand: ["Details"], retry: "declined-only" },
      );
      return { record, created: true };
    },
    release: (referenceNbr: string) => invokeAction("InventoryAdjustment", "ReleaseAdjustment", { ReferenceNbr: referenceNbr }),
  };

  return {
    instanceUrl,
    endpoint,
    /** GET {instance}/entity: build version and the endpoints published for this tenant. */
    async listEndpoints(): Promise<EndpointList> {
      const path = `${new URL(instanceUrl).pathname.replace(/\/$/, "")}/entity`;
      const res = await call({ method: "GET", path, absolute: true, retry: "safe", schema: endpointListSchema });
      return res.data;
    },
    /**
     * Proves the token and the endpoint with one authenticated call on the chosen endpoint
     * (the endpoint list at {instance}/entity answers without authentication, so it proves neither).
     * A 401 is refreshed once by `call`; an unpublished endpoint answers 404.
     */
    async verifyConnection(): Promise<{ endpoint: string }> {
      await call({ method: "GET", path: "Customer", query: { $top: "1", $select: "CustomerID" }, retry: "safe" });
      return { endpoint };
    },
    salesOrders,
    customers: {
      get: (customerId: string) => getByKeys("Customer", [customerId], customerSchema, ["MainContact", "MainContact/Address"]),
      list: (o: ListOptions = {}) => list("Customer", customerSchema, o, "LastModifiedDateTime"),
    },
    /** The field items are filtered on for "modified since" on this endpoint (see `itemModifiedField`). */
    itemModifiedField: itemModifiedField(endpoint),
    stockItems: {
      get: (inventoryId: string, expand = ["WarehouseDetails", "CrossReferences", "Attributes"]) => getByKeys("StockItem", [inventoryId], stockItemSchema, expand),
      list: (o: ListOptions = {}) => list("StockItem", stockItemSchema, o, itemModifiedField(endpoint)),
      listModifiedSince: (since: Date | undefined, o: ListOptions & { pageSize?: number } = {}) =>
        paginate("StockItem", stockItemSchema, { ...o, modifiedSince: since }, itemModifiedField(endpoint)),
    },
    /** Matrix templates (the parents of variant stock items). */
    templateItems: {
      listModifiedSince: (since: Date | undefined, o: ListOptions & { pageSize?: number } = {}) =>
        paginate("TemplateItems", templateItemSchema, { ...o, modifiedSince: since }, itemModifiedField(endpoint)),
    },
    warehouses: {
      list: (o: ListOptions = {}) => list("Warehouse", warehouseSchema, o, "LastModifiedDateTime"),
      get: (warehouseId: string) => getByKeys("Warehouse", [warehouseId], warehouseSchema),
      /**
       * Creates a warehouse (Warehouse IN204000 accepts PUT in the Default contract); `If-None-Match: *` makes it
       * insert-only (412 when the WarehouseID exists), never resent unless surely not processed.
       */
      create: (input: { WarehouseID: string; Description?: string; Active?: boolean }) =>
        put("Warehouse", { ...input }, warehouseSchema, { headers: { "If-None-Match": "*" }, retry: "declined-only" }),
    },
    taxes: { get: (taxId: string) => getByKeys("Tax", [taxId], taxSchema) },
    taxZones: { get: (taxZoneId: string) => getByKeys("TaxZone", [taxZoneId], taxZoneSchema) },
    shipVias: { list: (o: ListOptions = {}) => list("ShipVia", shipViaSchema, o, "LastModifiedDateTime") },
    paymentMethods: { list: (o: ListOptions = {}) => list("PaymentMethod", paymentMethodSchema, o, "LastModifiedDateTime") },
    shipments,
    inventory,
    invokeAction,
    /** Ends the API session behind the current token (logout is never queued by the licence limiter). */
    async logout(): Promise<void> {
      const tokens = await opts.tokenStore.get();
      if (!tokens) return;
      const path = `${new URL(instanceUrl).pathname.replace(/\/$/, "")}/entity/auth/logout`;
      try {
        await fetchImpl(`${origin}${path}`, {
          method: "POST",
          headers: { Authorization: `Bearer ${tokens.accessToken}`, "Content-Length": "0", ...(sessionCookie ? { Cookie: sessionCookie } : {}) },
          redirect: "manual",
          signal: AbortSignal.timeout(timeoutMs),
        });
        sessionCookie = null;
      } catch (err) {
        throw transportError(err);
      }
    },
    /** Signs out when the granted scope makes sessions the client's duty (`api` without offline_access, or api:concurrent_access). */
    async close(): Promise<void> {
      const tokens = await opts.tokenStore.get();
      if (tokens && scopeRequiresLogout(tokens.scope)) await this.logout();
    },
  };
}

export type AcumaticaClient = ReturnType<typeof createAcumaticaClient>;

export {
  buildAuthorizeUrl,
  createOAuthState,
  createPkcePair,
  exchangeAuthorizationCode,
  parseAuthorizationCallback,
  refreshAccessToken,
  revokeToken,
  scopeRequiresLogout,
} from "./oauth";
export { AcumaticaError, errorFromResponse } from "./errors";
export type { AcumaticaErrorCode, FieldError } from "./errors";
