import type { Contract } from "./contract";
import type { PathTree, Rec } from "./entity-json";
import { serializeRecord } from "./entity-json";
import type { HttpAnswer, Identity } from "./identity";
import type { LicenseLimits, RequestLimiter } from "./limits";
import { buildStockItem } from "./seed";
import { BusinessError, changeOnHand, lines, num, str } from "./rules";
import { confirmShipment, createShipmentForOrder, recalculateShipment } from "./shipment";
import type { ShipmentLineRequest } from "./shipment";
import type { Store } from "./store";
import { findByKeys, listRecords, newId } from "./store";

/** Faults injected into `/entity/…` requests. */
export interface Faults {
  latencyMs: number;
  /** Probability (0–1) that a request fails with `errorStatus`. */
  errorRate: number;
  errorStatus: number;
  /** One-shot faults consumed by the next requests, in order. */
  /** drop: close the connection before processing; dropResponse: process, then close without answering (a client-side timeout after the ERP saved). */
  /** conflict: a 500 PXLockViolationException ("Another process has updated…"), as when a user edits the same document. */
  next: Array<{ status?: number; drop?: boolean; dropResponse?: boolean; conflict?: boolean; latencyMs?: number }>;
}

export const NO_FAULTS: Faults = { latencyMs: 0, errorRate: 0, errorStatus: 500, next: [] };

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
  packages?: Array<{ trackingNbr: string; boxId?: string; weight?: number; description?: string }>;
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
        shipment.Packages = pkgs.map((p, i) => ({ id: newId(), LineNbr: i + 1, TrackingNbr: p.trackingNbr, BoxID: p.boxId ?? "BOX", Weight: p.weight ?? 1, Description: p.description ?? null, Confirmed: false }));
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

  function addItem(body: Record<string, unknown>): HttpAnswer {
    const store = deps.store();
    const id = str(body.InventoryID ?? body.inventoryId);
    if (!id) return bad("InventoryID is required");
    if (findByKeys(store, "StockItem", { InventoryID: id })) return bad(`Stock item ${id} already exists`, 409);
    const price = num(body.DefaultPrice ?? body.price);
    const item = buildStockItem(store, {
      InventoryID: id,
      Description: str(body.Description ?? body.description) || id,
      ItemClass: str(body.ItemClass) || "DEFAULT",
      ItemStatus: (str(body.ItemStatus) || "Active") as "Active",
      DefaultPrice: price,
      MSRP: price,
      BaseUOM: "EA",
      DefaultWarehouseID: str(body.DefaultWarehouseID) || "WHOLESALE",
      DimensionWeight: num(body.DimensionWeight) || 0.5,
      WeightUOM: "LB",
      TemplateItemID: str(body.TemplateItemID) || undefined,
      Barcode: str(body.Barcode) || `0849${Date.now().toString().slice(-8)}`,
      Stock: (body.stock as Record<string, number> | undefined) ?? { WHOLESALE: 0 },
    });
    listRecords(store, "StockItem").push(item);
    return ok({ inventoryId: id, id: item.id });
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
          "POST /_sandbox/stock {inventoryId, warehouseId, qtyOnHand | delta}",
          "POST /_sandbox/items {InventoryID, Description, DefaultPrice, stock: {WAREHOUSE: qty}, ItemStatus?, TemplateItemID?}",
          "GET|POST /_sandbox/faults {latencyMs, errorRate, errorStatus, next: [{status?, drop?, dropResponse?, conflict?, latencyMs?}]}; DELETE clears",
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
    if (a === "stock" && method === "POST") return setStock(body);
    if (a === "items" && method === "POST") return addItem(body);
    if (a === "faults") {
      if (method === "DELETE") Object.assign(deps.faults, structuredClone(NO_FAULTS));
      if (method === "POST") {
        const f = body as Partial<Faults>;
        if (f.latencyMs !== undefined) deps.faults.latencyMs = num(f.latencyMs);
        if (f.errorRate !== undefined) deps.faults.errorRate = num(f.errorRate);
        if (f.errorStatus !== undefined) deps.faults.errorStatus = num(f.errorStatus);
        if (Array.isArray(f.next)) deps.faults.next.push(...f.next);
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
