import { boolean, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("products_sku_idx").on(t.workspaceId, t.sku), index("products_parent_idx").on(t.workspaceId, t.parentId)],
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
