import type { Patch, Rec } from "./entity-json";
import { isIssueOrder } from "./order-types";
import type { Store } from "./store";
import { findByKeys, keyOf, listRecords } from "./store";

/** A field-level validation failure; `path` is relative to the request body (e.g. ["Details", 0, "InventoryID"]). */
export interface FieldError {
  path: Array<string | number>;
  message: string;
}

/** A business exception (PXException): 422 on save with the entity echoed, 500 HttpError from an action. */
export class BusinessError extends Error {
  constructor(
    message: string,
    readonly exceptionType = "PX.Data.PXException",
  ) {
    super(message);
  }
}

/** An action the workflow does not offer in the document's state (PX.Data.PXActionDisabledException). */
export class ActionDisabledError extends BusinessError {
  constructor(message: string) {
    super(message, "PX.Data.PXActionDisabledException");
  }
}

export const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
export const str = (v: unknown): string => (typeof v === "string" ? v : v === null || v === undefined ? "" : String(v));
export const lines = (rec: Rec, field: string): Rec[] => {
  const v = rec[field];
  if (!Array.isArray(v)) {
    const fresh: Rec[] = [];
    rec[field] = fresh;
    return fresh;
  }
  return v as Rec[];
};

export const notFound = (display: string) => `'${display}' cannot be found in the system.`;
export const cannotBeEmpty = (display: string) => `'${display}' cannot be empty.`;

/** Stock items a document line may use: existing, Active (the selector hides inactive items). */
export function findSellableItem(store: Store, inventoryId: string): Rec | undefined {
  const item = findByKeys(store, "StockItem", { InventoryID: inventoryId });
  if (!item || item.ItemStatus === "Inactive" || item.ItemStatus === "Marked for Deletion") return undefined;
  return item;
}

export function findWarehouse(store: Store, warehouseId: string): Rec | undefined {
  const w = findByKeys(store, "Warehouse", { WarehouseID: warehouseId });
  return w && w.Active !== false ? w : undefined;
}

/** Effective value of a detail-line field after the request (request value wins, else the stored line). */
export function effectiveLineValue(line: Patch, existing: Rec | undefined, field: string): unknown {
  return line.values.has(field) ? line.values.get(field) : existing?.[field];
}

/** Validates InventoryID / WarehouseID on every line the request touches. */
export function validateItemLines(
  store: Store,
  request: Patch,
  stored: Rec[],
  detailField: string,
  opts: { warehouseField: string; requireWarehouse: boolean; blockNoSales: boolean },
): FieldError[] {
  const errors: FieldError[] = [];
  (request.details.get(detailField) ?? []).forEach((line, i) => {
    if (line.delete) return;
    const existing = line.id ? stored.find((l) => l.id === line.id) : undefined;
    const inv = str(effectiveLineValue(line, existing, "InventoryID"));
    if (!inv) errors.push({ path: [detailField, i, "InventoryID"], message: cannotBeEmpty("Inventory ID") });
    else {
      const item = findSellableItem(store, inv);
      if (!item) errors.push({ path: [detailField, i, "InventoryID"], message: notFound("Inventory ID") });
      else if (opts.blockNoSales && item.ItemStatus === "No Sales") {
        errors.push({ path: [detailField, i, "InventoryID"], message: `The status of the '${item.InventoryID}' item is No Sales.` });
      }
    }
    const wh = str(effectiveLineValue(line, existing, opts.warehouseField));
    if (wh && !findWarehouse(store, wh)) errors.push({ path: [detailField, i, opts.warehouseField], message: notFound("Warehouse") });
    if (!wh && opts.requireWarehouse) errors.push({ path: [detailField, i, opts.warehouseField], message: cannotBeEmpty("Warehouse") });
  });
  return errors;
}

/** Quantity of an item reserved by open sales-order lines in a warehouse. */
export function allocatedQty(store: Store, inventoryId: string, warehouseId: string): number {
  let total = 0;
  for (const order of listRecords(store, "SalesOrder")) {
    if (!isIssueOrder(store, order.OrderType) || !["Open", "Back Order", "Shipping"].includes(str(order.Status))) continue;
    for (const line of lines(order, "Details")) {
      if (keyOf(line.InventoryID) !== keyOf(inventoryId)) continue;
      if (keyOf(line.WarehouseID) !== keyOf(warehouseId)) continue;
      total += Math.max(0, num(line.OpenQty));
    }
  }
  return total;
}

/** Changes on-hand stock of an item in a warehouse (creating the warehouse row when missing). */
export function changeOnHand(store: Store, item: Rec, warehouseId: string, delta: number): void {
  const details = lines(item, "WarehouseDetails");
  let row = details.find((d) => str(d.WarehouseID).toUpperCase() === warehouseId.toUpperCase());
  if (!row) {
    row = { id: crypto.randomUUID(), WarehouseID: warehouseId, QtyOnHand: 0, IsDefault: false, Status: "Active" };
    details.push(row);
  }
  row.QtyOnHand = num(row.QtyOnHand) + delta;
  item._qtyModified = store.now();
}
