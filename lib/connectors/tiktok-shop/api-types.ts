import { z } from "zod";
import { normalizeCancellationStatus, normalizeOrderStatus, normalizeReturnStatus } from "./statuses";

/**
 * zod schemas for TikTok Shop Open API (202309+) payloads. Ids are strings end
 * to end (a number that slipped through is converted exactly only if it was
 * parsed with `parseJsonKeepingIds`); money stays a decimal string; times are
 * Unix seconds. Statuses are normalised to one spelling (see statuses.ts).
 */
export const idSchema = z.union([z.string(), z.number().int()]).transform((v) => String(v));
const money = z.string();
const seconds = z.number().int();
const opt = <T extends z.ZodType>(s: T) => s.optional();

export const envelopeSchema = z.object({
  code: z.number().int(),
  message: z.string().default(""),
  request_id: z.string().optional(),
  data: z.unknown().optional(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

export const orderStatusSchema = z.string().transform((s, ctx) => {
  const status = normalizeOrderStatus(s);
  if (!status) {
    ctx.addIssue({ code: "custom", message: `Unknown order status ${s}` });
    return z.NEVER;
  }
  return status;
});
export const cancellationStatusSchema = z.string().transform((s, ctx) => {
  const status = normalizeCancellationStatus(s);
  if (!status) {
    ctx.addIssue({ code: "custom", message: `Unknown cancellation status ${s}` });
    return z.NEVER;
  }
  return status;
});
export const returnStatusSchema = z.string().transform((s, ctx) => {
  const status = normalizeReturnStatus(s);
  if (!status) {
    ctx.addIssue({ code: "custom", message: `Unknown return status ${s}` });
    return z.NEVER;
  }
  return status;
});

// ---- token endpoints ------------------------------------------------------

export const tokenDataSchema = z.object({
  access_token: z.string(),
  /** Absolute Unix seconds, despite the name. */
  access_token_expire_in: seconds,
  refresh_token: z.string(),
  /** Absolute Unix seconds. */
  refresh_token_expire_in: seconds,
  open_id: z.string().default(""),
  seller_name: z.string().default(""),
  seller_base_region: z.string().default(""),
  user_type: z.number().int().default(0),
  granted_scopes: z.array(z.string()).default([]),
});
export type TokenData = z.infer<typeof tokenDataSchema>;

// ---- authorization --------------------------------------------------------

export const shopSchema = z.object({
  id: idSchema,
  name: z.string(),
  region: z.string(),
  seller_type: z.string().default("LOCAL"),
  cipher: z.string(),
  code: z.string().default(""),
});
export type Shop = z.infer<typeof shopSchema>;
export const authorizedShopsDataSchema = z.object({ shops: z.array(shopSchema).default([]) });

// ---- orders ---------------------------------------------------------------

export const paymentSchema = z.object({
  currency: z.string(),
  original_total_product_price: money,
  seller_discount: money.default("0"),
  platform_discount: money.default("0"),
  sub_total: money,
  original_shipping_fee: money.default("0"),
  shipping_fee_seller_discount: money.default("0"),
  shipping_fee_platform_discount: money.default("0"),
  shipping_fee: money.default("0"),
  tax: money.default("0"),
  product_tax: money.default("0"),
  shipping_fee_tax: money.default("0"),
  retail_delivery_fee: opt(money),
  total_amount: money,
});

export const districtSchema = z.object({
  address_level: z.string(),
  address_level_name: z.string().default(""),
  address_name: z.string().default(""),
});

export const recipientAddressSchema = z.object({
  name: z.string().default(""),
  first_name: z.string().default(""),
  last_name: z.string().default(""),
  phone_number: z.string().default(""),
  full_address: z.string().default(""),
  address_detail: z.string().default(""),
  address_line1: z.string().default(""),
  address_line2: z.string().default(""),
  address_line3: z.string().default(""),
  address_line4: z.string().default(""),
  postal_code: z.string().default(""),
  post_town: opt(z.string()),
  region_code: z.string().default(""),
  district_info: z.array(districtSchema).default([]),
});
export type RecipientAddress = z.infer<typeof recipientAddressSchema>;

export const itemTaxSchema = z.object({ tax_type: z.string(), tax_amount: money, tax_rate: z.string() });

export const lineItemSchema = z.object({
  id: idSchema,
  sku_id: idSchema,
  product_id: idSchema,
  product_name: z.string().default(""),
  sku_name: z.string().default(""),
  sku_image: opt(z.string()),
  seller_sku: z.string().default(""),
  original_price: money,
  sale_price: money,
  seller_discount: money.default("0"),
  platform_discount: money.default("0"),
  currency: z.string(),
  item_tax: z.array(itemTaxSchema).default([]),
  display_status: orderStatusSchema,
  package_id: opt(idSchema),
  package_status: opt(z.string()),
  shipping_provider_id: opt(idSchema),
  shipping_provider_name: opt(z.string()),
  tracking_number: opt(z.string()),
  rts_time: opt(seconds),
  cancel_user: opt(z.string()),
  cancel_reason: opt(z.string()),
  is_gift: z.boolean().default(false),
});
export type LineItem = z.infer<typeof lineItemSchema>;

export const orderSchema = z.object({
  id: idSchema,
  status: orderStatusSchema,
  create_time: seconds,
  update_time: seconds,
  paid_time: opt(seconds),
  rts_time: opt(seconds),
  collection_time: opt(seconds),
  delivery_time: opt(seconds),
  cancel_time: opt(seconds),
  rts_sla_time: opt(seconds),
  shipping_due_time: opt(seconds),
  collection_due_time: opt(seconds),
  delivery_due_time: opt(seconds),
  shipping_type: z.string().default("SELLER"),
  fulfillment_type: z.string().default("FULFILLMENT_BY_SELLER"),
  delivery_type: z.string().default("HOME_DELIVERY"),
  delivery_option_id: opt(idSchema),
  delivery_option_name: opt(z.string()),
  shipping_provider: opt(z.string()),
  shipping_provider_id: opt(idSchema),
  tracking_number: opt(z.string()),
  warehouse_id: opt(idSchema),
  packages: z.array(z.object({ id: idSchema })).default([]),
  user_id: opt(idSchema),
  buyer_email: opt(z.string()),
  buyer_message: z.string().default(""),
  seller_note: opt(z.string()),
  cancellation_initiator: opt(z.string()),
  cancel_reason: opt(z.string()),
  is_buyer_request_cancel: z.boolean().default(false),
  is_on_hold_order: z.boolean().default(false),
  is_cod: z.boolean().default(false),
  is_sample_order: z.boolean().default(false),
  is_replacement_order: z.boolean().default(false),
  commerce_platform: opt(z.string()),
  payment_method_name: opt(z.string()),
  payment: paymentSchema,
  recipient_address: recipientAddressSchema.default(() => recipientAddressSchema.parse({})),
  line_items: z.array(lineItemSchema),
});
export type Order = z.infer<typeof orderSchema>;

export const orderSearchDataSchema = z.object({
  orders: z.array(orderSchema).default([]),
  next_page_token: z.string().default(""),
  total_count: z.number().int().default(0),
});
export const orderDetailDataSchema = z.object({ orders: z.array(orderSchema).default([]) });

// ---- logistics / fulfillment ---------------------------------------------

export const warehouseSchema = z.object({
  id: idSchema,
  name: z.string(),
  effect_status: z.string().default("ENABLED"),
  type: z.string().default("SALES_WAREHOUSE"),
  sub_type: opt(z.string()),
  is_default: z.boolean().default(false),
  address: opt(
    z.object({
      region: opt(z.string()),
      region_code: opt(z.string()),
      state: opt(z.string()),
      city: opt(z.string()),
      postal_code: opt(z.string()),
      full_address: opt(z.string()),
      contact_person: opt(z.string()),
      phone_number: opt(z.string()),
    }),
  ),
});
export type Warehouse = z.infer<typeof warehouseSchema>;
export const warehousesDataSchema = z.object({ warehouses: z.array(warehouseSchema).default([]) });

export const deliveryOptionSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string().default(""),
  type: z.string().default("STANDARD"),
  platform: z.array(z.string()).default([]),
});
export type DeliveryOption = z.infer<typeof deliveryOptionSchema>;
export const deliveryOptionsDataSchema = z.object({ delivery_options: z.array(deliveryOptionSchema).default([]) });

export const shippingProviderSchema = z.object({ id: idSchema, name: z.string() });
export type ShippingProvider = z.infer<typeof shippingProviderSchema>;
export const shippingProvidersDataSchema = z.object({ shipping_providers: z.array(shippingProviderSchema).default([]) });

export const markShippedDataSchema = z.object({
  order_id: idSchema,
  order_line_item_ids: z.array(idSchema).default([]),
  package_id: idSchema,
  warning: opt(z.object({ message: z.string() })),
});
export type MarkShippedResult = z.infer<typeof markShippedDataSchema>;

/** Get Package Detail (spec §5.5). */
export const packageDetailSchema = z.object({
  package_id: idSchema,
  orders: z.array(z.object({ id: idSchema })).default([]),
  package_status: z.string().default(""),
  shipping_type: z.string().default(""),
  shipping_provider_id: z.union([idSchema, z.literal("")]).optional(),
  shipping_provider_name: z.string().default(""),
  tracking_number: z.string().default(""),
  order_line_item_ids: z.array(idSchema).default([]),
  split_and_combine_tag: z.string().default(""),
  create_time: opt(seconds),
  update_time: opt(seconds),
});
export type PackageDetail = z.infer<typeof packageDetailSchema>;

// ---- returns & cancellations ---------------------------------------------

export const refundAmountSchema = z.object({
  currency: z.string(),
  refund_total: money,
  refund_subtotal: money.default("0"),
  refund_shipping_fee: money.default("0"),
  refund_tax: money.default("0"),
  retail_delivery_fee: opt(money),
  buyer_service_fee: opt(money),
});

const afterSaleLineBase = {
  order_line_item_id: idSchema,
  sku_id: idSchema,
  seller_sku: z.string().default(""),
  sku_name: z.string().default(""),
  product_name: z.string().default(""),
  refund_amount: opt(refundAmountSchema),
};

export const cancellationSchema = z.object({
  cancel_id: idSchema,
  order_id: idSchema,
  cancel_type: z.string(),
  cancel_status: cancellationStatusSchema,
  role: z.string().default(""),
  cancel_reason: z.string().default(""),
  cancel_reason_text: z.string().default(""),
  create_time: seconds,
  update_time: seconds,
  refund_amount: opt(refundAmountSchema),
  cancel_line_items: z.array(z.object({ cancel_line_item_id: idSchema, ...afterSaleLineBase })).default([]),
});
export type Cancellation = z.infer<typeof cancellationSchema>;
export const cancellationSearchDataSchema = z.object({
  cancellations: z.array(cancellationSchema).default([]),
  next_page_token: z.string().default(""),
  total_count: z.number().int().default(0),
});

/** Cancel Order (seller-initiated) answer. */
export const cancelOrderDataSchema = z.object({ cancel_id: idSchema, cancel_status: cancellationStatusSchema });
export type CancelOrderResult = z.infer<typeof cancelOrderDataSchema>;

export const returnSchema = z.object({
  return_id: idSchema,
  order_id: idSchema,
  return_type: z.string(),
  return_status: returnStatusSchema,
  arbitration_status: opt(z.string()),
  role: z.string().default(""),
  return_reason: z.string().default(""),
  return_reason_text: z.string().default(""),
  create_time: seconds,
  update_time: seconds,
  return_tracking_number: opt(z.string()),
  refund_amount: opt(refundAmountSchema),
  return_line_items: z.array(z.object({ return_line_item_id: idSchema, ...afterSaleLineBase })).default([]),
});
export type Return = z.infer<typeof returnSchema>;
export const returnSearchDataSchema = z.object({
  return_orders: z.array(returnSchema).default([]),
  next_page_token: z.string().default(""),
  total_count: z.number().int().default(0),
});

/** Get Reject Reasons: the reason keys a seller may give when rejecting one cancellation or return request. */
export const rejectReasonsDataSchema = z.object({ reasons: z.array(z.object({ name: z.string(), text: z.string().default("") })).default([]) });
export type RejectReason = z.infer<typeof rejectReasonsDataSchema>["reasons"][number];

// ---- products & inventory -------------------------------------------------

export const skuInventorySchema = z.object({ warehouse_id: idSchema, quantity: z.number().int() });
export const productSkuSchema = z.object({
  id: idSchema,
  seller_sku: z.string().default(""),
  external_sku_id: opt(z.string()),
  price: opt(z.object({ currency: z.string(), sale_price: opt(money), amount: opt(money) })),
  inventory: z.array(skuInventorySchema).default([]),
});
export const productSchema = z.object({
  id: idSchema,
  title: z.string(),
  status: z.string(),
  skus: z.array(productSkuSchema).default([]),
  create_time: opt(seconds),
  update_time: opt(seconds),
});
export type Product = z.infer<typeof productSchema>;
export const productSearchDataSchema = z.object({
  products: z.array(productSchema).default([]),
  next_page_token: z.string().default(""),
  total_count: z.number().int().default(0),
});
export const createProductDataSchema = z.object({
  product_id: idSchema,
  skus: z.array(z.object({ id: idSchema, seller_sku: z.string().default(""), external_sku_id: opt(z.string()) })).default([]),
  warnings: z.array(z.object({ message: z.string() })).default([]),
});
export type CreateProductResult = z.infer<typeof createProductDataSchema>;

export const inventoryUpdateDataSchema = z.object({
  errors: z
    .array(
      z.object({
        code: z.number().int(),
        message: z.string(),
        detail: opt(
          z.object({
            sku_id: opt(idSchema),
            extra_errors: z.array(z.object({ warehouse_id: opt(idSchema), code: z.number().int(), message: z.string() })).default([]),
          }),
        ),
      }),
    )
    .default([]),
});
export type InventoryUpdateResult = z.infer<typeof inventoryUpdateDataSchema>;

export const inventorySearchDataSchema = z.object({
  inventory: z
    .array(
      z.object({
        product_id: idSchema,
        skus: z
          .array(
            z.object({
              id: idSchema,
              seller_sku: z.string().default(""),
              total_available_quantity: z.number().int().default(0),
              total_committed_quantity: z.number().int().default(0),
              warehouse_inventory: z.array(z.object({ warehouse_id: idSchema, available_quantity: z.number().int(), committed_quantity: z.number().int().default(0) })).default([]),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
});
export type InventoryRecord = z.infer<typeof inventorySearchDataSchema>["inventory"][number];

// ---- events (webhook subscriptions) ----------------------------------------

export const WEBHOOK_EVENT_TYPES = [
  "ORDER_STATUS_CHANGE",
  "RECIPIENT_ADDRESS_UPDATE",
  "PACKAGE_UPDATE",
  "PRODUCT_STATUS_CHANGE",
  "SELLER_DEAUTHORIZATION",
  "UPCOMING_AUTHORIZATION_EXPIRATION",
  "CANCELLATION_STATUS_CHANGE",
  "RETURN_STATUS_CHANGE",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const shopWebhooksDataSchema = z.object({
  webhooks: z.array(z.object({ event_type: z.string(), address: z.string(), create_time: opt(seconds), update_time: opt(seconds) })).default([]),
});
