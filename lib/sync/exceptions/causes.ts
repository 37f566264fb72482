/**
 * Every cause of a sync exception: a title for grouping, and where a person
 * fixes it (a link to the exact setting). Messages are written per occurrence
 * by the flow that found the problem and name the thing to fix.
 */
export interface CauseInfo {
  title: string;
  fix: (subject: string, orderId: string | null) => { path: string; label: string };
  /** Causes a settings section can fix: saving that section retries the affected records. */
  fixedBy?: "customer" | "mapping" | "orderTypes" | "sync" | "tax" | "connection" | "products" | "carriers" | "listings";
}

const ACU = "/connectors/acumatica";

export const CAUSES = {
  generic_customer_missing: {
    title: "Generic customer not set",
    fix: () => ({ path: `${ACU}#customer`, label: "Set the Generic Customer Id" }),
    fixedBy: "customer",
  },
  customer_rejected: {
    title: "Acumatica refused the generic customer",
    fix: () => ({ path: `${ACU}#customer`, label: "Check the Generic Customer Id" }),
    fixedBy: "customer",
  },
  shipping_option_unmapped: {
    title: "Shipping option not mapped",
    fix: (option) => ({ path: `${ACU}#ship-via-${encodeURIComponent(option)}`, label: "Map it to an Acumatica ship via" }),
    fixedBy: "mapping",
  },
  ship_via_rejected: {
    title: "Acumatica refused the ship via",
    fix: (option) => ({ path: `${ACU}#ship-via-${encodeURIComponent(option)}`, label: "Pick another Acumatica ship via" }),
    fixedBy: "mapping",
  },
  payment_method_unmapped: {
    title: "Payment method not mapped",
    fix: () => ({ path: `${ACU}#payment-method`, label: "Map the payment method" }),
    fixedBy: "mapping",
  },
  payment_method_rejected: {
    title: "Acumatica refused the payment method",
    fix: () => ({ path: `${ACU}#payment-method`, label: "Check the payment method" }),
    fixedBy: "mapping",
  },
  order_type_rejected: {
    title: "Order type missing in Acumatica",
    fix: () => ({ path: `${ACU}#order-types`, label: "Check the order types" }),
    fixedBy: "orderTypes",
  },
  tax_rejected: {
    title: "Acumatica refused the tax settings",
    fix: () => ({ path: `${ACU}#tax`, label: "Check the tax zone and tax IDs" }),
    fixedBy: "tax",
  },
  sku_not_found: {
    title: "SKU not found in Acumatica",
    fix: (sku) => ({ path: `/products?sku=${encodeURIComponent(sku)}`, label: "Map it in Channel Options" }),
    fixedBy: "products",
  },
  sku_spelling: {
    title: "SKU differs from Acumatica's in case or spaces",
    fix: (sku) => ({ path: `/products?sku=${encodeURIComponent(sku)}`, label: "Map it in Channel Options" }),
    fixedBy: "products",
  },
  field_rejected: {
    title: "Acumatica refused a field",
    fix: () => ({ path: `${ACU}#orders-mapping`, label: "Review the order settings" }),
  },
  totals_mismatch: {
    title: "Order total differs from TikTok Shop's",
    fix: () => ({ path: `${ACU}#tax`, label: "Review the tax settings" }),
    fixedBy: "tax",
  },
  changed_after_push: {
    title: "Order changed on TikTok Shop after it reached Acumatica",
    fix: (_subject, orderId) => ({ path: orderId ? `/orders/${orderId}` : "/exceptions", label: "Review the order" }),
  },
  cancel_refused: {
    title: "Acumatica refused to cancel the order",
    fix: (_subject, orderId) => ({ path: orderId ? `/orders/${orderId}` : "/exceptions", label: "Review the order in Acumatica" }),
  },
  refund_original_missing: {
    title: "Refund's original order is not in Acumatica",
    fix: (_subject, orderId) => ({ path: orderId ? `/orders/${orderId}` : "/exceptions", label: "Send the original order first" }),
  },
  acumatica_not_connected: {
    title: "Acumatica is not connected",
    fix: () => ({ path: `${ACU}#connection`, label: "Connect Acumatica" }),
    fixedBy: "connection",
  },
  authorization_lost: {
    title: "Acumatica authorization expired or was revoked",
    fix: () => ({ path: `${ACU}#connection`, label: "Connect again" }),
    fixedBy: "connection",
  },
  carrier_unmapped: {
    title: "Carrier not mapped to a TikTok shipping provider",
    fix: (subject) => ({ path: `/connectors/tiktok-shop#carriers-${encodeURIComponent(subject.split("|")[0] ?? "")}`, label: "Map the carrier" }),
    fixedBy: "carriers",
  },
  package_contents_missing: {
    title: "Acumatica shipment does not say what is in each package",
    fix: (_subject, orderId) => ({ path: orderId ? `/orders/${orderId}` : "/fulfillments", label: "Enter package contents in Acumatica" }),
  },
  fulfillment_refused: {
    title: "TikTok Shop refused a package",
    fix: (_subject, orderId) => ({ path: orderId ? `/orders/${orderId}` : "/fulfillments", label: "Review the order" }),
  },
  tracking_update_closed: {
    title: "Tracking correction too late for TikTok Shop",
    fix: (_subject, orderId) => ({ path: orderId ? `/orders/${orderId}` : "/fulfillments", label: "Correct it in TikTok Shop Seller Center" }),
  },
  buyer_cancel_after_shipment: {
    title: "Buyer asked to cancel an order Acumatica already shipped",
    fix: (_subject, orderId) => ({ path: orderId ? `/orders/${orderId}` : "/exceptions", label: "Answer the request in TikTok Shop Seller Center" }),
  },
  buyer_request_unanswered: {
    title: "OrderBridge could not answer a buyer request",
    fix: (_subject, orderId) => ({ path: orderId ? `/orders/${orderId}` : "/exceptions", label: "Answer the request in TikTok Shop Seller Center" }),
  },
  tiktok_not_connected: {
    title: "TikTok shop not connected",
    fix: () => ({ path: "/connectors/tiktok-shop", label: "Reconnect the shop" }),
    fixedBy: "connection",
  },
  catalog_sku_conflict: {
    title: "Acumatica item not pulled: its SKU belongs to a mapped product",
    // The subject is the Acumatica item; its namesake product is the record.
    fix: (sku) => ({ path: `/products?sku=${encodeURIComponent(sku)}#channel-options`, label: "Review the product's Channel SKU" }),
    fixedBy: "products",
  },
  listing_refused: {
    title: "Product not listed on TikTok Shop",
    // The subject is "<shop connection id>|<master SKU>"; the record is the product.
    fix: (subject) => ({ path: `/products?sku=${encodeURIComponent(subject.split("|").slice(1).join("|"))}#tiktok-listings`, label: "Review the product's listing" }),
    fixedBy: "listings",
  },
  location_not_in_acumatica: {
    title: "Location missing in Acumatica",
    // The subject is the location code (the WarehouseID to create); the record is the location.
    fix: (code) => ({ path: "/locations", label: `Create warehouse ${code} in Acumatica` }),
  },
  tiktok_warehouse_unmapped: {
    title: "TikTok warehouse not mapped to a location",
    // The subject is the TikTok warehouse id; the record is the shop's connection.
    fix: (warehouseId) => ({ path: `/locations#tiktok-warehouse-${encodeURIComponent(warehouseId)}`, label: "Map the TikTok warehouse to a location" }),
  },
  inventory_sku_refused: {
    title: "TikTok Shop refused a stock update",
    // The subject is "<shop connection id>|<master SKU>"; the record is the product.
    fix: (subject) => ({ path: `/inventory?f.sku=${encodeURIComponent(subject.split("|").slice(1).join("|"))}`, label: "Review the SKU's stock and TikTok listing" }),
  },
  inventory_adjustment_refused: {
    title: "Acumatica refused an inventory adjustment",
    // The subject is the adjustment's ExternalRef; the record is the Acumatica connection.
    fix: () => ({ path: "/inventory", label: "Review the edited quantities" }),
  },
  retries_exhausted: {
    title: "Acumatica kept failing (rate limit or outage)",
    fix: (_subject, orderId) => ({ path: orderId ? `/orders/${orderId}` : "/exceptions", label: "Retry the order" }),
  },
} satisfies Record<string, CauseInfo>;

export type Cause = keyof typeof CAUSES;

/** Exceptions of a buyer's request (on its refund record): they close once the request no longer waits for the seller. */
export const BUYER_REQUEST_CAUSES = ["buyer_cancel_after_shipment", "buyer_request_unanswered", "tiktok_not_connected"] as const satisfies readonly Cause[];

export interface Problem {
  cause: Cause;
  /** What within the cause: a SKU, a shipping option id; '' when whole. */
  subject?: string;
  message: string;
  raw?: Record<string, unknown>;
}

export function fixOf(cause: Cause, subject: string, orderId: string | null): { path: string; label: string } {
  return (CAUSES[cause] as CauseInfo).fix(subject, orderId);
}
