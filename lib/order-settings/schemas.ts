import { z } from "zod";

/**
 * The Acumatica connector's order settings (setup guide Steps 4, 6, 7 and the
 * order part of Step 8), labels word for word in LABELS. Stored under
 * `connections.settings.orders` of the workspace's Acumatica connection and
 * parsed with `orderSettingsSchema` on every read; each screen section saves
 * its own part with its own schema.
 */
export const LABELS = {
  customerStrategy: "Customer matching strategy",
  genericStrategy: "Use a generic customer for all orders",
  genericCustomerId: "Generic Customer Id",
  mapping: "Orders to Acumatica",
  paymentMethod: "Payment method",
  defaultOrderType: "Default order type",
  useChannelOrderTypes: "Use order type defined below when pushing sales orders to Acumatica",
  refundOrderType: "Refund order type",
  pushOrders: "Push orders to Acumatica",
  pushCanceledOrders: "Push canceled orders to Acumatica",
  allowRefunds: "Allow push refund orders to Acumatica",
  limitToSources: "Push orders to Acumatica only for specific order sources",
  markSentToFulfillment: 'Mark orders as "Sent to Fulfillment" when pushing to Acumatica',
  marketplaceFacilitator: "TikTok Shop collects and remits sales tax (marketplace facilitator)",
  pullProducts: "Pull product catalog information from Acumatica",
  pullShippingRequests: "Pull shipping requests from Acumatica",
  pullFulfillments: "Pull fulfillments from Acumatica",
  inventory: "Process inventory information",
  inventoryPull: "Pull inventory updates from Acumatica",
  inventoryPush: "Push inventory updates to Acumatica",
  locations: "Process locations information",
  locationsPull: "Pull locations from Acumatica",
  locationsPush: "Push locations to Acumatica",
  forceProductResync: "Force product catalog resync",
  forceInventoryResync: "Force inventory resync",
  matchedSkusOnly: "Process only inventory items with matched SKUs",
  excludedSkus: "Exclude inventory items with specific SKUs",
  carriers: "Acumatica ship via → TikTok Shop shipping provider",
} as const;

const acumaticaId = (what: string, max = 30) =>
  z
    .string()
    .max(max, `${what} is at most ${max} characters`)
    .refine((v) => v === v.trim(), `${what} must not start or end with a space`);

export const customerSettingsSchema = z.object({
  strategy: z.literal("generic").default("generic"),
  genericCustomerId: acumaticaId("Generic Customer Id").default(""),
});

export const mappingSettingsSchema = z.object({
  /** TikTok shipping option id → Acumatica Ship Via (CarrierID). */
  shipVia: z.record(z.string(), acumaticaId("Ship Via", 15)).default({}),
  paymentMethod: acumaticaId("Payment method", 10).default(""),
});

/** `channel:orderType`, e.g. `tiktok:TS` (every TikTok shop) or `USLCNW4Q2P:TS` (one shop, by its shop code). */
export const ORDER_TYPE_ENTRY = /^([A-Za-z0-9_-]+):([A-Za-z0-9]{2})$/;

export const orderTypeSettingsSchema = z.object({
  defaultOrderType: z.string().regex(/^[A-Za-z0-9]{2}$/, "An Acumatica order type is two letters or digits, e.g. SO").default("SO"),
  useChannelOrderTypes: z.boolean().default(false),
  entries: z.array(z.string().regex(ORDER_TYPE_ENTRY, "Write each entry as channel:orderType, e.g. tiktok:TS")).default([]),
  refundOrderType: z.string().regex(/^[A-Za-z0-9]{2}$/, "An Acumatica order type is two letters or digits, e.g. RC").default("RC"),
});

export const syncSettingsSchema = z.object({
  pushOrders: z.boolean().default(false),
  pushCanceledOrders: z.boolean().default(false),
  allowRefunds: z.boolean().default(false),
  limitToSources: z.boolean().default(false),
  /** TikTok shop connection ids whose orders are pushed when limitToSources is on. */
  sources: z.array(z.string().uuid()).default([]),
  markSentToFulfillment: z.boolean().default(false),
});

/**
 * How TikTok's taxes and fees reach the sales order: Acumatica's tax override
 * (IsTaxValid + TaxDetails under an overridden tax zone) with one tax line for
 * the sales tax and one for the retail delivery fee, so the order total equals
 * TikTok's. With marketplace facilitator on, the sales tax goes under the tax
 * TikTok remits; otherwise under the one the seller remits.
 */
export const taxSettingsSchema = z.object({
  marketplaceFacilitator: z.boolean().default(true),
  taxZoneId: acumaticaId("Tax zone").default("TIKTOK"),
  facilitatorTaxId: acumaticaId("Tax ID").default("TTSALESTAX"),
  sellerTaxId: acumaticaId("Tax ID").default("SALESTAX"),
  retailDeliveryFeeTaxId: acumaticaId("Tax ID").default("CORDF"),
});

/** Step 8, the catalog and fulfillment part: each flow moves nothing while off. */
export const DIRECTIONS = ["off", "pull", "push"] as const;
export const catalogSettingsSchema = z.object({
  pullProducts: z.boolean().default(false),
  pullShippingRequests: z.boolean().default(false),
  pullFulfillments: z.boolean().default(false),
  /** Process inventory information: pull from Acumatica, push to Acumatica, or off. */
  inventory: z.enum(DIRECTIONS).default("off"),
  /** Process locations information. */
  locations: z.enum(DIRECTIONS).default("off"),
  matchedSkusOnly: z.boolean().default(false),
  /** Exact SKUs (case and spaces matter) left out of inventory sync. */
  excludedSkus: z.array(z.string().min(1).max(100)).max(5000).default([]),
});

/** Per TikTok shop (connection id): Acumatica ship via → TikTok shipping provider id. */
export const carrierSettingsSchema = z.record(z.string(), z.record(z.string(), z.string()));

export const orderSettingsSchema = z.object({
  customer: customerSettingsSchema.default(() => customerSettingsSchema.parse({})),
  mapping: mappingSettingsSchema.default(() => mappingSettingsSchema.parse({})),
  orderTypes: orderTypeSettingsSchema.default(() => orderTypeSettingsSchema.parse({})),
  sync: syncSettingsSchema.default(() => syncSettingsSchema.parse({})),
  tax: taxSettingsSchema.default(() => taxSettingsSchema.parse({})),
  catalog: catalogSettingsSchema.default(() => catalogSettingsSchema.parse({})),
  carriers: carrierSettingsSchema.default({}),
  /** Acumatica warehouse for the lines; empty lets Acumatica pick the item's default. */
  warehouseId: acumaticaId("Warehouse").default(""),
});
export type OrderSettings = z.infer<typeof orderSettingsSchema>;

export const ORDER_SETTINGS_SECTIONS = ["customer", "mapping", "orderTypes", "sync", "tax", "catalog", "carriers"] as const;
export type OrderSettingsSection = (typeof ORDER_SETTINGS_SECTIONS)[number];

/** The form input of each section (what a server action receives). */
export const saveCustomerSchema = z.object({
  strategy: z.literal("generic"),
  genericCustomerId: z.string().trim().min(1, "Enter the Generic Customer Id of the Acumatica customer for TikTok Shop orders").max(30),
});
export const saveMappingSchema = z.object({
  shipVia: z.record(z.string(), z.string().trim().max(15)),
  paymentMethod: z.string().trim().max(10),
});
export const saveOrderTypesSchema = z.object({
  defaultOrderType: z.string().trim().toUpperCase().pipe(z.string().regex(/^[A-Z0-9]{2}$/, "An Acumatica order type is two letters or digits, e.g. SO")),
  useChannelOrderTypes: z.boolean(),
  entries: z.array(z.string().trim()).max(50),
  refundOrderType: z.string().trim().toUpperCase().pipe(z.string().regex(/^[A-Z0-9]{2}$/, "An Acumatica order type is two letters or digits, e.g. RC")),
});
export const saveSyncSchema = syncSettingsSchema.required();
export const saveTaxSchema = taxSettingsSchema.required();
/** Any subset of the catalog settings (the products/fulfillment form and the inventory/locations form each save their own). */
export const saveCatalogSchema = z.object({
  pullProducts: z.boolean().optional(),
  pullShippingRequests: z.boolean().optional(),
  pullFulfillments: z.boolean().optional(),
  inventory: z.enum(DIRECTIONS).optional(),
  locations: z.enum(DIRECTIONS).optional(),
  matchedSkusOnly: z.boolean().optional(),
  excludedSkus: z.array(z.string().min(1, "An excluded SKU cannot be empty").max(100)).max(5000).optional(),
});
export const saveCarriersSchema = z.object({ connectionId: z.string().uuid(), providers: z.record(z.string(), z.string()) });
