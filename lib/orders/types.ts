import type { OrderStatus } from "@/lib/db/schema";

/**
 * The hub's channel-neutral order. Channel mappers (lib/connectors/<vendor>/mapper.ts
 * `toHubOrder`) produce it; ERP mappers take it. Money is a decimal string,
 * ids are strings, times are ISO strings.
 */
export interface HubOrderLine {
  lineNo: number;
  /** The SKU as the channel sent it (TikTok `seller_sku`), untouched: case and whitespace matter. */
  sku: string;
  channelSkuId: string;
  productName: string;
  variantName: string;
  /** Live units (not cancelled). */
  quantity: number;
  canceledQuantity: number;
  /** Price per unit before discounts. */
  unitPrice: string;
  /** Totals over the live units. */
  sellerDiscount: string;
  platformDiscount: string;
  tax: string;
  /** The channel's line item ids of the live units (TikTok has one per unit). */
  channelLineIds: string[];
}

export interface HubAddress {
  name: string;
  phone: string | null;
  line1: string;
  line2: string | null;
  city: string;
  /** State or province code where the country has them (US: two letters). */
  state: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

export interface HubOrderAmounts {
  /** Σ unit price × quantity (before discounts). */
  productTotal: string;
  sellerDiscount: string;
  platformDiscount: string;
  /** productTotal − seller − platform discounts. */
  subtotal: string;
  /** Shipping the buyer pays, after shipping discounts. */
  shippingFee: string;
  productTax: string;
  shippingTax: string;
  /** productTax + shippingTax. */
  tax: string;
  /** Fees other than tax the buyer pays, e.g. Colorado's retail delivery fee. */
  retailDeliveryFee: string;
  otherFees: string;
  /** What the buyer was charged: subtotal + shipping + tax + fees. */
  total: string;
}

export interface HubOrder {
  channel: "tiktok_shop";
  shopId: string;
  externalId: string;
  /** The channel's own status word (TikTok: AWAITING_SHIPMENT …). */
  channelStatus: string;
  status: OrderStatus;
  createdAt: string;
  updatedAt: string;
  paidAt: string | null;
  canceledAt: string | null;
  currency: string;
  amounts: HubOrderAmounts;
  shippingOption: { id: string; name: string } | null;
  /** TikTok: SELLER (the seller's carrier) or TIKTOK (platform label). */
  shippingType: string;
  /** TikTok: FULFILLMENT_BY_SELLER or FULFILLMENT_BY_TIKTOK. */
  fulfillmentType: string;
  paymentMethodName: string | null;
  buyerMessage: string;
  /** Null while the channel masks it (unpaid, on hold) or gave none. */
  shipTo: HubAddress | null;
  lines: HubOrderLine[];
  flags: { buyerRequestedCancel: boolean; sample: boolean; replacement: boolean };
}

export interface HubRefundLine {
  sku: string;
  channelSkuId: string;
  quantity: number;
  channelLineIds: string[];
  /** Refunded for these units (excluding tax where the channel splits it). */
  amount: string;
}

export interface HubRefund {
  externalId: string;
  orderExternalId: string;
  kind: "return" | "refund" | "cancellation";
  channelStatus: string;
  /** The money went back to the buyer. */
  completed: boolean;
  currency: string;
  total: string;
  subtotal: string;
  shipping: string;
  tax: string;
  lines: HubRefundLine[];
  updatedAt: string;
  /** A buyer's request that waits for the seller's answer (approve or reject); OrderBridge may answer it per the shop's settings. */
  awaitingSeller?: boolean;
}
