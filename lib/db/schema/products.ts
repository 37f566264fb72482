import { boolean, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { connections } from "./connections";
import { users } from "./workspaces";
import { workspaces } from "./workspaces";

/**
 * The hub's product master: one row per master SKU (from Acumatica's item
 * master, or created when a merchant maps a channel SKU first). TikTok
 * seller SKUs must equal a master SKU exactly; where Acumatica uses another
 * InventoryID, the product's Acumatica Channel SKU holds it.
 */
export const products = pgTable(
  "products",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    sku: text("sku").notNull(),
    name: text("name").notNull().default(""),
    parentId: uuid("parent_id"),
    active: boolean("active").notNull().default(true),
    /** "acumatica" (pulled from the item master) or "manual". */
    source: text("source").notNull().default("manual"),
    /** A matrix template (its variants point at it with parentId). */
    isTemplate: boolean("is_template").notNull().default(false),
    description: text("description"),
    barcode: text("barcode"),
    price: numeric("price", { precision: 18, scale: 4 }),
    weight: numeric("weight", { precision: 18, scale: 4 }),
    weightUnit: text("weight_unit"),
    attributes: jsonb("attributes").$type<Record<string, string>>().notNull().default({}),
    /** Acumatica's LastModifiedDateTime of the item when last pulled. */
    erpModifiedAt: timestamp("erp_modified_at", { withTimezone: true }),
    erpSyncedAt: timestamp("erp_synced_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("products_sku_idx").on(t.workspaceId, t.sku), index("products_parent_idx").on(t.workspaceId, t.parentId)],
);

/** The TikTok Shop listing of a product per shop (pushed from the hub, US/UK only), with its TikTok ids. */
export const productListings = pgTable(
  "product_listings",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    tiktokProductId: text("tiktok_product_id"),
    tiktokSkuId: text("tiktok_sku_id"),
    status: text("status").notNull().default("pending"),
    contentHash: text("content_hash"),
    lastError: text("last_error"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.connectionId] }), index("product_listings_sku_idx").on(t.workspaceId, t.connectionId, t.tiktokSkuId)],
);

/** Warehouses: Acumatica's (pulled) or the hub's own (pushed to Acumatica). */
export const locations = pgTable(
  "locations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** The Acumatica WarehouseID. */
    code: text("code").notNull(),
    name: text("name").notNull().default(""),
    active: boolean("active").notNull().default(true),
    source: text("source").notNull().default("manual"),
    address: jsonb("address").$type<Record<string, string | null>>(),
    erpModifiedAt: timestamp("erp_modified_at", { withTimezone: true }),
    erpSyncedAt: timestamp("erp_synced_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("locations_code_idx").on(t.workspaceId, t.code)],
);

/** Hub location ↔ TikTok warehouse of a shop: where TikTok stock of that warehouse comes from. */
export const locationChannelWarehouses = pgTable(
  "location_channel_warehouses",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    tiktokWarehouseId: text("tiktok_warehouse_id").notNull(),
    tiktokWarehouseName: text("tiktok_warehouse_name").notNull().default(""),
    locationId: uuid("location_id").references(() => locations.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.tiktokWarehouseId] }), index("location_channel_warehouses_location_idx").on(t.workspaceId, t.locationId)],
);

/** Stock per product × location: from Acumatica (pull), or the hub's own figures (edits, CSV; push). */
export const inventoryLevels = pgTable(
  "inventory_levels",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    locationId: uuid("location_id")
      .notNull()
      .references(() => locations.id, { onDelete: "cascade" }),
    available: integer("available").notNull().default(0),
    onHand: integer("on_hand").notNull().default(0),
    /** "acumatica", "edit" or "csv". */
    source: text("source").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** When this quantity last reached TikTok Shop / Acumatica. */
    pushedToTiktokAt: timestamp("pushed_to_tiktok_at", { withTimezone: true }),
    pushedToErpAt: timestamp("pushed_to_erp_at", { withTimezone: true }),
    /** The quantity last sent, to send only changes. */
    pushedQuantity: integer("pushed_quantity"),
  },
  (t) => [primaryKey({ columns: [t.productId, t.locationId] }), index("inventory_levels_workspace_idx").on(t.workspaceId, t.locationId)],
);

/** Every change of a hub quantity: who, when, from what to what. */
export const inventoryChanges = pgTable(
  "inventory_changes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    locationId: uuid("location_id")
      .notNull()
      .references(() => locations.id, { onDelete: "cascade" }),
    before: integer("before"),
    after: integer("after").notNull(),
    source: text("source").notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("inventory_changes_product_idx").on(t.workspaceId, t.productId, t.at)],
);

/** Channel Options: the SKU a connector uses for a product when it differs from the master SKU (Acumatica row only). */
export const productChannelSkus = pgTable(
  "product_channel_skus",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    connector: text("connector").notNull(),
    channelSku: text("channel_sku").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.connector] }), index("product_channel_skus_lookup_idx").on(t.workspaceId, t.connector, t.channelSku)],
);

/**
 * What Acumatica said about an InventoryID the engine was about to send:
 * whether it exists and under which exact spelling (Acumatica matches keys
 * ignoring case and trailing spaces; the hub does not). Re-checked after a day.
 */
export const erpItemChecks = pgTable(
  "erp_item_checks",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    requested: text("requested").notNull(),
    /** The InventoryID as Acumatica spells it; null when no item answers. */
    canonical: text("canonical"),
    active: boolean("active").notNull().default(false),
    checkedAt: timestamp("checked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.requested] })],
);
