import type { EntityBehaviour } from "./behaviour";
import type { Rec } from "./entity-json";
import type { FieldError } from "./rules";
import { BusinessError, allocatedQty, cannotBeEmpty, changeOnHand, lines, notFound, num, str, validateItemLines } from "./rules";
import type { Store } from "./store";
import { findByKeys, listRecords, newId, nextNumber } from "./store";

export const INVENTORY_ADJUSTMENT: EntityBehaviour = {
  keys: ["ReferenceNbr"],
  displayName: "Adjustment",
  readOnly: ["Status", "TotalQty", "TotalCost", "LastModifiedDateTime"],
  modifiedFields: ["LastModifiedDateTime"],
  numberedKey: "ReferenceNbr",
  assignNumber(store, rec) {
    if (!str(rec.ReferenceNbr) || rec.ReferenceNbr === "<NEW>") rec.ReferenceNbr = nextNumber(store, "INAdjustment", "", 6);
  },
  prepare({ store, request, isNew, previous }, doc) {
    if (previous?.Status === "Released") throw new BusinessError(`The document ${str(previous.ReferenceNbr)} is released and cannot be changed.`);
    const errors: FieldError[] = validateItemLines(store, request, lines(previous ?? { id: "" }, "Details"), "Details", {
      warehouseField: "WarehouseID",
      requireWarehouse: true,
      blockNoSales: false,
    });
    if (isNew) {
      doc.Hold ??= false;
      doc.Date ??= store.now();
    }
    doc.Status = doc.Hold ? "On Hold" : "Balanced";
    for (const line of lines(doc, "Details")) {
      const item = findByKeys(store, "StockItem", { InventoryID: str(line.InventoryID) });
      line.UOM ??= item?.BaseUOM ?? "EA";
      line.LocationID ??= "MAIN";
      line.Qty ??= 0;
      line.ExtendedCost ??= 0;
    }
    doc.TotalQty = lines(doc, "Details").reduce((t, l) => t + num(l.Qty), 0);
    doc.TotalCost = lines(doc, "Details").reduce((t, l) => t + num(l.ExtendedCost), 0);
    return errors;
  },
  actions: {
    ReleaseAdjustment(store, doc) {
      if (doc.Status === "On Hold") throw new BusinessError(`The document ${str(doc.ReferenceNbr)} is on hold and cannot be released.`);
      if (doc.Status === "Released") throw new BusinessError(`The document ${str(doc.ReferenceNbr)} is already released.`);
      for (const line of lines(doc, "Details")) {
        const item = findByKeys(store, "StockItem", { InventoryID: str(line.InventoryID) });
        if (!item) throw new BusinessError(notFound("Inventory ID"));
        changeOnHand(store, item, str(line.WarehouseID), num(line.Qty));
      }
      doc.Status = "Released";
      doc.LastModifiedDateTime = store.now();
    },
  },
};

function summaryRows(store: Store, item: Rec, warehouseFilter: string): Rec[] {
  return lines(item, "WarehouseDetails")
    .filter((w) => !warehouseFilter || str(w.WarehouseID).toUpperCase() === warehouseFilter.toUpperCase())
    .map((w) => {
      const onHand = num(w.QtyOnHand);
      const available = onHand - allocatedQty(store, str(item.InventoryID), str(w.WarehouseID));
      return {
        id: newId(),
        WarehouseID: w.WarehouseID,
        LocationID: "MAIN",
        QtyOnHand: onHand,
        QtyAvailable: available,
        QtyAvailableForShipment: Math.max(0, Math.min(onHand, available)),
        QtyNotAvailable: 0,
        BaseUOM: item.BaseUOM,
        EstimatedUnitCost: Math.round(num(item.DefaultPrice) * 45) / 100,
        EstimatedTotalCost: Math.round(onHand * num(item.DefaultPrice) * 45) / 100,
        LotSerialNbr: null,
        Subitem: null,
        ExpirationDate: null,
      };
    });
}

/** Inventory Summary (IN401000): one item, rows per warehouse. */
export const INVENTORY_SUMMARY: EntityBehaviour = {
  keys: [],
  displayName: "Inventory Summary",
  inquiry(store, input) {
    const inv = str(input.InventoryID);
    if (!inv) return { result: input, errors: [{ path: ["InventoryID"], message: cannotBeEmpty("Inventory ID") }] };
    const item = findByKeys(store, "StockItem", { InventoryID: inv });
    if (!item) return { result: input, errors: [{ path: ["InventoryID"], message: notFound("Inventory ID") }] };
    const wh = str(input.WarehouseID);
    if (wh && !findByKeys(store, "Warehouse", { WarehouseID: wh })) return { result: input, errors: [{ path: ["WarehouseID"], message: notFound("Warehouse") }] };
    return { result: { ...input, InventoryID: item.InventoryID, Results: summaryRows(store, item, wh) }, errors: [] };
  },
};

/** Quantity available per item changed since a date (SO640590), no warehouse dimension. */
export const INVENTORY_QUANTITY_AVAILABLE: EntityBehaviour = {
  keys: [],
  displayName: "Inventory Quantity Available",
  inquiry(store, input) {
    const inv = str(input.InventoryID);
    const since = typeof input.LastModifiedDateTime === "number" ? input.LastModifiedDateTime : null;
    const results: Rec[] = [];
    for (const item of listRecords(store, "StockItem")) {
      if (inv && str(item.InventoryID).toUpperCase() !== inv.toUpperCase()) continue;
      // The item is at hand: its status is checked directly (a look-up per item would make the inquiry quadratic).
      if (item.ItemStatus === "Inactive" || item.ItemStatus === "Marked for Deletion") continue;
      const modified = num(item._qtyModified) || num(item.LastModifiedDateTime);
      if (since !== null && modified < since) continue;
      const available = summaryRows(store, item, "").reduce((t, r) => t + num(r.QtyAvailable), 0);
      results.push({ id: newId(), InventoryID: item.InventoryID, QtyAvailable: available, LastModifiedDateTime: modified });
    }
    return { result: { ...input, Results: results }, errors: [] };
  },
};
