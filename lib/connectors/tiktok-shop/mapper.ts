import type { Order } from "./api-types";
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
