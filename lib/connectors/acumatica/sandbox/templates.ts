import type { TemplateItemFixture } from "../fixtures";
import { TEMPLATE_ITEMS } from "../fixtures";
import type { EntityBehaviour } from "./behaviour";
import type { Rec } from "./entity-json";
import { str } from "./rules";
import type { Store } from "./store";
import { findByKeys, insertRecord, keyOf, listRecords, newId } from "./store";

/**
 * The item master beyond plain stock items: matrix templates (Template Items,
 * IN203000, the `TemplateItems` entity, whose `Matrix` lists the variants). A
 * template is not a stock item; each variant is one, naming its template in
 * `TemplateItemID`.
 */
export const STAMPS = ["LastModified", "LastModifiedDateTime"];

export const TEMPLATE_ITEMS_BEHAVIOUR: EntityBehaviour = {
  keys: ["InventoryID"],
  displayName: "Template Item",
  modifiedFields: STAMPS,
  readOnly: [...STAMPS, "Matrix"],
  prepare({ isNew }, rec) {
    if (!str(rec.InventoryID)) return [{ path: ["InventoryID"], message: "'Inventory ID' cannot be empty." }];
    if (isNew) {
      rec.ItemStatus ??= "Active";
      rec.IsStockItem ??= true;
      rec.BaseUOM ??= "EA";
      rec.Matrix = [];
    }
    return [];
  },
};

export function buildTemplateItem(store: Store, f: TemplateItemFixture, clock: () => number = () => store.now()): Rec {
  const now = clock();
  return {
    id: newId(),
    InventoryID: f.InventoryID,
    Description: f.Description,
    ItemClass: f.ItemClass,
    ItemStatus: f.ItemStatus,
    IsStockItem: true,
    DefaultPrice: f.DefaultPrice,
    MSRP: f.DefaultPrice,
    BaseUOM: "EA",
    SalesUOM: "EA",
    DimensionWeight: f.DimensionWeight,
    WeightUOM: f.WeightUOM,
    LastModified: now,
    LastModifiedDateTime: now,
    Attributes: [],
    Matrix: [],
  };
}

/** Rewrites a template's Matrix from the stock items that name it (what the Matrix Items tab shows). */
export function refreshMatrix(store: Store, templateId: string): void {
  const template = findByKeys(store, "TemplateItems", { InventoryID: templateId });
  if (!template) return;
  template.Matrix = listRecords(store, "StockItem")
    .filter((i) => keyOf(i.TemplateItemID) === keyOf(templateId))
    .map((i) => ({ id: newId(), InventoryID: i.InventoryID, Description: i.Description, ItemStatus: i.ItemStatus, DefaultPrice: i.DefaultPrice, MSRP: i.MSRP }));
}

export function seedTemplateItems(store: Store, clock: () => number): void {
  for (const f of TEMPLATE_ITEMS) {
    insertRecord(store, "TemplateItems", buildTemplateItem(store, f, clock));
    refreshMatrix(store, f.InventoryID);
  }
}

