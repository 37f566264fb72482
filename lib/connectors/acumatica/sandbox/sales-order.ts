import type { EntityBehaviour, SaveContext } from "./behaviour";
import type { Patch, Rec } from "./entity-json";
import { OPERATION_OF, behaviorOf, findActiveOrderType, isIssueOrder, isReceiptOrder } from "./order-types";
import type { FieldError } from "./rules";
import { ActionDisabledError, BusinessError, cannotBeEmpty, findSellableItem, findWarehouse, lines, notFound, num, str, validateItemLines } from "./rules";
import { createShipmentForOrder } from "./shipment";
import type { Store } from "./store";
import { findByKeys, keyOf, listRecords, newId, nextNumber } from "./store";
import { prepareOrderTaxes, taxTotalOf } from "./tax";

const LOCKED_STATUSES = new Set(["Completed", "Canceled"]);
const CANCELABLE = new Set(["On Hold", "Open", "Awaiting Payment", "Credit Hold"]);

const round2 = (n: number) => Math.round(n * 100) / 100;

function copyCustomerShipTo(customer: Rec | undefined): { address: Rec; contact: Rec } {
  const main = (customer?.MainContact ?? {}) as Rec;
  const address = (main.Address ?? {}) as Rec;
  return {
    address: {
      id: newId(),
      AddressLine1: address.AddressLine1 ?? null,
      AddressLine2: address.AddressLine2 ?? null,
      City: address.City ?? null,
      State: address.State ?? null,
      PostalCode: address.PostalCode ?? null,
      Country: address.Country ?? null,
      Validated: false,
    },
    contact: { id: newId(), Attention: null, BusinessName: customer?.CustomerName ?? null, Email: main.Email ?? null, Phone1: main.Phone1 ?? null },
  };
}

/** Recomputes line amounts, open quantities and document totals. */
export function recalculateOrder(store: Store, order: Rec): void {
  const details = lines(order, "Details");
  let lineTotal = 0;
  let discountTotal = 0;
  let qty = 0;
  // Like SOOrder.LineCntr: line numbers of deleted lines are never reused.
  let nextLine = Math.max(num(order._lineCntr), ...details.map((l) => num(l.LineNbr))) + 1;
  const behavior = behaviorOf(store, order.OrderType);
  const operation = behavior ? OPERATION_OF[behavior] : "Issue";
  for (const line of details) {
    const item = findSellableItem(store, str(line.InventoryID)) ?? findByKeys(store, "StockItem", { InventoryID: str(line.InventoryID) });
    if (line.LineNbr === undefined || line.LineNbr === null) line.LineNbr = nextLine++;
    // Keys come back as stored in the item (case and trailing spaces as entered on the item, not as sent).
    line.InventoryID = item?.InventoryID ?? line.InventoryID;
    line.LineDescription ??= item?.Description ?? null;
    line.UOM ??= item?.SalesUOM ?? "EA";
    line.WarehouseID ??= order.PreferredWarehouseID ?? item?.DefaultWarehouseID ?? null;
    line.WarehouseID = findWarehouse(store, str(line.WarehouseID))?.WarehouseID ?? line.WarehouseID;
    line.Operation ??= operation;
    line.LineType ??= "Goods for IN";
    line.OrderQty ??= 0;
    if (line.UnitPrice === undefined || line.UnitPrice === null) line.UnitPrice = num(item?.DefaultPrice);
    else line.ManualPrice ??= true;
    line.ManualPrice ??= false;
    const ext = round2(num(line.OrderQty) * num(line.UnitPrice));
    const discount = line.DiscountAmount !== undefined && line.DiscountAmount !== null ? num(line.DiscountAmount) : round2((ext * num(line.DiscountPercent)) / 100);
    line.ExtendedPrice = ext;
    line.DiscountAmount = discount;
    line.DiscountPercent = ext > 0 ? round2((discount / ext) * 100) : 0;
    line.Amount = round2(ext - discount);
    line.DiscountedUnitPrice = num(line.OrderQty) > 0 ? round2(num(line.Amount) / num(line.OrderQty)) : num(line.UnitPrice);
    line._shipped = num(line._shipped);
    line.OpenQty = order.Status === "Canceled" ? 0 : Math.max(0, num(line.OrderQty) - num(line._shipped));
    line.Completed = order.Status === "Canceled" || num(line.OpenQty) === 0;
    line.UnbilledAmount = line.Amount;
    line.NoteID ??= newId();
    lineTotal += num(line.Amount) + discount;
    discountTotal += discount;
    qty += num(line.OrderQty);
  }
  order._lineCntr = nextLine - 1;
  const totals = (order.Totals && typeof order.Totals === "object" ? order.Totals : { id: newId() }) as Rec;
  const freight = num(totals.Freight);
  const taxTotal = taxTotalOf(order, lineTotal - discountTotal);
  totals.LineTotalAmount = round2(lineTotal);
  totals.DiscountTotal = round2(discountTotal);
  totals.Freight = freight;
  totals.TaxTotal = taxTotal;
  totals.MiscTotalAmount = 0;
  totals.UnbilledQty = qty;
  const orderTotal = round2(lineTotal - discountTotal + freight + taxTotal);
  const paid = lines(order, "Payments").reduce((s, p) => s + num(p.AppliedToOrder), 0);
  totals.UnpaidBalance = round2(orderTotal - paid);
  totals.UnbilledAmount = orderTotal;
  order.Totals = totals;
  order.OrderTotal = orderTotal;
  order.OrderedQty = qty;
  order.TaxTotal = taxTotal;
  order.ControlTotal ??= orderTotal;
}

function prepareSalesOrder(ctx: SaveContext, order: Rec): FieldError[] {
  const { store, request, isNew, previous } = ctx;
  const errors: FieldError[] = [];
  if (previous && LOCKED_STATUSES.has(str(previous.Status))) {
    throw new BusinessError(`The document cannot be modified because it has the ${str(previous.Status)} status.`);
  }
  // The default order type of the Sales Orders preferences when none is sent.
  const type = keyOf(order.OrderType) || "SO";
  // An existing order keeps its type even if the type was deactivated since.
  if (isNew && !findActiveOrderType(store, type)) errors.push({ path: ["OrderType"], message: notFound("Order Type") });
  order.OrderType = type;

  const customerId = str(order.CustomerID);
  const customer = customerId ? findByKeys(store, "Customer", { CustomerID: customerId }) : undefined;
  if (!customerId) errors.push({ path: ["CustomerID"], message: cannotBeEmpty("Customer") });
  else if (!customer || customer.Status === "Inactive") errors.push({ path: ["CustomerID"], message: notFound("Customer") });
  else order.CustomerID = customer.CustomerID;

  if (isNew && (order.ShipVia === undefined || order.ShipVia === null)) order.ShipVia = customer?.ShipVia ?? null;
  const shipVia = str(order.ShipVia);
  if (shipVia) {
    const found = findByKeys(store, "ShipVia", { CarrierID: shipVia });
    if (!found) errors.push({ path: ["ShipVia"], message: notFound("Ship Via") });
    else order.ShipVia = found.CarrierID;
  }
  const pm = str(order.PaymentMethod);
  if (pm) {
    const found = findByKeys(store, "PaymentMethod", { PaymentMethodID: pm });
    if (!found || found.Active === false) errors.push({ path: ["PaymentMethod"], message: notFound("Payment Method") });
    else order.PaymentMethod = found.PaymentMethodID;
  }
  const preferred = str(order.PreferredWarehouseID);
  if (preferred && !findWarehouse(store, preferred)) errors.push({ path: ["PreferredWarehouseID"], message: notFound("Preferred Warehouse") });

  errors.push(...validateItemLines(store, request, lines(previous ?? { id: "" }, "Details"), "Details", { warehouseField: "WarehouseID", requireWarehouse: false, blockNoSales: isIssueOrder(store, type) }));
  (request.details.get("Payments") ?? []).forEach((p, i) => {
    const method = str(p.values.get("PaymentMethod"));
    if (method && !findByKeys(store, "PaymentMethod", { PaymentMethodID: method })) {
      errors.push({ path: ["Payments", i, "PaymentMethod"], message: notFound("Payment Method") });
    }
  });
  (request.details.get("Details") ?? []).forEach((l, i) => {
    if (!l.delete && num(l.values.get("OrderQty")) < 0) errors.push({ path: ["Details", i, "OrderQty"], message: "The value must be greater than or equal to 0." });
  });

  errors.push(...validateOriginalOrder(store, request, order));
  errors.push(...prepareOrderTaxes(ctx, order, customer));

  // Ship-to values are kept only with the override flag; otherwise the customer's defaults win (a classic "200 but not saved").
  const defaults = copyCustomerShipTo(customer);
  if (order.ShipToAddressOverride !== true) order.ShipToAddress = defaults.address;
  if (order.ShipToContactOverride !== true) order.ShipToContact = defaults.contact;
  order.ShipToAddressOverride ??= false;
  order.ShipToContactOverride ??= false;

  const now = store.now();
  if (isNew) {
    order.Hold ??= false;
    // A customer on credit hold puts new orders on Credit Hold until released.
    const creditHold = !order.Hold && customer?.Status === "Hold";
    order.Status = order.Hold ? "On Hold" : creditHold ? "Credit Hold" : "Open";
    order.Date ??= now;
    order.RequestedOn ??= order.Date;
    order.CreatedDate = now;
    order.CurrencyID ??= "USD";
    order.BaseCurrencyID = "USD";
    order.LocationID ??= "MAIN";
    order.Approved = true;
    order.CreditHold = creditHold;
    order.NoteID = order.id;
    order.ExternalRef ??= null;
    order.CustomerOrder ??= null;
    order.Description ??= null;
    order.PaymentMethod ??= null;
    order.Branch = "HEADOFFICE";
  } else if (previous && request.values.has("Hold") && request.values.get("Hold") !== previous.Hold) {
    if (order.Hold === true && ["Open", "Back Order"].includes(str(previous.Status))) order.Status = "On Hold";
    else if (order.Hold === false && previous.Status === "On Hold") order.Status = "Open";
    else order.Hold = previous.Hold;
  }
  for (const p of lines(order, "Payments")) {
    p.DocType ??= "Payment";
    p.ReferenceNbr ??= nextNumber(store, "ARPayment", "", 6);
    p.Status ??= "Balanced";
    p.AppliedToOrder ??= p.PaymentAmount ?? 0;
    p.ApplicationDate ??= now;
    p.Currency ??= "USD";
    p.LastModifiedDateTime = now;
  }
  if (errors.length === 0) recalculateOrder(store, order);
  return errors;
}

/** Workflow check of an action: unavailable in the order's current state (PXActionDisabledException's workflow text). */
function requireStatus(order: Rec, allowed: Set<string> | string[], action: string): void {
  const set = Array.isArray(allowed) ? new Set(allowed) : allowed;
  if (!set.has(str(order.Status))) throw new ActionDisabledError(`The ${action} action is unavailable in the ${str(order.Status)} state.`);
}

/** FinancialSettings.OriginalOrderType/OriginalOrderNbr: the order a return comes from, of the same customer. */
function validateOriginalOrder(store: Store, request: Patch, order: Rec): FieldError[] {
  const sent = request.linked.get("FinancialSettings");
  if (!sent || (!sent.values.has("OriginalOrderType") && !sent.values.has("OriginalOrderNbr"))) return [];
  const fin = order.FinancialSettings as Rec;
  const origType = str(fin.OriginalOrderType);
  const origNbr = str(fin.OriginalOrderNbr);
  if (!origType && !origNbr) return [];
  if (!origType) return [{ path: ["FinancialSettings", "OriginalOrderType"], message: cannotBeEmpty("Orig. Order Type") }];
  if (!store.orderTypes.has(keyOf(origType))) return [{ path: ["FinancialSettings", "OriginalOrderType"], message: notFound("Orig. Order Type") }];
  fin.OriginalOrderType = keyOf(origType);
  if (!origNbr) return [];
  const original = findByKeys(store, "SalesOrder", { OrderType: origType, OrderNbr: origNbr });
  if (!original || keyOf(original.CustomerID) !== keyOf(order.CustomerID)) return [{ path: ["FinancialSettings", "OriginalOrderNbr"], message: notFound("Orig. Order Nbr.") }];
  fin.OriginalOrderNbr = original.OrderNbr;
  return [];
}

/** Unconfirmed shipments of an order (SOOrderShipment.Confirmed = false). */
function openShipmentNbrs(store: Store, order: Rec): string[] {
  return listRecords(store, "Shipment")
    .filter((s) => !["Confirmed", "Completed", "Invoiced", "Canceled"].includes(str(s.Status)))
    .filter((s) => lines(s, "Details").some((d) => d.OrderType === order.OrderType && d.OrderNbr === order.OrderNbr))
    .map((s) => str(s.ShipmentNbr));
}

function paramString(parameters: Patch | undefined, name: string): string {
  return str(parameters?.values.get(name));
}

/**
 * An order's lines reserve stock: saving, canceling or reopening it changes its items' availability, so
 * InventoryQuantityAvailable reports them as changed (the spec leaves the inquiry's date semantics UNCONFIRMED;
 * the sandbox reads it as "availability changed since").
 */
function touchAvailability(store: Store, order: Rec): void {
  for (const line of lines(order, "Details")) {
    const item = findByKeys(store, "StockItem", { InventoryID: str(line.InventoryID) });
    if (item) item._qtyModified = store.now();
  }
}

export const SALES_ORDER: EntityBehaviour = {
  keys: ["OrderType", "OrderNbr"],
  displayName: "Sales Order",
  readOnly: ["Status", "OrderTotal", "OrderedQty", "TaxTotal", "Approved", "CreditHold", "LastModified", "CreatedDate", "NoteID", "BaseCurrencyID"],
  modifiedFields: ["LastModified"],
  numberedKey: "OrderNbr",
  assignNumber(store, rec) {
    const type = str(rec.OrderType);
    if (!str(rec.OrderNbr) || rec.OrderNbr === "<NEW>") rec.OrderNbr = nextNumber(store, `SO:${type}`, store.orderTypes.get(type)?.NumberingPrefix ?? type, 6);
    for (const t of lines(rec, "TaxDetails")) t.OrderNbr = rec.OrderNbr;
  },
  prepare: prepareSalesOrder,
  afterSave: touchAvailability,
  actions: {
    CancelSalesOrder(store, order) {
      requireStatus(order, CANCELABLE, "Cancel Order");
      // SOOrderEntry's check, with its arguments in the order Acumatica passes them (number, then type).
      const open = openShipmentNbrs(store, order)[0];
      if (open) throw new BusinessError(`The ${str(order.OrderNbr)} ${str(order.OrderType)} sales order cannot be cancelled because it already has the open ${open} shipment.`);
      order.Status = "Canceled";
      order.Hold = false;
      recalculateOrder(store, order);
      touchAvailability(store, order);
    },
    ReopenSalesOrder(store, order) {
      requireStatus(order, ["Canceled", "Completed"], "Reopen Order");
      order.Status = "Open";
      recalculateOrder(store, order);
      touchAvailability(store, order);
    },
    OpenSalesOrder(store, order) {
      requireStatus(order, ["Back Order"], "Open Order");
      order.Status = "Open";
    },
    ReleaseFromCreditHoldSalesOrder(_store, order) {
      requireStatus(order, ["Credit Hold"], "Remove Credit Hold");
      order.Status = "Open";
      order.CreditHold = false;
    },
    SalesOrderCreateShipment(store, order, parameters) {
      if (!isIssueOrder(store, order.OrderType)) throw new ActionDisabledError("The Create Shipment button is disabled.");
      requireStatus(order, ["Open", "Back Order"], "Create Shipment");
      createShipmentForOrder(store, order, { warehouseId: paramString(parameters, "WarehouseID") || undefined, date: parameters?.values.get("ShipmentDate") });
    },
    SalesOrderCreateReceipt(store, order, parameters) {
      if (!isReceiptOrder(store, order.OrderType)) throw new ActionDisabledError("The Create Receipt button is disabled.");
      requireStatus(order, ["Open", "Back Order"], "Create Receipt");
      createShipmentForOrder(store, order, { warehouseId: paramString(parameters, "WarehouseID") || undefined, date: parameters?.values.get("ShipmentDate") });
    },
    PrepareSalesInvoice(_store, order) {
      requireStatus(order, ["Completed", "Shipping", "Back Order"], "Prepare Invoice");
    },
    AutoRecalculateDiscounts(store, order) {
      recalculateOrder(store, order);
    },
    RecalculatePricesDiscounts(store, order) {
      recalculateOrder(store, order);
    },
  },
};
