import type { Rec } from "./entity-json";
import type { HttpAnswer } from "./identity";
import { num, str } from "./rules";
import { buildStockItem } from "./seed";
import type { Store } from "./store";
import { findByKeys, insertRecord, listRecords, newId } from "./store";
import { buildTemplateItem, refreshMatrix, STAMPS } from "./templates";

/** The operator's controls over the item master: add or change an item or a template, add many at once. */
const ok = (json: unknown): HttpAnswer => ({ status: 200, json });
const bad = (message: string, status = 400): HttpAnswer => ({ status, json: { error: message } });

const ITEM_STATUSES = ["Active", "No Sales", "No Purchases", "No Request", "Inactive", "Marked for Deletion"];
const stamp = (store: Store, rec: Rec) => {
  const now = store.now();
  for (const f of STAMPS) rec[f] = now;
};
const attributesOf = (raw: unknown): Array<Record<string, unknown>> | undefined =>
  raw && typeof raw === "object" && !Array.isArray(raw)
    ? Object.entries(raw as Record<string, unknown>).map(([AttributeID, Value]) => ({ id: newId(), AttributeID, Value: str(Value), Required: false }))
    : undefined;

/**
 * `POST /_sandbox/items`: adds a stock item (or, with `isTemplate`, a matrix
 * template), or changes the named fields of an existing one — a change made
 * in Acumatica's UI, so its LastModified stamps move.
 */
export function putItem(store: Store, body: Record<string, unknown>): HttpAnswer {
  const id = str(body.InventoryID ?? body.inventoryId);
  if (!id) return bad("InventoryID is required");
  const status = body.ItemStatus === undefined ? undefined : str(body.ItemStatus);
  if (status !== undefined && !ITEM_STATUSES.includes(status)) return bad(`ItemStatus must be one of ${ITEM_STATUSES.join(", ")}`);
  const entity = body.isTemplate === true ? "TemplateItems" : "StockItem";
  const templateId = str(body.TemplateItemID);
  if (templateId && !findByKeys(store, "TemplateItems", { InventoryID: templateId })) return bad(`Template item ${templateId} not found; add it first with isTemplate: true`, 404);
  const existing = findByKeys(store, entity, { InventoryID: id });
  if (existing) {
    for (const f of ["Description", "ItemClass", "TemplateItemID", "WeightUOM"]) if (body[f] !== undefined) existing[f] = str(body[f]) || null;
    for (const f of ["DefaultPrice", "MSRP", "DimensionWeight"]) if (body[f] !== undefined) existing[f] = num(body[f]);
    if (status !== undefined) existing.ItemStatus = status;
    const attributes = attributesOf(body.Attributes);
    if (attributes) existing.Attributes = attributes;
    stamp(store, existing);
    for (const t of new Set([str(existing.TemplateItemID), entity === "TemplateItems" ? id : ""].filter(Boolean))) refreshMatrix(store, t);
    return ok({ inventoryId: existing.InventoryID, id: existing.id, created: false });
  }
  const price = num(body.DefaultPrice ?? body.price);
  if (entity === "TemplateItems") {
    const rec = buildTemplateItem(store, {
      InventoryID: id,
      Description: str(body.Description ?? body.description) || id,
      ItemClass: str(body.ItemClass) || "DEFAULT",
      ItemStatus: (status ?? "Active") as "Active",
      DefaultPrice: price,
      DimensionWeight: num(body.DimensionWeight) || 0.5,
      WeightUOM: str(body.WeightUOM) || "LB",
    });
    insertRecord(store, "TemplateItems", rec);
    refreshMatrix(store, id);
    return ok({ inventoryId: id, id: rec.id, created: true });
  }
  const item = buildStockItem(store, {
    InventoryID: id,
    Description: str(body.Description ?? body.description) || id,
    ItemClass: str(body.ItemClass) || "DEFAULT",
    ItemStatus: (status ?? "Active") as "Active",
    DefaultPrice: price,
    MSRP: price,
    BaseUOM: "EA",
    DefaultWarehouseID: str(body.DefaultWarehouseID) || "WHOLESALE",
    DimensionWeight: num(body.DimensionWeight) || 0.5,
    WeightUOM: str(body.WeightUOM) || "LB",
    TemplateItemID: templateId || undefined,
    Barcode: str(body.Barcode) || `0849${Date.now().toString().slice(-8)}`,
    Stock: (body.stock as Record<string, number> | undefined) ?? { WHOLESALE: 0 },
    Attributes: body.Attributes && typeof body.Attributes === "object" ? (Object.fromEntries(Object.entries(body.Attributes).map(([k, v]) => [k, str(v)])) as Record<string, string>) : undefined,
  });
  insertRecord(store, "StockItem", item);
  if (templateId) refreshMatrix(store, templateId);
  return ok({ inventoryId: id, id: item.id, created: true });
}

/**
 * `POST /_sandbox/items/bulk {count, prefix?, templateEvery?}`: adds `count`
 * stock items `<prefix>-000001`…, every `templateEvery`-th group of 10 as the
 * variants of a new template `<prefix>-T000001`… (catalog paging tests and the bench).
 */
export function putItemsInBulk(store: Store, body: Record<string, unknown>): HttpAnswer {
  const count = num(body.count);
  if (!Number.isInteger(count) || count < 1 || count > 100_000) return bad("count must be an integer from 1 to 100000");
  const prefix = str(body.prefix) || "BULK";
  if (!/^[A-Z0-9-]{1,15}$/.test(prefix)) return bad("prefix must be 1-15 capital letters, digits or dashes");
  const templateEvery = num(body.templateEvery);
  const start = listRecords(store, "StockItem").filter((i) => str(i.InventoryID).startsWith(`${prefix}-`)).length;
  let template = "";
  for (let i = 0; i < count; i++) {
    const n = start + i + 1;
    const group = Math.floor((n - 1) / 10);
    if (templateEvery > 0 && group % templateEvery === 0) {
      const tid = `${prefix}-T${String(group + 1).padStart(6, "0")}`;
      if (tid !== template) {
        template = tid;
        if (!findByKeys(store, "TemplateItems", { InventoryID: tid })) {
          insertRecord(store, "TemplateItems", buildTemplateItem(store, { InventoryID: tid, Description: `Bulk template ${group + 1}`, ItemClass: "BULK", ItemStatus: "Active", DefaultPrice: 10, DimensionWeight: 0.5, WeightUOM: "LB" }));
        }
      }
    } else template = "";
    const id = `${prefix}-${String(n).padStart(6, "0")}`;
    insertRecord(
      store,
      "StockItem",
      buildStockItem(store, {
        InventoryID: id,
        Description: `Bulk item ${n}`,
        ItemClass: "BULK",
        ItemStatus: "Active",
        DefaultPrice: 10 + (n % 90),
        MSRP: 12 + (n % 90),
        BaseUOM: "EA",
        DefaultWarehouseID: "WHOLESALE",
        DimensionWeight: 0.5,
        WeightUOM: "LB",
        TemplateItemID: template || undefined,
        Barcode: `08${String(n).padStart(10, "0")}`,
        Stock: { WHOLESALE: n % 50 },
        Attributes: template ? { SIZE: String((n - 1) % 10) } : undefined,
      }),
    );
  }
  const templates = new Set(listRecords(store, "StockItem").map((i) => str(i.TemplateItemID)).filter((t) => t.startsWith(`${prefix}-T`)));
  for (const t of templates) refreshMatrix(store, t);
  return ok({ created: count, total: listRecords(store, "StockItem").length });
}
