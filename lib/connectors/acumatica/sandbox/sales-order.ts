import type { EntityBehaviour, SaveContext } from "./behaviour";
import type { Patch, Rec } from "./entity-json";
import type { FieldError } from "./rules";
import { BusinessError, cannotBeEmpty, findSellableItem, findWarehouse, lines, notFound, num, str, validateItemLines } from "./rules";
import { createShipmentForOrder } from "./shipment";
import type { Store } from "./store";
import { findByKeys, newId, nextNumber } from "./store";

/** Order types the sandbox models: SO (sales) and RC (return for credit: goods come back). */
const ORDER_TYPES: Record<string, { operation: "Issue" | "Receipt"; prefix: string }> = {
  SO: { operation: "Issue", prefix: "SO" },
  RC: { operation: "Receipt", prefix: "RC" },
};

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
  const operation = ORDER_TYPES[str(order.OrderType)]?.operation ?? "Issue";
  for (const line of details) {
    const item = findSellableItem(store, str(line.InventoryID)) ?? findByKeys(store, "StockItem", { InventoryID: str(line.InventoryID) });
    if (line.LineNbr === undefined || line.LineNbr === null) line.LineNbr = nextLine++;
    line.InventoryID = item?.InventoryID ?? line.InventoryID;
    line.LineDescription ??= item?.Description ?? null;
    line.UOM ??= item?.SalesUOM ?? "EA";
    line.WarehouseID ??= order.PreferredWarehouseID ?? item?.DefaultWarehouseID ?? null;
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
  totals.LineTotalAmount = round2(lineTotal);
  totals.DiscountTotal = round2(discountTotal);
  totals.Freight = freight;
  totals.TaxTotal = 0;
  totals.MiscTotalAmount = 0;
  totals.UnbilledQty = qty;
  const orderTotal = round2(lineTotal - discountTotal + freight);
  const paid = lines(order, "Payments").reduce((s, p) => s + num(p.AppliedToOrder), 0);
  totals.UnpaidBalance = round2(orderTotal - paid);
  totals.UnbilledAmount = orderTotal;
  order.Totals = totals;
  order.OrderTotal = orderTotal;
  order.OrderedQty = qty;
  order.TaxTotal = 0;
  order.ControlTotal ??= orderTotal;
}

function prepareSalesOrder(ctx: SaveContext, order: Rec): FieldError[] {
  const { store, request, isNew, previous } = ctx;
  const errors: FieldError[] = [];
  if (previous && LOCKED_STATUSES.has(str(previous.Status))) {
    throw new BusinessError(`The document cannot be modified because it has the ${str(previous.Status)} status.`);
  }
  const type = str(order.OrderType).toUpperCase();
  if (!ORDER_TYPES[type]) errors.push({ path: ["OrderType"], message: notFound("Order Type") });
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

  errors.push(...validateItemLines(store, request, lines(previous ?? { id: "" }, "Details"), "Details", { warehouseField: "WarehouseID", requireWarehouse: false, blockNoSales: type === "SO" }));
  (request.details.get("Payments") ?? []).forEach((p, i) => {
    const method = str(p.values.get("PaymentMethod"));
    if (method && !findByKeys(store, "PaymentMethod", { PaymentMethodID: method })) {
      errors.push({ path: ["Payments", i, "PaymentMethod"], message: notFound("Payment Method") });
    }
  });
  (request.details.get("Details") ?? []).forEach((l, i) => {
    if (!l.delete && num(l.values.get("OrderQty")) < 0) errors.push({ path: ["Details", i, "OrderQty"], message: "The value must be greater than or equal to 0." });
  });

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

function requireStatus(order: Rec, allowed: Set<string> | string[], action: string): void {
  const set = Array.isArray(allowed) ? new Set(allowed) : allowed;
  if (!set.has(str(order.Status))) {
    throw new BusinessError(`The ${action} action cannot be performed on the ${str(order.OrderType)} ${str(order.OrderNbr)} order because it has the ${str(order.Status)} status.`);
  }
}

function paramString(parameters: Patch | undefined, name: string): string {
  return str(parameters?.values.get(name));
}

export const SALES_ORDER: EntityBehaviour = {
  keys: ["OrderType", "OrderNbr"],
  displayName: "Sales Order",
  readOnly: ["Status", "OrderTotal", "OrderedQty", "TaxTotal", "Approved", "CreditHold", "LastModified", "CreatedDate", "NoteID", "BaseCurrencyID"],
  modifiedFields: ["LastModified"],
  assignNumber(store, rec) {
    const type = str(rec.OrderType).toUpperCase() || "SO";
    rec.OrderType = type;
    if (!str(rec.OrderNbr) || rec.OrderNbr === "<NEW>") rec.OrderNbr = nextNumber(store, `SO:${type}`, ORDER_TYPES[type]?.prefix ?? type, 6);
  },
  prepare: prepareSalesOrder,
  actions: {
    CancelSalesOrder(store, order) {
      requireStatus(order, CANCELABLE, "Cancel Order");
      if (lines(order, "Shipments").length > 0) throw new BusinessError("The order cannot be canceled because it has shipments.");
      order.Status = "Canceled";
      order.Hold = false;
      recalculateOrder(store, order);
    },
    ReopenSalesOrder(store, order) {
      requireStatus(order, ["Canceled", "Completed"], "Reopen Order");
      order.Status = "Open";
      recalculateOrder(store, order);
    },
    OpenSalesOrder(store, order) {
      requireStatus(order, ["Back Order"], "Open Order");
      order.Status = "Open";
    },
    ReleaseFromCreditHoldSalesOrder(_store, order) {
      requireStatus(order, ["Credit Hold"], "Release from Credit Hold");
      order.Status = "Open";
      order.CreditHold = false;
    },
    SalesOrderCreateShipment(store, order, parameters) {
      if (order.OrderType !== "SO") throw new BusinessError(`Use Create Receipt for orders of the ${str(order.OrderType)} type.`);
      requireStatus(order, ["Open", "Back Order"], "Create Shipment");
      createShipmentForOrder(store, order, { warehouseId: paramString(parameters, "WarehouseID") || undefined, date: parameters?.values.get("ShipmentDate") });
    },
    SalesOrderCreateReceipt(store, order, parameters) {
      if (order.OrderType !== "RC") throw new BusinessError(`Use Create Shipment for orders of the ${str(order.OrderType)} type.`);
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
