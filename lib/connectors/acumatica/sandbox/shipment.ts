import type { EntityBehaviour } from "./behaviour";
import type { Patch, Rec } from "./entity-json";
import { isReceiptOrder } from "./order-types";
import type { FieldError } from "./rules";
import { BusinessError, cannotBeEmpty, changeOnHand, findSellableItem, lines, notFound, num, str } from "./rules";
import type { Store } from "./store";
import { findByKeys, listRecords, newId, nextNumber } from "./store";

export interface ShipmentLineRequest {
  /** Order line number; all open lines when the request lists none. */
  lineNbr: number;
  qty: number;
}

/** Quantity of an order line already on unconfirmed shipments. */
function qtyOnOpenShipments(store: Store, order: Rec, lineNbr: number): number {
  let total = 0;
  for (const s of listRecords(store, "Shipment")) {
    if (s.Status === "Confirmed" || s.Status === "Completed" || s.Status === "Canceled") continue;
    for (const d of lines(s, "Details")) {
      if (d.OrderType === order.OrderType && d.OrderNbr === order.OrderNbr && num(d.OrderLineNbr) === lineNbr) total += num(d.ShippedQty);
    }
  }
  return total;
}

function refreshOrderShipmentRows(store: Store, order: Rec): void {
  const rows: Rec[] = [];
  for (const s of listRecords(store, "Shipment")) {
    const mine = lines(s, "Details").filter((d) => d.OrderType === order.OrderType && d.OrderNbr === order.OrderNbr);
    if (mine.length === 0) continue;
    rows.push({
      id: newId(),
      ShipmentNbr: s.ShipmentNbr,
      ShipmentType: s.Type,
      ShipmentDate: s.ShipmentDate,
      Status: s.Status,
      ShippedQty: mine.reduce((t, d) => t + num(d.ShippedQty), 0),
      ShippedWeight: s.ShippedWeight,
      ShippedVolume: 0,
      InvoiceType: null,
      InvoiceNbr: null,
      InventoryDocType: s.Status === "Confirmed" ? "Issue" : null,
      InventoryRefNbr: null,
      LastModifiedDateTime: s.LastModifiedDateTime,
      OrderNoteID: order.NoteID ?? order.id,
      ShippingNoteID: s.id,
    });
  }
  order.Shipments = rows;
  for (const line of lines(order, "Details")) line.QtyOnShipments = qtyOnOpenShipments(store, order, num(line.LineNbr));
}

/** Sums, package count and the Orders rows of a shipment. */
export function recalculateShipment(store: Store, shipment: Rec): void {
  const details = lines(shipment, "Details");
  shipment.ShippedQty = details.reduce((t, d) => t + num(d.ShippedQty), 0);
  shipment.ControlQty ??= shipment.ShippedQty;
  const packages = lines(shipment, "Packages");
  packages.forEach((p, i) => {
    p.LineNbr ??= i + 1;
    p.Type ??= "Manual";
    p.UOM ??= "LB";
    p.Confirmed ??= false;
    p.BoxID ??= "BOX";
  });
  shipment.PackageCount = packages.length;
  shipment.PackageWeight = packages.reduce((t, p) => t + num(p.Weight), 0);
  shipment.ShippedWeight = details.reduce((t, d) => {
    const item = findByKeys(store, "StockItem", { InventoryID: str(d.InventoryID) });
    return t + num(item?.DimensionWeight) * num(d.ShippedQty);
  }, 0);
  const byOrder = new Map<string, Rec>();
  for (const d of details) {
    const key = `${str(d.OrderType)}|${str(d.OrderNbr)}`;
    const row = byOrder.get(key) ?? { id: newId(), OrderType: d.OrderType, OrderNbr: d.OrderNbr, ShipmentNbr: shipment.ShipmentNbr, ShipmentType: shipment.Type, ShippedQty: 0, ShippedWeight: 0, ShippedVolume: 0, InvoiceType: null, InvoiceNbr: null, InventoryDocType: null, InventoryRefNbr: null };
    row.ShippedQty = num(row.ShippedQty) + num(d.ShippedQty);
    byOrder.set(key, row);
  }
  shipment.Orders = [...byOrder.values()];
}

/** Shipment lines for an order's open quantities in one warehouse (all open lines, or the requested ones). */
export function buildShipmentDetails(store: Store, order: Rec, warehouse: string, wanted: ShipmentLineRequest[] | undefined, firstLineNbr = 1): Rec[] {
  const orderLines = lines(order, "Details");
  const requested = wanted ?? orderLines.map((l) => ({ lineNbr: num(l.LineNbr), qty: Number.POSITIVE_INFINITY }));
  const details: Rec[] = [];
  for (const w of requested) {
    const line = orderLines.find((l) => num(l.LineNbr) === w.lineNbr);
    if (!line) throw new BusinessError(`The order ${str(order.OrderNbr)} has no line ${w.lineNbr}.`);
    if (str(line.WarehouseID).toUpperCase() !== warehouse.toUpperCase()) continue;
    const available = num(line.OpenQty) - qtyOnOpenShipments(store, order, w.lineNbr);
    const qty = Math.min(available, w.qty);
    if (qty <= 0) continue;
    details.push({
      id: newId(),
      LineNbr: firstLineNbr + details.length,
      OrderType: order.OrderType,
      OrderNbr: order.OrderNbr,
      OrderLineNbr: line.LineNbr,
      InventoryID: line.InventoryID,
      Description: line.LineDescription,
      ShippedQty: qty,
      OrderedQty: line.OrderQty,
      OriginalQty: line.OrderQty,
      OpenQty: Math.max(0, num(line.OpenQty) - qty),
      UOM: line.UOM,
      WarehouseID: warehouse,
      LocationID: "MAIN",
      FreeItem: false,
    });
  }
  if (details.length === 0) throw new BusinessError(`The shipment cannot be created because the order ${str(order.OrderNbr)} has no lines to ship from the ${warehouse} warehouse.`);
  return details;
}

/**
 * Creates a shipment (or, for orders of an RC-like type, a receipt) with the order's open lines in one
 * warehouse, or the given lines/quantities. Moves the order to Shipping.
 */
export function createShipmentForOrder(
  store: Store,
  order: Rec,
  opts: { warehouseId?: string; date?: unknown; lines?: ShipmentLineRequest[]; hold?: boolean },
): Rec {
  const warehouse = opts.warehouseId ?? str(lines(order, "Details").find((l) => num(l.OpenQty) > 0)?.WarehouseID);
  if (!warehouse || !findByKeys(store, "Warehouse", { WarehouseID: warehouse })) throw new BusinessError(notFound("Warehouse"));
  const receipt = isReceiptOrder(store, order.OrderType);
  const details = buildShipmentDetails(store, order, warehouse, opts.lines);
  const now = store.now();
  const hold = opts.hold ?? false;
  const shipTo = order.ShipToAddress as Rec | undefined;
  const shipment: Rec = {
    id: newId(),
    ShipmentNbr: nextNumber(store, "Shipment", "", 6),
    Type: "Shipment",
    Operation: receipt ? "Receipt" : "Issue",
    Status: hold ? "On Hold" : "Open",
    Hold: hold,
    CustomerID: order.CustomerID,
    LocationID: order.LocationID ?? "MAIN",
    WarehouseID: warehouse,
    ShipmentDate: typeof opts.date === "number" ? opts.date : now,
    ShipVia: order.ShipVia ?? null,
    Description: `${str(order.OrderType)} ${str(order.OrderNbr)}`,
    Details: details,
    Packages: [],
    CreatedDateTime: now,
    LastModifiedDateTime: now,
    CurrencyID: "USD",
    Picked: false,
    ShippingSettings: { id: newId(), ShipToAddressOverride: false, ShipToContactOverride: false, ShipToAddress: shipTo ? { ...shipTo, id: newId() } : { id: newId() }, ShipToContact: { ...((order.ShipToContact as Rec | undefined) ?? {}), id: newId() } },
  };
  shipment.NoteID = shipment.id;
  recalculateShipment(store, shipment);
  listRecords(store, "Shipment").push(shipment);
  order.Status = "Shipping";
  order.LastModified = now;
  refreshOrderShipmentRows(store, order);
  return shipment;
}

function ordersOf(store: Store, shipment: Rec): Rec[] {
  const seen = new Map<string, Rec>();
  for (const d of lines(shipment, "Details")) {
    const order = findByKeys(store, "SalesOrder", { OrderType: d.OrderType, OrderNbr: d.OrderNbr });
    if (order) seen.set(order.id, order);
  }
  return [...seen.values()];
}

/** Confirms a shipment: moves stock, records shipped quantities, advances the orders' status. */
export function confirmShipment(store: Store, shipment: Rec): void {
  if (shipment.Status === "On Hold") throw new BusinessError(`The shipment ${str(shipment.ShipmentNbr)} is on hold and cannot be confirmed.`);
  if (shipment.Status !== "Open") throw new BusinessError(`The shipment ${str(shipment.ShipmentNbr)} has the ${str(shipment.Status)} status and cannot be confirmed.`);
  const receipt = shipment.Operation === "Receipt";
  for (const d of lines(shipment, "Details")) {
    const item = findSellableItem(store, str(d.InventoryID)) ?? findByKeys(store, "StockItem", { InventoryID: str(d.InventoryID) });
    if (item) changeOnHand(store, item, str(d.WarehouseID), receipt ? num(d.ShippedQty) : -num(d.ShippedQty));
  }
  const now = store.now();
  shipment.Status = "Confirmed";
  shipment.Picked = true;
  shipment.LastModifiedDateTime = now;
  for (const p of lines(shipment, "Packages")) p.Confirmed = true;
  for (const order of ordersOf(store, shipment)) {
    for (const d of lines(shipment, "Details")) {
      if (d.OrderNbr !== order.OrderNbr || d.OrderType !== order.OrderType) continue;
      const line = lines(order, "Details").find((l) => num(l.LineNbr) === num(d.OrderLineNbr));
      if (line) {
        line._shipped = num(line._shipped) + num(d.ShippedQty);
        line.OpenQty = Math.max(0, num(line.OrderQty) - num(line._shipped));
        line.Completed = num(line.OpenQty) === 0;
      }
    }
    const allShipped = lines(order, "Details").every((l) => num(l.OpenQty) === 0);
    const stillOpen = lines(order, "Details").some((l) => num(l.OpenQty) > 0 && qtyOnOpenShipments(store, order, num(l.LineNbr)) > 0);
    order.Status = allShipped ? "Completed" : stillOpen ? "Shipping" : "Back Order";
    order.LastModified = now;
    refreshOrderShipmentRows(store, order);
  }
}

/** PUT-created shipment: Details name orders (and optionally order lines); the order's open lines are pulled in. */
function prepareNewShipment(store: Store, request: Patch, shipment: Rec): FieldError[] {
  const errors: FieldError[] = [];
  const warehouse = str(shipment.WarehouseID);
  if (!warehouse) errors.push({ path: ["WarehouseID"], message: cannotBeEmpty("Warehouse") });
  else if (!findByKeys(store, "Warehouse", { WarehouseID: warehouse })) errors.push({ path: ["WarehouseID"], message: notFound("Warehouse") });
  const groups = new Map<string, { order: Rec; index: number; lines: ShipmentLineRequest[] | undefined }>();
  (request.details.get("Details") ?? []).forEach((line, i) => {
    const type = str(line.values.get("OrderType")) || "SO";
    const nbr = str(line.values.get("OrderNbr"));
    const order = nbr ? findByKeys(store, "SalesOrder", { OrderType: type, OrderNbr: nbr }) : undefined;
    if (!order) {
      errors.push({ path: ["Details", i, "OrderNbr"], message: nbr ? notFound("Order Nbr.") : cannotBeEmpty("Order Nbr.") });
      return;
    }
    if (!["Open", "Back Order", "Shipping"].includes(str(order.Status))) {
      errors.push({ path: ["Details", i, "OrderNbr"], message: `The ${type} ${nbr} order has the ${str(order.Status)} status and cannot be shipped.` });
      return;
    }
    if (shipment.CustomerID && str(shipment.CustomerID).toUpperCase() !== str(order.CustomerID).toUpperCase()) {
      errors.push({ path: ["Details", i, "OrderNbr"], message: `The ${type} ${nbr} order belongs to another customer.` });
      return;
    }
    const key = `${type}|${nbr}`;
    const group = groups.get(key) ?? { order, index: i, lines: [] };
    const lineNbr = line.values.get("OrderLineNbr");
    if (typeof lineNbr === "number") group.lines?.push({ lineNbr, qty: num(line.values.get("ShippedQty")) || Number.POSITIVE_INFINITY });
    else group.lines = undefined;
    groups.set(key, group);
  });
  if (groups.size === 0 && errors.length === 0) errors.push({ path: ["Details"], message: "The shipment has no lines." });
  if (errors.length > 0) return errors;
  const details: Rec[] = [];
  for (const g of groups.values()) {
    try {
      details.push(...buildShipmentDetails(store, g.order, warehouse, g.lines?.length ? g.lines : undefined, details.length + 1));
    } catch (err) {
      if (!(err instanceof BusinessError)) throw err;
      errors.push({ path: ["Details", g.index, "OrderNbr"], message: err.message });
    }
  }
  if (errors.length > 0) return errors;
  const first = [...groups.values()][0]?.order;
  const now = store.now();
  shipment.Details = details;
  shipment.CustomerID = first?.CustomerID ?? shipment.CustomerID;
  shipment.LocationID ??= first?.LocationID ?? "MAIN";
  shipment.Type ??= "Shipment";
  shipment.Operation = first && isReceiptOrder(store, first.OrderType) ? "Receipt" : "Issue";
  shipment.Hold ??= false;
  shipment.Status = shipment.Hold ? "On Hold" : "Open";
  shipment.ShipmentDate ??= now;
  shipment.ShipVia ??= first?.ShipVia ?? null;
  shipment.CreatedDateTime = now;
  shipment.CurrencyID = "USD";
  shipment.Picked = false;
  shipment.NoteID = shipment.id;
  shipment.Packages ??= [];
  recalculateShipment(store, shipment);
  return [];
}

function prepareShipment(ctx: Parameters<NonNullable<EntityBehaviour["prepare"]>>[0], shipment: Rec): FieldError[] {
  const { store, previous, request } = ctx;
  if (!previous) return prepareNewShipment(store, request, shipment);
  if (["Confirmed", "Completed", "Invoiced"].includes(str(previous.Status))) {
    const touched = request.values.size > 0 || request.details.size > 0 || request.linked.size > 0;
    if (touched) throw new BusinessError(`The shipment ${str(previous.ShipmentNbr)} has the ${str(previous.Status)} status and cannot be changed.`);
  }
  if (request.values.has("Hold")) {
    if (shipment.Hold === true && previous.Status === "Open") shipment.Status = "On Hold";
    else if (shipment.Hold === false && previous.Status === "On Hold") shipment.Status = "Open";
  }
  recalculateShipment(store, shipment);
  return [];
}

export const SHIPMENT: EntityBehaviour = {
  keys: ["ShipmentNbr"],
  displayName: "Shipment",
  readOnly: ["Status", "ShippedQty", "PackageCount", "Operation", "LastModifiedDateTime", "CreatedDateTime"],
  modifiedFields: ["LastModifiedDateTime"],
  numberedKey: "ShipmentNbr",
  assignNumber(store, rec) {
    if (!str(rec.ShipmentNbr) || rec.ShipmentNbr === "<NEW>") rec.ShipmentNbr = nextNumber(store, "Shipment", "", 6);
    for (const o of lines(rec, "Orders")) o.ShipmentNbr = rec.ShipmentNbr;
  },
  prepare: prepareShipment,
  afterSave(store, shipment) {
    for (const order of ordersOf(store, shipment)) {
      if (order.Status === "Open" || order.Status === "Back Order") order.Status = "Shipping";
      order.LastModified = store.now();
      refreshOrderShipmentRows(store, order);
    }
  },
  actions: {
    ConfirmShipment(store, shipment) {
      confirmShipment(store, shipment);
    },
    CorrectShipment(store, shipment) {
      if (shipment.Status !== "Confirmed") throw new BusinessError(`The shipment ${str(shipment.ShipmentNbr)} is not confirmed.`);
      const receipt = shipment.Operation === "Receipt";
      for (const d of lines(shipment, "Details")) {
        const item = findByKeys(store, "StockItem", { InventoryID: str(d.InventoryID) });
        if (item) changeOnHand(store, item, str(d.WarehouseID), receipt ? -num(d.ShippedQty) : num(d.ShippedQty));
      }
      shipment.Status = "Open";
      shipment.LastModifiedDateTime = store.now();
      for (const order of ordersOf(store, shipment)) {
        for (const d of lines(shipment, "Details")) {
          const line = lines(order, "Details").find((l) => num(l.LineNbr) === num(d.OrderLineNbr) && d.OrderNbr === order.OrderNbr);
          if (line) {
            line._shipped = Math.max(0, num(line._shipped) - num(d.ShippedQty));
            line.OpenQty = num(line.OrderQty) - num(line._shipped);
            line.Completed = false;
          }
        }
        order.Status = "Shipping";
        order.LastModified = store.now();
        refreshOrderShipmentRows(store, order);
      }
    },
    PrepareInvoice(_store, shipment) {
      if (shipment.Status !== "Confirmed") throw new BusinessError(`The shipment ${str(shipment.ShipmentNbr)} must be confirmed before it is invoiced.`);
    },
    UpdateIN() {
      /* Inventory is moved on confirmation in the sandbox. */
    },
  },
};
