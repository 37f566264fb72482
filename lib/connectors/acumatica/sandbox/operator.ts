import type { Contract } from "./contract";
import type { PathTree, Rec } from "./entity-json";
import { serializeRecord } from "./entity-json";
import type { HttpAnswer, Identity } from "./identity";
import type { LicenseLimits, RequestLimiter } from "./limits";
import type { OrderTypeBehavior } from "../fixtures";
import { putOrderType } from "./order-types";
import { putItem, putItemsInBulk } from "./items";
import { BusinessError, changeOnHand, lines, num, str } from "./rules";
import { confirmShipment, createShipmentForOrder, recalculateShipment } from "./shipment";
import type { ShipmentLineRequest } from "./shipment";
import type { Store } from "./store";
import { findByKeys, keyOf, listRecords, newId } from "./store";

/**
 * One-shot fault for the next `/entity/…` request:
 * - drop: close the connection before processing;
 * - dropResponse: process (and save), then close without answering (a client-side timeout after the ERP saved);
 * - conflict: a 500 PXLockViolationException ("Another process has updated…"), as when a user edits the same document;
 * - latencyMs: wait before the request is processed;
 * - slowCommitMs: a PUT is saved only this much later, whether or not the client is still waiting, and
 *   no other request sees the record before (a create still running in another session); other verbs just take longer.
 */
export interface OneShotFault {
  status?: number;
  drop?: boolean;
  dropResponse?: boolean;
  conflict?: boolean;
  latencyMs?: number;
  slowCommitMs?: number;
}

/** Processing time of matching requests, spent inside their licence slot (first matching rule wins). */
export interface ProcessingRule {
  /** HTTP method, any when absent. */
  method?: string;
  /** Top-level entity (`SalesOrder`), any when absent. */
  entity?: string;
  ms: number;
}

/** Faults injected into `/entity/…` requests. */
export interface Faults {
  /** Network-like delay before a request reaches the licence queue. */
  latencyMs: number;
  /** Probability (0–1) that a request fails with `errorStatus`. */
  errorRate: number;
  errorStatus: number;
  /** One-shot faults consumed by the next requests, in order. */
  next: OneShotFault[];
  processing: ProcessingRule[];
}

export const NO_FAULTS: Faults = { latencyMs: 0, errorRate: 0, errorStatus: 500, next: [], processing: [] };

export function processingTime(faults: Faults, method: string, entity: string | undefined): number {
  const rule = faults.processing.find((r) => (!r.method || r.method.toUpperCase() === method.toUpperCase()) && (!r.entity || r.entity === entity));
  return rule ? Math.max(0, rule.ms) : 0;
}

function parseProcessing(raw: unknown): ProcessingRule[] | string {
  if (!Array.isArray(raw)) return "processing must be an array of {method?, entity?, ms}";
  const rules: ProcessingRule[] = [];
  for (const r of raw as unknown[]) {
    const o = (r ?? {}) as Record<string, unknown>;
    if (typeof o.ms !== "number" || o.ms < 0) return "each processing rule needs ms >= 0";
    rules.push({ ms: o.ms, ...(typeof o.method === "string" ? { method: o.method } : {}), ...(typeof o.entity === "string" ? { entity: o.entity } : {}) });
  }
  return rules;
}

const ORDER_STATUSES = ["On Hold", "Open", "Pending Approval", "Rejected", "Pending Processing", "Awaiting Payment", "Credit Hold", "Completed", "Canceled", "Back Order", "Shipping", "Invoiced", "Expired"];

export interface OperatorDeps {
  store: () => Store;
  reset: () => void;
  contract: Contract;
  identity: Identity;
  limiter: RequestLimiter;
  faults: Faults;
  endpoints: Array<{ name: string; version: string; published: boolean }>;
  actions: { durationMs: number };
}

function fullExpand(contract: Contract, entity: string): PathTree {
  const tree: PathTree = new Map();
  for (const [name, f] of contract.entities.get(entity)?.fields ?? []) {
    if (f.kind !== "value") tree.set(name, f.kind === "linked" ? fullExpand(contract, f.entity) : new Map());
  }
  return tree;
}

const ok = (json: unknown): HttpAnswer => ({ status: 200, json });
const bad = (message: string, status = 400): HttpAnswer => ({ status, json: { error: message } });

interface ShipRequest {
  warehouseId?: string;
  lines?: Array<{ lineNbr: number; qty: number }>;
  /** Split the order's open quantity into this many shipments. */
  split?: number;
  /** Packages with their tracking numbers; `contents` says which items are in which (PackageContents). */
  packages?: Array<{ trackingNbr: string; boxId?: string; weight?: number; description?: string; contents?: Array<{ inventoryId: string; qty: number }> }>;
  /** Confirm the shipments right away (default true). */
  confirm?: boolean;
  hold?: boolean;
}

function splitLines(order: Rec, parts: number): ShipmentLineRequest[][] {
  const open = lines(order, "Details").filter((l) => num(l.OpenQty) > 0);
  const groups: ShipmentLineRequest[][] = Array.from({ length: parts }, () => []);
  if (open.length >= parts) {
    open.forEach((l, i) => groups[i % parts]?.push({ lineNbr: num(l.LineNbr), qty: num(l.OpenQty) }));
  } else {
    for (const l of open) {
      const qty = num(l.OpenQty);
      const base = Math.floor(qty / parts);
      for (let i = 0; i < parts; i++) {
        const q = i === parts - 1 ? qty - base * (parts - 1) : base;
        if (q > 0) groups[i]?.push({ lineNbr: num(l.LineNbr), qty: q });
      }
    }
  }
  return groups.filter((g) => g.length > 0);
}

/** Operator API under `/_sandbox/…`: test and demo controls that a real instance does not have. */
export function createOperator(deps: OperatorDeps) {
  function summarizeShipment(s: Rec) {
    return {
      shipmentNbr: s.ShipmentNbr,
      status: s.Status,
      warehouseId: s.WarehouseID,
      trackingNbrs: lines(s, "Packages").map((p) => p.TrackingNbr),
      lines: lines(s, "Details").map((d) => ({ orderNbr: d.OrderNbr, lineNbr: d.OrderLineNbr, inventoryId: d.InventoryID, qty: d.ShippedQty })),
    };
  }

  function ship(type: string, nbr: string, body: ShipRequest): HttpAnswer {
    const store = deps.store();
    const order = findByKeys(store, "SalesOrder", { OrderType: type, OrderNbr: nbr });
    if (!order) return bad(`Sales order ${type} ${nbr} not found`, 404);
    if (order.Status === "On Hold") return bad(`Sales order ${type} ${nbr} is On Hold; release it (Hold=false) first`, 409);
    const groups = body.lines ? [body.lines] : body.split && body.split > 1 ? splitLines(order, body.split) : [undefined];
    const created: Rec[] = [];
    try {
      groups.forEach((group, gi) => {
        const shipment = createShipmentForOrder(store, order, { warehouseId: body.warehouseId, lines: group, hold: body.hold });
        const pkgs = (body.packages ?? []).filter((_, pi) => groups.length === 1 || pi % groups.length === gi);
        shipment.Packages = pkgs.map((p, i) => ({
          id: newId(),
          LineNbr: i + 1,
          TrackingNbr: p.trackingNbr,
          BoxID: p.boxId ?? "BOX",
          Weight: p.weight ?? 1,
          Description: p.description ?? null,
          Confirmed: false,
          PackageContents: (p.contents ?? []).map((c) => ({ id: newId(), InventoryID: c.inventoryId, Quantity: c.qty, UOM: "EA", OrigOrderType: order.OrderType, OrigOrderNbr: order.OrderNbr })),
        }));
        recalculateShipment(store, shipment);
        if (body.confirm !== false && !body.hold) confirmShipment(store, shipment);
        created.push(shipment);
      });
    } catch (err) {
      if (err instanceof BusinessError) return bad(err.message, 409);
      throw err;
    }
    return ok({ orderStatus: order.Status, shipments: created.map(summarizeShipment) });
  }

  function setStock(body: { inventoryId?: string; warehouseId?: string; qtyOnHand?: number; delta?: number }): HttpAnswer {
    const store = deps.store();
    const item = findByKeys(store, "StockItem", { InventoryID: body.inventoryId ?? "" });
    if (!item) return bad(`Stock item ${body.inventoryId} not found`, 404);
    if (!body.warehouseId || !findByKeys(store, "Warehouse", { WarehouseID: body.warehouseId })) return bad(`Warehouse ${body.warehouseId} not found`, 404);
    const row = lines(item, "WarehouseDetails").find((w) => str(w.WarehouseID).toUpperCase() === body.warehouseId?.toUpperCase());
    const current = num(row?.QtyOnHand);
    const delta = body.qtyOnHand !== undefined ? body.qtyOnHand - current : num(body.delta);
    changeOnHand(store, item, body.warehouseId, delta);
    return ok({ inventoryId: item.InventoryID, warehouseId: body.warehouseId, qtyOnHand: current + delta });
  }

  /** Order Types (SO201000) as seed data the operator can change: add or update, remove when unused. */
  function orderTypes(method: string, type: string | undefined, body: Record<string, unknown>): HttpAnswer {
    const store = deps.store();
    const list = () => ok([...store.orderTypes.values()]);
    if (method === "GET" && !type) return list();
    if (method === "POST" && !type) {
      const code = keyOf(body.orderType);
      if (!/^[A-Z0-9]{2}$/.test(code)) return bad("orderType must be two letters or digits (e.g. TS)");
      const existing = store.orderTypes.get(code);
      const behavior = (body.behavior ?? existing?.Behavior) as OrderTypeBehavior | undefined;
      if (behavior !== "SO" && behavior !== "RC") return bad("behavior must be SO (issue: shipments) or RC (receipt: returns)");
      const stored = putOrderType(store, {
        OrderType: code,
        Description: str(body.description) || existing?.Description || code,
        Behavior: behavior,
        Active: typeof body.active === "boolean" ? body.active : (existing?.Active ?? true),
        NumberingPrefix: str(body.numberingPrefix) || existing?.NumberingPrefix || code,
      });
      return ok(stored);
    }
    if (method === "DELETE" && type) {
      const code = keyOf(type);
      if (!store.orderTypes.has(code)) return bad(`Order type ${code} not found`, 404);
      const used = listRecords(store, "SalesOrder").filter((o) => o.OrderType === code).length;
      if (used > 0) return bad(`Order type ${code} is used by ${used} sales order(s); deactivate it instead: POST /_sandbox/order-types {orderType: "${code}", active: false}`, 409);
      store.orderTypes.delete(code);
      return list();
    }
    return bad("Unknown operator route", 404);
  }

  return function handle(method: string, segments: string[], query: URLSearchParams, body: Record<string, unknown>): HttpAnswer {
    const [a, b, c, d] = segments;
    const store = deps.store();
    if (!a && method === "GET") {
      return ok({
        endpoints: [
          "POST /_sandbox/reset",
          "GET /_sandbox/records/{Entity}?$filter-free listing, everything expanded",
          "GET /_sandbox/sales-orders?externalRef=&customerOrder=",
          "POST /_sandbox/sales-orders/{type}/{nbr}/ship {warehouseId?, lines?, split?, packages?: [{trackingNbr}], confirm?, hold?}",
          "POST /_sandbox/shipments/{nbr}/confirm",
          "POST /_sandbox/shipments/{nbr}/packages/{lineNbr} {trackingNbr} (a tracking correction)",
          "POST /_sandbox/stock {inventoryId, warehouseId, qtyOnHand | delta}",
          "POST /_sandbox/items {InventoryID, Description?, DefaultPrice?, ItemStatus?, TemplateItemID?, Attributes?: {ID: value}, DimensionWeight?, WeightUOM?, stock?: {WAREHOUSE: qty}, isTemplate?} — adds an item (or a matrix template), or changes the given fields of an existing one (its LastModified moves)",
          "POST /_sandbox/items/bulk {count, prefix?, templateEvery?} — adds count items <prefix>-000001…; with templateEvery N, every Nth group of 10 are variants of a new template",
          "POST /_sandbox/sales-orders/{type}/{nbr}/status {status} — force a status label (e.g. Invoiced) for tests",
          "GET /_sandbox/order-types; POST /_sandbox/order-types {orderType, description?, behavior: SO|RC, active?, numberingPrefix?}; DELETE /_sandbox/order-types/{type}",
          "GET|POST /_sandbox/faults {latencyMs, errorRate, errorStatus, next: [{status?, drop?, dropResponse?, conflict?, latencyMs?, slowCommitMs?}], processing: [{method?, entity?, ms}]}; DELETE clears",
          "POST /_sandbox/tokens/expire {refresh?: boolean}",
          "GET /_sandbox/sessions; POST /_sandbox/sessions/close",
          "GET|POST /_sandbox/limits {maxApiUsers, maxConcurrentRequests, requestsPerMinute, maxQueue, maxQueueWaitMs, windowMs}",
          "GET|POST /_sandbox/endpoints {name, version, published}",
          "POST /_sandbox/actions {durationMs}",
        ],
      });
    }
    if (a === "reset" && method === "POST") {
      deps.reset();
      Object.assign(deps.faults, structuredClone(NO_FAULTS));
      deps.limiter.reset();
      return ok({ reset: true });
    }
    if (a === "records" && b && method === "GET") {
      if (!deps.contract.topLevel.has(b)) return bad(`Unknown entity ${b}`, 404);
      const expand = fullExpand(deps.contract, b);
      return ok(listRecords(store, b).map((r, i) => serializeRecord(deps.contract, b, r, { expand, select: null, rowNumber: i + 1 })));
    }
    if (a === "sales-orders" && !b && method === "GET") {
      const ext = query.get("externalRef");
      const co = query.get("customerOrder");
      const expand = fullExpand(deps.contract, "SalesOrder");
      const rows = listRecords(store, "SalesOrder").filter((o) => (!ext || o.ExternalRef === ext) && (!co || o.CustomerOrder === co));
      return ok(rows.map((r, i) => serializeRecord(deps.contract, "SalesOrder", r, { expand, select: null, rowNumber: i + 1 })));
    }
    if (a === "sales-orders" && b && c && d === "ship" && method === "POST") return ship(b, c, body as ShipRequest);
    if (a === "shipments" && b && c === "confirm" && method === "POST") {
      const s = findByKeys(store, "Shipment", { ShipmentNbr: b });
      if (!s) return bad(`Shipment ${b} not found`, 404);
      try {
        if (s.Status === "On Hold") s.Status = "Open";
        s.Hold = false;
        confirmShipment(store, s);
      } catch (err) {
        if (err instanceof BusinessError) return bad(err.message, 409);
        throw err;
      }
      return ok(summarizeShipment(s));
    }
    if (a === "shipments" && b && c === "packages" && d && method === "POST") {
      // A tracking correction made in Acumatica's UI (Correct Shipment, edit the package, Confirm again).
      const s = findByKeys(store, "Shipment", { ShipmentNbr: b });
      if (!s) return bad(`Shipment ${b} not found`, 404);
      const pkg = lines(s, "Packages").find((p) => String(p.LineNbr) === d);
      if (!pkg) return bad(`Shipment ${b} has no package ${d}`, 404);
      pkg.TrackingNbr = str(body.trackingNbr);
      s.LastModifiedDateTime = store.now();
      return ok(summarizeShipment(s));
    }
    if (a === "sales-orders" && b && c && d === "status" && method === "POST") {
      const order = findByKeys(store, "SalesOrder", { OrderType: b, OrderNbr: c });
      if (!order) return bad(`Sales order ${b} ${c} not found`, 404);
      const status = str(body.status);
      if (!ORDER_STATUSES.includes(status)) return bad(`status must be one of ${ORDER_STATUSES.join(", ")}`);
      order.Status = status;
      order.Hold = status === "On Hold";
      order.LastModified = store.now();
      return ok({ orderType: order.OrderType, orderNbr: order.OrderNbr, status });
    }
    if (a === "order-types") return orderTypes(method, b, body);
    if (a === "stock" && method === "POST") return setStock(body);
    if (a === "items" && !b && method === "POST") return putItem(store, body);
    if (a === "items" && b === "bulk" && method === "POST") return putItemsInBulk(store, body);
    if (a === "faults") {
      if (method === "DELETE") Object.assign(deps.faults, structuredClone(NO_FAULTS));
      if (method === "POST") {
        const f = body as Partial<Faults>;
        if (f.latencyMs !== undefined) deps.faults.latencyMs = num(f.latencyMs);
        if (f.errorRate !== undefined) deps.faults.errorRate = num(f.errorRate);
        if (f.errorStatus !== undefined) deps.faults.errorStatus = num(f.errorStatus);
        if (Array.isArray(f.next)) deps.faults.next.push(...f.next);
        if (f.processing !== undefined) {
          const rules = parseProcessing(f.processing);
          if (typeof rules === "string") return bad(rules);
          deps.faults.processing = rules;
        }
      }
      return ok(deps.faults);
    }
    if (a === "tokens" && b === "expire" && method === "POST") {
      deps.identity.expireAccessTokens();
      if (body.refresh === true) deps.identity.expireRefreshChains();
      return ok({ expired: true });
    }
    if (a === "sessions" && !b && method === "GET") return ok({ open: deps.identity.openSessions().length, sessions: deps.identity.openSessions() });
    if (a === "sessions" && b === "close" && method === "POST") {
      deps.identity.closeAllSessions();
      return ok({ closed: true });
    }
    if (a === "limits") {
      if (method === "POST") deps.limiter.setLimits(body as Partial<LicenseLimits>);
      return ok({ limits: deps.limiter.limits(), stats: deps.limiter.stats() });
    }
    if (a === "endpoints") {
      if (method === "POST") {
        const name = str(body.name);
        const version = str(body.version);
        const existing = deps.endpoints.find((e) => e.name === name && e.version === version);
        if (existing) existing.published = body.published !== false;
        else if (name && version) deps.endpoints.push({ name, version, published: body.published !== false });
      }
      return ok(deps.endpoints);
    }
    if (a === "actions" && method === "POST") {
      deps.actions.durationMs = num(body.durationMs);
      return ok(deps.actions);
    }
    return bad("Unknown operator route", 404);
  };
}
