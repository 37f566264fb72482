import type { EntityBehaviour } from "./behaviour";
import { INVENTORY_ADJUSTMENT, INVENTORY_QUANTITY_AVAILABLE, INVENTORY_SUMMARY } from "./inventory";
import { str } from "./rules";
import { SALES_ORDER } from "./sales-order";
import { SHIPMENT } from "./shipment";
import { TAX, TAX_ZONE } from "./tax";
import { TEMPLATE_ITEMS_BEHAVIOUR } from "./templates";

const stamp = ["LastModifiedDateTime"];

/** Entities the sandbox implements; any other contract entity answers as unsupported. */
export const BEHAVIOURS: Record<string, EntityBehaviour> = {
  SalesOrder: SALES_ORDER,
  Shipment: SHIPMENT,
  InventoryAdjustment: INVENTORY_ADJUSTMENT,
  InventorySummaryInquiry: INVENTORY_SUMMARY,
  InventoryQuantityAvailable: INVENTORY_QUANTITY_AVAILABLE,
  Customer: {
    keys: ["CustomerID"],
    displayName: "Customer",
    modifiedFields: stamp,
    readOnly: ["LastModifiedDateTime", "CreatedDateTime"],
    prepare({ store, isNew }, rec) {
      if (!str(rec.CustomerID)) return [{ path: ["CustomerID"], message: "'Customer ID' cannot be empty." }];
      if (isNew) {
        rec.Status ??= "Active";
        rec.CustomerClass ??= "DEFAULT";
        rec.CurrencyID ??= "USD";
        rec.CreatedDateTime = store.now();
      }
      return [];
    },
  },
  StockItem: {
    keys: ["InventoryID"],
    displayName: "Stock Item",
    modifiedFields: ["LastModified", "LastModifiedDateTime"],
    readOnly: ["LastModified", "LastModifiedDateTime"],
    prepare({ isNew }, rec) {
      if (!str(rec.InventoryID)) return [{ path: ["InventoryID"], message: "'Inventory ID' cannot be empty." }];
      if (isNew) {
        rec.ItemStatus ??= "Active";
        rec.BaseUOM ??= "EA";
        rec.SalesUOM ??= rec.BaseUOM;
        rec.DefaultWarehouseID ??= "WHOLESALE";
        rec.WarehouseDetails ??= [];
      }
      return [];
    },
  },
  TemplateItems: TEMPLATE_ITEMS_BEHAVIOUR,
  Warehouse: {
    keys: ["WarehouseID"],
    displayName: "Warehouse",
    modifiedFields: stamp,
    readOnly: ["LastModifiedDateTime"],
    prepare({ isNew }, rec) {
      if (isNew) {
        rec.Active ??= true;
        rec.Description ??= rec.WarehouseID;
        rec.Locations ??= [];
      }
      return [];
    },
  },
  ShipVia: { keys: ["CarrierID"], displayName: "Ship Via" },
  PaymentMethod: { keys: ["PaymentMethodID"], displayName: "Payment Method", modifiedFields: stamp },
  Tax: TAX,
  TaxZone: TAX_ZONE,
};
