import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { connections } from "./connections";
import { products } from "./products";
import { workspaces } from "./workspaces";

/**
 * An Acumatica item the inventory pull left out, and why ("excluded",
 * "not_in_catalog", "unmatched_tiktok", "unknown_warehouse"): a screen lists
 * them. Replaced per SKU each pull that reads it; a full resync replaces all.
 */
export const inventorySkips = pgTable(
  "inventory_skips",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    sku: text("sku").notNull(),
    reason: text("reason").notNull(),
    detail: text("detail").notNull().default(""),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.sku] }), index("inventory_skips_reason_idx").on(t.workspaceId, t.reason, t.sku)],
);

/**
 * The quantity last sent to one TikTok warehouse of one shop for a product
 * (several shops, or several TikTok warehouses, can draw on one hub location):
 * only a level that differs from it is sent again.
 */
export const inventoryTiktokPushes = pgTable(
  "inventory_tiktok_pushes",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    tiktokWarehouseId: text("tiktok_warehouse_id").notNull(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    pushedAt: timestamp("pushed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // Product before warehouse: the push joins on (shop, product) first, then picks the warehouse.
  (t) => [primaryKey({ columns: [t.connectionId, t.productId, t.tiktokWarehouseId] }), index("inventory_tiktok_pushes_product_idx").on(t.workspaceId, t.productId)],
);

export interface AdjustmentLine {
  productId: string;
  locationId: string;
  inventoryId: string;
  warehouseId: string;
  /** The hub's on hand to reach. */
  target: number;
  /** The hub level's updatedAt when the batch was planned: a level edited again after it is pushed again. */
  levelUpdatedAt: string;
  /** Target − Acumatica's on hand read just before the create (set when the lines are sent). */
  qty?: number;
}

/**
 * One Acumatica inventory adjustment the push sends: its stable ExternalRef
 * (the claim is the sync_bindings row of entity "inventory_adjustment" and
 * this id), and the exact lines, kept so a retry after a lost answer settles
 * the same document rather than planning a new one.
 */
export const inventoryAdjustmentBatches = pgTable(
  "inventory_adjustment_batches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    externalRef: text("external_ref").notNull(),
    lines: jsonb("lines").$type<AdjustmentLine[]>().notNull(),
    /** Acumatica's ReferenceNbr once created. */
    referenceNbr: text("reference_nbr"),
    releasedAt: timestamp("released_at", { withTimezone: true }),
    /** Set when the levels were marked pushed (the batch is finished). */
    doneAt: timestamp("done_at", { withTimezone: true }),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("inventory_adjustment_batches_ref_idx").on(t.workspaceId, t.externalRef), index("inventory_adjustment_batches_open_idx").on(t.workspaceId, t.doneAt)],
);
