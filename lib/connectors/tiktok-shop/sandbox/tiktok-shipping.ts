import type { ApiContext } from "./http";
import { ApiError } from "./http";
import { setOrderStatus } from "./lifecycle";
import type { OrderState, PackageState, SandboxState } from "./state";
import { nextId, nowSec } from "./state";

/**
 * TikTok Shipping (`shipping_type` TIKTOK, spec §4.4, §5.3): TikTok buys the
 * label, so the seller never sends a tracking number. The order's package
 * exists from AWAITING_SHIPMENT; Ship Package (no `self_shipment`) hands it
 * over, and TikTok assigns the carrier and tracking number, which Get Package
 * Detail and the order's line items then show. Mark Package As Shipped and
 * the tracking updates are for the seller's own carrier only.
 */
export const isTikTokShipped = (order: OrderState): boolean => order.shippingType === "TIKTOK";

/** Mark Package As Shipped / Update Shipping Info on a TikTok Shipping order. */
export function sellerCarrierCallRefused(kind: "ship" | "update"): ApiError {
  return kind === "ship"
    ? new ApiError(21011003, "fulfill_unit action not allowed: this order ships with TikTok Shipping. Ship its package with Ship Package; TikTok issues the label and tracking number.")
    : new ApiError(21011030, "fulfillment not allow update tracking no.: the tracking number of a TikTok Shipping package is TikTok's own.");
}

/** A tracking number in the carrier's usual shape (USPS 22 digits starting 9400, UPS 1Z…), unique within the sandbox. */
function platformTrackingNumber(state: SandboxState, providerName: string): string {
  const digits = nextId(state, "");
  if (/usps/i.test(providerName)) return `9400${digits.padStart(18, "0").slice(-18)}`;
  if (/ups/i.test(providerName)) return `1ZTT${digits.slice(-14)}`;
  return `TT${digits.padStart(18, "0").slice(-18)}`;
}

function optionalPickupSlot(raw: unknown): void {
  if (raw === undefined || raw === null) return;
  const slot = raw as { start_time?: unknown; end_time?: unknown };
  const ok = typeof raw === "object" && Number.isInteger(slot.start_time) && Number.isInteger(slot.end_time) && (slot.start_time as number) < (slot.end_time as number);
  if (!ok) throw new ApiError(21001001, "Invalid parameters: pickup_slot needs integer start_time < end_time (Unix seconds).");
}

/** Ship Package for a package of a TikTok Shipping order: TikTok assigns the carrier and the tracking number. */
export function shipTikTokPackage(ctx: ApiContext, pkg: PackageState, order: OrderState): Record<string, never> {
  const { state, shop, body, events } = ctx;
  if (body.self_shipment !== undefined && body.self_shipment !== null) {
    throw new ApiError(21001001, "Invalid parameters: self_shipment is only for seller-shipping packages; this package ships with TikTok Shipping.");
  }
  optionalPickupSlot(body.pickup_slot);
  const lines = order.lines.filter((l) => pkg.lineIds.includes(l.id) && !l.cancelled);
  if (lines.length === 0) throw new ApiError(21011041, "Cannot complete the operation when order is cancelled.");
  if (order.isBuyerRequestCancel || lines.some((l) => l.afterSale)) throw new ApiError(21008044, "Package item has after-sale request, please process the after-sale request first.");
  const option = shop!.deliveryOptions.find((d) => d.id === order.deliveryOptionId) ?? shop!.deliveryOptions[0];
  const carrier = option?.providers[0];
  if (!carrier) throw new ApiError(11021009, "No available shipping services for this request.");
  const now = nowSec();
  pkg.status = "PROCESSING";
  pkg.handoverMethod = body.handover_method === "PICKUP" ? "PICKUP" : "DROP_OFF";
  pkg.trackingNumber = platformTrackingNumber(state, carrier.name);
  pkg.shippingProviderId = carrier.id;
  pkg.shippingProviderName = carrier.name;
  pkg.shippedAt = now;
  pkg.updateTime = now;
  const live = order.lines.filter((l) => !l.cancelled);
  const shipped = (id: string | undefined) => (id ? state.packages.get(id)?.shippedAt !== undefined : false);
  const allShipped = live.every((l) => shipped(l.packageId));
  order.rtsTime ??= now;
  setOrderStatus({ state, events }, order, allShipped ? "AWAITING_COLLECTION" : "PARTIALLY_SHIPPING");
  order.updateTime = now;
  return {};
}

/** Masks the buyer's name and phone as TikTok does for TikTok Shipping orders (spec §4.5). */
export function maskForTikTokShipping<A extends { name: string; first_name: string; last_name: string; phone_number: string }>(order: OrderState, address: A): A {
  if (!isTikTokShipped(order) || !address.name) return address;
  const initial = (s: string) => (s ? `${s[0]}***` : "");
  const phone = address.phone_number.replace(/^(\(\+\d+\)\d{3})\d+(\d{4})$/, "$1-***-$2");
  return { ...address, name: `${initial(address.first_name)} ${initial(address.last_name)}`.trim(), first_name: initial(address.first_name), last_name: initial(address.last_name), phone_number: phone };
}
