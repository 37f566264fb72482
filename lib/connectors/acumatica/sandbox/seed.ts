import { CUSTOMERS, ORDER_TYPES, PAYMENT_METHODS, SHIP_VIAS, STOCK_ITEMS, TAXES, TAX_ZONES, WAREHOUSES } from "../fixtures";
import type { StockItemFixture } from "../fixtures";
import type { Rec } from "./entity-json";
import { putOrderType } from "./order-types";
import type { Store } from "./store";
import { insertRecord, newId } from "./store";
import { seedTemplateItems } from "./templates";

const withIds = <T extends object>(o: T): Rec => ({ id: newId(), ...o });

/** Seeded records carry past timestamps (one second apart, two days ago) so "modified since now" cursors start empty. */
function createSeedClock(): () => number {
  let t = Date.now() - 2 * 86_400_000;
  return () => (t += 1000);
}

export function buildStockItem(store: Store, f: StockItemFixture, clock: () => number = () => store.now()): Rec {
  const now = clock();
  return {
    id: newId(),
    InventoryID: f.InventoryID,
    Description: f.Description,
    ItemClass: f.ItemClass,
    ItemStatus: f.ItemStatus,
    ItemType: "Finished Good",
    DefaultPrice: f.DefaultPrice,
    MSRP: f.MSRP,
    BaseUOM: f.BaseUOM,
    SalesUOM: f.BaseUOM,
    PurchaseUOM: f.BaseUOM,
    DefaultWarehouseID: f.DefaultWarehouseID,
    DimensionWeight: f.DimensionWeight,
    WeightUOM: f.WeightUOM,
    TemplateItemID: f.TemplateItemID ?? null,
    ValuationMethod: "Average",
    LotSerialClass: "NOTTRACKED",
    PostingClass: "DEFAULT",
    TaxCategory: "TAXABLE",
    IsAKit: false,
    LastModified: now,
    LastModifiedDateTime: now,
    NoteID: newId(),
    WarehouseDetails: Object.entries(f.Stock).map(([WarehouseID, QtyOnHand]) => ({
      id: newId(),
      WarehouseID,
      QtyOnHand,
      IsDefault: WarehouseID === f.DefaultWarehouseID,
      Status: "Active",
      DefaultIssueLocationID: "MAIN",
      DefaultReceiptLocationID: "MAIN",
      ReplenishmentSource: "Purchase",
    })),
    CrossReferences: [
      { id: newId(), AlternateID: f.Barcode, AlternateType: "Barcode", Description: "UPC", UOM: f.BaseUOM },
      { id: newId(), AlternateID: f.InventoryID, AlternateType: "Global", Description: "Channel SKU", UOM: f.BaseUOM },
    ],
    Attributes: Object.entries(f.Attributes ?? {}).map(([AttributeID, Value]) => ({ id: newId(), AttributeID, Value, Required: false })),
  };
}

/** Fills an empty store with the fixtures. */
export function seedStore(store: Store): void {
  const clock = createSeedClock();
  for (const t of ORDER_TYPES) putOrderType(store, t);
  for (const t of TAXES) {
    const now = clock();
    insertRecord(store, "Tax", { ...withIds(t), CreatedDateTime: now, LastModifiedDateTime: now });
  }
  for (const z of TAX_ZONES) {
    const now = clock();
    insertRecord(store, "TaxZone", { ...withIds({ TaxZoneID: z.TaxZoneID, Description: z.Description }), ApplicableTaxes: z.ApplicableTaxes.map((TaxID) => withIds({ TaxID })), CreatedDateTime: now, LastModifiedDateTime: now });
  }
  for (const w of WAREHOUSES) {
    insertRecord(store, "Warehouse", { ...withIds({ ...w, Locations: w.Locations.map(withIds) }), LastModifiedDateTime: clock() });
  }
  for (const s of SHIP_VIAS) insertRecord(store, "ShipVia", withIds(s));
  for (const p of PAYMENT_METHODS) {
    const now = clock();
    insertRecord(store, "PaymentMethod", { ...withIds(p), CreatedDateTime: now, LastModifiedDateTime: now });
  }
  for (const c of CUSTOMERS) {
    const now = clock();
    insertRecord(store, "Customer", {
      id: newId(),
      CustomerID: c.CustomerID,
      CustomerName: c.CustomerName,
      CustomerClass: c.CustomerClass,
      Status: c.Status,
      Email: c.Email,
      ShipVia: c.ShipVia,
      CurrencyID: "USD",
      Terms: "30D",
      LocationName: "Primary Location",
      MainContact: { id: newId(), Email: c.Email, DisplayName: c.CustomerName, Address: withIds(c.Address) },
      CreatedDateTime: now,
      LastModifiedDateTime: now,
      NoteID: newId(),
    });
  }
  for (const f of STOCK_ITEMS) insertRecord(store, "StockItem", buildStockItem(store, f, clock));
  seedTemplateItems(store, clock);
}
