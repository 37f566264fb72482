/**
 * Status vocabularies, normalised where TikTok spells one state two ways:
 * the order webhook says `CANCEL` where the Orders API says `CANCELLED`;
 * cancellation/return enums end in `_CANCEL` on API pages and `_CANCELLED` in
 * webhook docs. The canonical form here is always the `…CANCELLED` spelling.
 */
export const ORDER_STATUSES = [
  "UNPAID",
  "ON_HOLD",
  "AWAITING_SHIPMENT",
  "PARTIALLY_SHIPPING",
  "AWAITING_COLLECTION",
  "IN_TRANSIT",
  "DELIVERED",
  "COMPLETED",
  "CANCELLED",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const CANCELLATION_STATUSES = [
  "CANCELLATION_REQUEST_PENDING",
  "CANCELLATION_REQUEST_SUCCESS",
  "CANCELLATION_REQUEST_COMPLETE",
  "CANCELLATION_REQUEST_CANCELLED",
] as const;
export type CancellationStatus = (typeof CANCELLATION_STATUSES)[number];

export const RETURN_STATUSES = [
  "RETURN_OR_REFUND_REQUEST_PENDING",
  "REFUND_OR_RETURN_REQUEST_REJECT",
  "AWAITING_BUYER_SHIP",
  "BUYER_SHIPPED_ITEM",
  "REJECT_RECEIVE_PACKAGE",
  "RETURN_OR_REFUND_REQUEST_SUCCESS",
  "RETURN_OR_REFUND_REQUEST_CANCELLED",
  "RETURN_OR_REFUND_REQUEST_COMPLETE",
  "REPLACEMENT_REQUEST_PENDING",
  "REPLACEMENT_REQUEST_REJECT",
  "REPLACEMENT_REQUEST_REFUND_SUCCESS",
  "REPLACEMENT_REQUEST_CANCELLED",
  "REPLACEMENT_REQUEST_COMPLETE",
] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

/** Legacy (pre-202309) integer order statuses. */
const LEGACY_ORDER_CODES: Record<string, OrderStatus> = {
  "100": "UNPAID",
  "105": "ON_HOLD",
  "111": "AWAITING_SHIPMENT",
  "112": "AWAITING_COLLECTION",
  "114": "PARTIALLY_SHIPPING",
  "121": "IN_TRANSIT",
  "122": "DELIVERED",
  "130": "COMPLETED",
  "140": "CANCELLED",
};

function canonicalToken(raw: string): string {
  // collapse doubled underscores seen in doc prose (RETURN_OR_REFUND__REQUEST_CANCELLED)
  return raw.trim().toUpperCase().replace(/_+/g, "_");
}

/** Order status from the API, a webhook or legacy data; `null` when unknown. */
export function normalizeOrderStatus(raw: string | number): OrderStatus | null {
  const token = canonicalToken(String(raw));
  if (token === "CANCEL" || token === "CANCELED") return "CANCELLED";
  const legacy = LEGACY_ORDER_CODES[token];
  if (legacy) return legacy;
  return (ORDER_STATUSES as readonly string[]).includes(token) ? (token as OrderStatus) : null;
}

function normalizeCancelSuffix(token: string): string {
  return token.replace(/_CANCEL(ED|LED)?$/, "_CANCELLED");
}

export function normalizeCancellationStatus(raw: string): CancellationStatus | null {
  const token = normalizeCancelSuffix(canonicalToken(raw));
  return (CANCELLATION_STATUSES as readonly string[]).includes(token) ? (token as CancellationStatus) : null;
}

export function normalizeReturnStatus(raw: string): ReturnStatus | null {
  const token = normalizeCancelSuffix(canonicalToken(raw));
  return (RETURN_STATUSES as readonly string[]).includes(token) ? (token as ReturnStatus) : null;
}

/** Orders in these states may be shipped by the seller. */
export function isShippableOrderStatus(status: OrderStatus): boolean {
  return status === "AWAITING_SHIPMENT" || status === "PARTIALLY_SHIPPING";
}
