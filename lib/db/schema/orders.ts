import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { connections } from "./connections";
import { workspaces } from "./workspaces";

/**
 * The hub's orders: one row per channel order (a TikTok Shop order), in the
 * channel-neutral shape of lib/orders/types.ts. Money is numeric (decimal
 * strings in code, never floats); TikTok ids stay strings.
 */
export const ORDER_STATUSES = [
  "awaitingPayment",
  "onHold",
  "readyForFulfillment",
  "sentToFulfillment",
  "partialFulfillment",
  "fulfilled",
  "canceled",
  "refunded",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const money = (name: string) => numeric(name, { precision: 18, scale: 4 }).notNull().default("0");

export const orders = pgTable(
  "orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** The source: a TikTok shop connection. Kept when the shop is disconnected (the order stays). */
    connectionId: uuid("connection_id").references(() => connections.id, { onDelete: "set null" }),
    channel: text("channel").notNull().default("tiktok_shop"),
    shopId: text("shop_id").notNull(),
    externalId: text("external_id").notNull(),
    status: text("status").$type<OrderStatus>().notNull(),
    channelStatus: text("channel_status").notNull(),
    channelCreatedAt: timestamp("channel_created_at", { withTimezone: true }).notNull(),
    channelUpdatedAt: timestamp("channel_updated_at", { withTimezone: true }).notNull(),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    canceledAt: timestamp("canceled_at", { withTimezone: true }),
    currency: text("currency").notNull(),
    productTotal: money("product_total"),
    sellerDiscount: money("seller_discount"),
    platformDiscount: money("platform_discount"),
    subtotal: money("subtotal"),
    shippingFee: money("shipping_fee"),
    tax: money("tax"),
    fees: money("fees"),
    total: money("total"),
    shippingOptionId: text("shipping_option_id"),
    shippingOptionName: text("shipping_option_name"),
    shippingType: text("shipping_type"),
    fulfillmentType: text("fulfillment_type"),
    paymentMethodName: text("payment_method_name"),
    buyerMessage: text("buyer_message"),
    /** Ship-to as the channel gave it (masked while unpaid or on hold). */
    shipTo: jsonb("ship_to").$type<Record<string, string | null>>(),
    /** The hub order in full (lib/orders/types.ts HubOrder), for previews and pushes. */
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull(),
    lineCount: integer("line_count").notNull().default(0),
    unitCount: integer("unit_count").notNull().default(0),
    /** Hash of `detail`: an unchanged order is not rewritten (or re-pushed). */
    contentHash: text("content_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("orders_external_idx").on(t.workspaceId, t.channel, t.shopId, t.externalId),
    // Newest first with the id as tie-break, both descending (read backwards for oldest first).
    index("orders_list_idx").on(t.workspaceId, t.channelCreatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // Search by a TikTok order id or its prefix (LIKE 'q%').
    index("orders_external_prefix_idx").on(t.workspaceId, t.externalId.op("text_pattern_ops")),
    index("orders_status_idx").on(t.workspaceId, t.status, t.channelCreatedAt.desc().nullsFirst()),
    index("orders_shop_idx").on(t.workspaceId, t.connectionId, t.channelCreatedAt.desc().nullsFirst()),
  ],
);

/** Order lines aggregated per SKU and price (TikTok sends one line item per unit). */
export const orderLines = pgTable(
  "order_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    lineNo: integer("line_no").notNull(),
    sku: text("sku").notNull(),
    channelSkuId: text("channel_sku_id").notNull(),
    productName: text("product_name").notNull().default(""),
    variantName: text("variant_name").notNull().default(""),
    quantity: integer("quantity").notNull(),
    canceledQuantity: integer("canceled_quantity").notNull().default(0),
    unitPrice: numeric("unit_price", { precision: 18, scale: 4 }).notNull(),
    sellerDiscount: money("seller_discount"),
    platformDiscount: money("platform_discount"),
    tax: money("tax"),
    /** The channel's per-unit line item ids (to ship and to match refunds). */
    channelLineIds: jsonb("channel_line_ids").$type<string[]>().notNull(),
  },
  (t) => [uniqueIndex("order_lines_order_idx").on(t.orderId, t.lineNo), index("order_lines_sku_idx").on(t.workspaceId, t.sku)],
);

export const REFUND_KINDS = ["return", "refund", "cancellation"] as const;

/** Refunds and returns of an order (TikTok return or cancellation requests), with refunded lines and amounts. */
export const orderRefunds = pgTable(
  "order_refunds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    externalId: text("external_id").notNull(),
    kind: text("kind").$type<(typeof REFUND_KINDS)[number]>().notNull(),
    channelStatus: text("channel_status").notNull(),
    /** The money went back to the buyer (TikTok's request is complete). */
    completed: boolean("completed").notNull().default(false),
    currency: text("currency").notNull(),
    total: money("total"),
    subtotal: money("subtotal"),
    shipping: money("shipping"),
    tax: money("tax"),
    /** [{ sku, channelSkuId, quantity, channelLineIds, amount }] */
    lines: jsonb("lines").$type<Array<Record<string, unknown>>>().notNull(),
    channelUpdatedAt: timestamp("channel_updated_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("order_refunds_external_idx").on(t.workspaceId, t.orderId, t.kind, t.externalId)],
);

/** Every sync event of an order, newest last: the order page's timeline. */
export const orderEvents = pgTable(
  "order_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
    kind: text("kind").notNull(),
    message: text("message").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index("order_events_order_idx").on(t.orderId, t.at)],
);

/** TikTok shipping options the hub has seen (on orders, or in the shop's delivery options): the rows of the ship-via mapping. */
export const channelShippingOptions = pgTable(
  "channel_shipping_options",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    optionId: text("option_id").notNull(),
    name: text("name").notNull(),
    /** "order" (seen on an order) or "shop" (listed by the shop's delivery options). */
    source: text("source").notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.connectionId, t.optionId] })],
);

/** Acumatica shipments of a hub order (shipping requests): which lines, which warehouse, their status. */
export const orderShipments = pgTable(
  "order_shipments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    shipmentNbr: text("shipment_nbr").notNull(),
    status: text("status").notNull(),
    confirmed: boolean("confirmed").notNull().default(false),
    warehouseId: text("warehouse_id"),
    shipVia: text("ship_via"),
    shippedAt: timestamp("shipped_at", { withTimezone: true }),
    /** [{ sku, quantity, orderLineNbr }] */
    lines: jsonb("lines").$type<Array<Record<string, unknown>>>().notNull(),
    erpModifiedAt: timestamp("erp_modified_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("order_shipments_nbr_idx").on(t.workspaceId, t.shipmentNbr), index("order_shipments_order_idx").on(t.orderId)],
);

export const FULFILLMENT_STATUSES = ["pending", "pushed", "failed", "skipped"] as const;
export type FulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number];

/**
 * One package of a confirmed Acumatica shipment, with its tracking number:
 * immutable once created (a tracking correction is recorded, not a new row).
 * Pushed to TikTok Shop once as one package of the order.
 */
export const fulfillments = pgTable(
  "fulfillments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    shipmentId: uuid("shipment_id")
      .notNull()
      .references(() => orderShipments.id, { onDelete: "cascade" }),
    /** The package within the shipment (its line number). */
    packageKey: text("package_key").notNull(),
    trackingNumber: text("tracking_number").notNull(),
    /** Acumatica's ship via (the carrier) of the shipment. */
    carrier: text("carrier"),
    /** [{ sku, quantity, channelLineIds }] */
    lines: jsonb("lines").$type<Array<Record<string, unknown>>>().notNull(),
    status: text("status").$type<FulfillmentStatus>().notNull().default("pending"),
    tiktokPackageId: text("tiktok_package_id"),
    /** The tracking number TikTok has (differs from trackingNumber until a correction is pushed). */
    pushedTracking: text("pushed_tracking"),
    /**
     * The carrier TikTok reports for the package. Set for TikTok Shipping orders (`shipping_type` TIKTOK), whose label
     * TikTok issues: their trackingNumber is TikTok's, read back after the package is shipped (empty until then).
     */
    shippingProvider: text("shipping_provider"),
    pushedAt: timestamp("pushed_at", { withTimezone: true }),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("fulfillments_package_idx").on(t.workspaceId, t.shipmentId, t.packageKey),
    index("fulfillments_order_idx").on(t.orderId),
    index("fulfillments_status_idx").on(t.workspaceId, t.status, t.createdAt.desc().nullsFirst()),
  ],
);
