import type { OrderStatus as HubOrderStatus } from "@/lib/db/schema";
import { addMoney, subMoney } from "@/lib/orders/money";
import { countryCode, stateCode } from "@/lib/orders/regions";
import type { HubAddress, HubOrder, HubRefund, HubRefundLine } from "@/lib/orders/types";
import type { Cancellation, Order, Return } from "./api-types";
import type { OrderStatus } from "./statuses";
import { isShippableOrderStatus } from "./statuses";

/**
 * Pure helpers between TikTok's order shape and what an ERP needs. TikTok has
 * one line item per unit and no quantity field: quantities are counted here.
 */

/** "21.99" → 2199 (exact, no floating point). Throws on anything but a plain decimal. */
export function decimalToMinor(amount: string, fractionDigits = 2): number {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) throw new Error(`Not a decimal amount: ${amount}`);
  const frac = (m[3] ?? "").padEnd(fractionDigits, "0");
  if (frac.length > fractionDigits && /[1-9]/.test(frac.slice(fractionDigits))) throw new Error(`${amount} has more than ${fractionDigits} decimals`);
  const value = Number(m[2]) * 10 ** fractionDigits + Number(frac.slice(0, fractionDigits) || "0");
  return m[1] ? -value : value;
}

export function minorToDecimal(minor: number, fractionDigits = 2): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  const unit = 10 ** fractionDigits;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(fractionDigits, "0")}`;
}

export interface OrderLineGroup {
  skuId: string;
  sellerSku: string;
  productId: string;
  productName: string;
  skuName: string;
  currency: string;
  /** Units not cancelled. */
  quantity: number;
  /** Per-unit prices (units of one SKU at different prices form separate groups). */
  unitOriginalPrice: string;
  unitSalePrice: string;
  /** Per-unit tax. */
  unitTax: string;
  /** TikTok line item ids of the live units — needed to ship or match refunds. */
  lineItemIds: string[];
  cancelledLineItemIds: string[];
}

/** Collapses per-unit line items into quantities per SKU and sale price, in first-seen order. */
export function groupOrderLines(order: Pick<Order, "line_items">): OrderLineGroup[] {
  const groups = new Map<string, OrderLineGroup>();
  for (const line of order.line_items) {
    const key = `${line.sku_id}|${line.sale_price}`;
    let g = groups.get(key);
    if (!g) {
      const tax = line.item_tax.reduce((sum, t) => sum + decimalToMinor(t.tax_amount), 0);
      g = {
        skuId: line.sku_id,
        sellerSku: line.seller_sku,
        productId: line.product_id,
        productName: line.product_name,
        skuName: line.sku_name,
        currency: line.currency,
        quantity: 0,
        unitOriginalPrice: line.original_price,
        unitSalePrice: line.sale_price,
        unitTax: minorToDecimal(tax),
        lineItemIds: [],
        cancelledLineItemIds: [],
      };
      groups.set(key, g);
    }
    if (line.display_status === "CANCELLED") g.cancelledLineItemIds.push(line.id);
    else {
      g.quantity++;
      g.lineItemIds.push(line.id);
    }
  }
  return [...groups.values()];
}

/** The seller may ship now: ready to ship, no pending buyer cancellation. Decide by status, never by whether the address is visible. */
export function isOrderShippable(order: Pick<Order, "status" | "is_buyer_request_cancel">): boolean {
  return isShippableOrderStatus(order.status) && !order.is_buyer_request_cancel;
}

/** Line items not cancelled and not yet in a shipped package. */
export function listUnshippedLineItemIds(order: Pick<Order, "line_items">): string[] {
  return order.line_items.filter((l) => l.display_status !== "CANCELLED" && !l.tracking_number).map((l) => l.id);
}

// ---- TikTok order → hub order ------------------------------------------------

const HUB_STATUS: Record<OrderStatus, HubOrderStatus> = {
  UNPAID: "awaitingPayment",
  ON_HOLD: "onHold",
  AWAITING_SHIPMENT: "readyForFulfillment",
  PARTIALLY_SHIPPING: "partialFulfillment",
  AWAITING_COLLECTION: "fulfilled",
  IN_TRANSIT: "fulfilled",
  DELIVERED: "fulfilled",
  COMPLETED: "fulfilled",
  CANCELLED: "canceled",
};

export const hubStatusOf = (status: OrderStatus): HubOrderStatus => HUB_STATUS[status];

const iso = (seconds: number | undefined) => (seconds ? new Date(seconds * 1000).toISOString() : null);

function shipToOf(order: Order): HubAddress | null {
  const a = order.recipient_address;
  const line1 = a.address_line1 || a.address_detail;
  if (!line1 && !a.postal_code) return null;
  const level = (l: string) => a.district_info.find((d) => d.address_level === l)?.address_name ?? "";
  const country = countryCode(a.region_code || "");
  return {
    name: a.name || `${a.first_name} ${a.last_name}`.trim(),
    phone: a.phone_number || null,
    line1,
    line2: [a.address_line2, a.address_line3, a.address_line4].filter(Boolean).join(", ") || (a.address_line1 && a.address_detail !== a.address_line1 ? a.address_detail || null : null),
    city: level("L3") || a.post_town || level("L2"),
    state: stateCode(country, level("L1")),
    postalCode: a.postal_code,
    country,
  };
}

/**
 * A TikTok order in the hub's neutral shape. Units (one line item each) are
 * summed per SKU and price; discounts and tax are totals over the live units.
 * Money stays decimal strings; the amounts obey total = subtotal + shipping +
 * tax + fees as TikTok's do.
 */
export function toHubOrder(order: Order, shopId: string): HubOrder {
  const lines = groupOrderLines(order).map((g, i) => {
    const units = order.line_items.filter((l) => g.lineItemIds.includes(l.id));
    return {
      lineNo: i + 1,
      sku: g.sellerSku,
      channelSkuId: g.skuId,
      productName: g.productName,
      variantName: g.skuName,
      quantity: g.quantity,
      canceledQuantity: g.cancelledLineItemIds.length,
      unitPrice: addMoney(g.unitOriginalPrice),
      sellerDiscount: addMoney(...units.map((u) => u.seller_discount)),
      platformDiscount: addMoney(...units.map((u) => u.platform_discount)),
      tax: addMoney(...units.flatMap((u) => u.item_tax.map((t) => t.tax_amount))),
      channelLineIds: g.lineItemIds,
    };
  });
  const p = order.payment;
  const retailDeliveryFee = addMoney(p.retail_delivery_fee);
  const tax = addMoney(p.tax);
  // Whatever of total_amount the named parts do not explain (market fees TikTok adds: handling, insurance…).
  const explained = addMoney(p.sub_total, p.shipping_fee, tax, retailDeliveryFee);
  const otherFees = subMoney(addMoney(p.total_amount), explained);
  return {
    channel: "tiktok_shop",
    shopId,
    externalId: order.id,
    channelStatus: order.status,
    status: hubStatusOf(order.status),
    createdAt: iso(order.create_time)!,
    updatedAt: iso(order.update_time)!,
    paidAt: iso(order.paid_time),
    canceledAt: iso(order.cancel_time),
    currency: p.currency,
    amounts: {
      productTotal: addMoney(p.original_total_product_price),
      sellerDiscount: addMoney(p.seller_discount),
      platformDiscount: addMoney(p.platform_discount),
      subtotal: addMoney(p.sub_total),
      shippingFee: addMoney(p.shipping_fee),
      productTax: addMoney(p.product_tax),
      shippingTax: addMoney(p.shipping_fee_tax),
      tax,
      retailDeliveryFee,
      otherFees,
      total: addMoney(p.total_amount),
    },
    shippingOption: order.delivery_option_id ? { id: order.delivery_option_id, name: order.delivery_option_name ?? order.delivery_option_id } : null,
    shippingType: order.shipping_type,
    fulfillmentType: order.fulfillment_type,
    paymentMethodName: order.payment_method_name ?? null,
    buyerMessage: order.buyer_message,
    shipTo: shipToOf(order),
    lines,
    flags: { buyerRequestedCancel: order.is_buyer_request_cancel, sample: order.is_sample_order, replacement: order.is_replacement_order },
  };
}

type AfterSaleLine = { order_line_item_id: string; sku_id: string; seller_sku: string; refund_amount?: { refund_subtotal: string; refund_total: string } | undefined };

function refundLinesOf(lines: AfterSaleLine[]): HubRefundLine[] {
  const bySku = new Map<string, HubRefundLine>();
  for (const l of lines) {
    const key = `${l.sku_id}|${l.seller_sku}`;
    const cur = bySku.get(key) ?? { sku: l.seller_sku, channelSkuId: l.sku_id, quantity: 0, channelLineIds: [], amount: "0.00" };
    cur.quantity++;
    cur.channelLineIds.push(l.order_line_item_id);
    cur.amount = addMoney(cur.amount, l.refund_amount?.refund_subtotal ?? l.refund_amount?.refund_total);
    bySku.set(key, cur);
  }
  return [...bySku.values()];
}

const RETURN_DONE = new Set(["RETURN_OR_REFUND_REQUEST_COMPLETE", "REPLACEMENT_REQUEST_REFUND_SUCCESS"]);
const RETURN_AWAITING_SELLER = new Set(["RETURN_OR_REFUND_REQUEST_PENDING", "REPLACEMENT_REQUEST_PENDING"]);

/** A buyer's cancellation request the seller has not answered (a seller's or the system's own cancellation needs no answer). */
export const isPendingBuyerCancellation = (c: Pick<Cancellation, "cancel_type" | "cancel_status">) => c.cancel_type === "BUYER_CANCEL" && c.cancel_status === "CANCELLATION_REQUEST_PENDING";
/** A buyer's return, refund or replacement request the seller has not answered. */
export const isPendingBuyerReturn = (r: Pick<Return, "return_status" | "role">) => RETURN_AWAITING_SELLER.has(r.return_status) && r.role !== "SELLER";

/** A TikTok return/refund request in the hub's shape; `completed` once the buyer has the money back. */
export function toHubRefundFromReturn(r: Return): HubRefund {
  const amount = r.refund_amount;
  return {
    externalId: r.return_id,
    orderExternalId: r.order_id,
    kind: r.return_type === "REFUND" ? "refund" : "return",
    channelStatus: r.return_status,
    completed: RETURN_DONE.has(r.return_status),
    currency: amount?.currency ?? "",
    total: addMoney(amount?.refund_total),
    subtotal: addMoney(amount?.refund_subtotal),
    shipping: addMoney(amount?.refund_shipping_fee),
    tax: addMoney(amount?.refund_tax),
    lines: refundLinesOf(r.return_line_items),
    updatedAt: iso(r.update_time)!,
    awaitingSeller: isPendingBuyerReturn(r),
  };
}

export function toHubRefundFromCancellation(c: Cancellation): HubRefund {
  const amount = c.refund_amount;
  return {
    externalId: c.cancel_id,
    orderExternalId: c.order_id,
    kind: "cancellation",
    channelStatus: c.cancel_status,
    completed: c.cancel_status === "CANCELLATION_REQUEST_COMPLETE" || c.cancel_status === "CANCELLATION_REQUEST_SUCCESS",
    currency: amount?.currency ?? "",
    total: addMoney(amount?.refund_total),
    subtotal: addMoney(amount?.refund_subtotal),
    shipping: addMoney(amount?.refund_shipping_fee),
    tax: addMoney(amount?.refund_tax),
    lines: refundLinesOf(c.cancel_line_items),
    updatedAt: iso(c.update_time)!,
    awaitingSeller: isPendingBuyerCancellation(c),
  };
}
