import { BUYERS } from "../fixtures";
import { ApiError, BAD_PARAM } from "./http";
import type { CancellationState, LineState, OrderState, OrderStatusValue, PackageState, ReturnState, SandboxState } from "./state";
import { findSku, nextId, nowSec, toCents } from "./state";
import type { WebhookDispatcher } from "./webhooks";

/**
 * Order, cancellation and return state machines. Every status change stamps
 * `update_time` and emits the webhook the shop subscribed to.
 */
export interface World {
  state: SandboxState;
  events: WebhookDispatcher;
}

const WEBHOOK_ORDER_STATUS: Partial<Record<OrderStatusValue, string>> = { CANCELLED: "CANCEL" };

export function setOrderStatus(world: World, order: OrderState, status: OrderStatusValue): void {
  if (order.status === status) return;
  order.status = status;
  order.updateTime = nowSec();
  world.events.emit(order.shopId, "ORDER_STATUS_CHANGE", {
    order_id: order.id,
    // the webhook doc spells the cancelled state `CANCEL`
    order_status: WEBHOOK_ORDER_STATUS[status] ?? status,
    is_on_hold_order: status === "ON_HOLD",
    update_time: order.updateTime,
  });
}

export interface PlaceOrderInput {
  shopId: string;
  items: Array<{ sellerSku?: string; skuId?: string; quantity: number }>;
  deliveryOptionId?: string;
  /** Index into the region's BUYERS (e.g. 2 = the Colorado buyer in the US). */
  buyerIndex?: number;
  buyerMessage?: string;
  /** Seller discount per unit, decimal string, applied to every line (capped at the price). */
  sellerDiscountPerUnit?: string;
  /** Platform (TikTok-funded) discount per unit, decimal string, applied after the seller discount. */
  platformDiscountPerUnit?: string;
  /** Discounts on the delivery option's fee, decimal strings (capped at the fee). */
  shippingFeeSellerDiscount?: string;
  shippingFeePlatformDiscount?: string;
  /** TIKTOK: TikTok Shipping issues the label and tracking (default SELLER, the seller's own carrier). */
  shippingType?: "SELLER" | "TIKTOK";
}

function decimalCents(value: string | undefined, field: string): number {
  if (value === undefined || value === "") return 0;
  if (!/^\d+(\.\d{1,2})?$/.test(value)) throw new ApiError(BAD_PARAM, `${field} must be a decimal string like "1.50"`, 400);
  return toCents(value);
}

export function placeOrder(world: World, input: PlaceOrderInput): OrderState {
  const { state } = world;
  const shop = state.shops.get(input.shopId);
  if (!shop) throw new ApiError(BAD_PARAM, `Unknown shop ${input.shopId}`, 404);
  if (input.items.length === 0) throw new ApiError(BAD_PARAM, "An order needs at least one item", 400);
  const option = input.deliveryOptionId ? shop.deliveryOptions.find((d) => d.id === input.deliveryOptionId) : shop.deliveryOptions[0];
  if (!option) throw new ApiError(BAD_PARAM, `Unknown delivery option ${input.deliveryOptionId} for shop ${shop.name}`, 400);
  const buyers = BUYERS[shop.region] ?? BUYERS.US ?? [];
  const buyerIndex = input.buyerIndex ?? 0;
  if (!Number.isInteger(buyerIndex) || buyerIndex < 0 || buyerIndex >= buyers.length) throw new ApiError(BAD_PARAM, `buyer_index must be 0..${buyers.length - 1} for ${shop.region}`, 400);
  const buyer = buyers[buyerIndex];
  if (!buyer) throw new ApiError(BAD_PARAM, "No buyer fixture", 500);
  const sellerDiscount = decimalCents(input.sellerDiscountPerUnit, "seller_discount_per_unit");
  const platformDiscount = decimalCents(input.platformDiscountPerUnit, "platform_discount_per_unit");
  const rate = Number(shop.taxRate);
  const lines: LineState[] = [];
  for (const item of input.items) {
    const found = findSku(state, shop.id, { skuId: item.skuId, sellerSku: item.sellerSku });
    if (!found) throw new ApiError(BAD_PARAM, `Unknown SKU ${item.skuId ?? item.sellerSku} in shop ${shop.name}`, 400);
    if (!Number.isInteger(item.quantity) || item.quantity < 1) throw new ApiError(BAD_PARAM, "quantity must be a positive integer", 400);
    // TikTok has no quantity on a line: one line item per unit
    for (let i = 0; i < item.quantity; i++) {
      const price = found.sku.priceCents;
      const seller = Math.min(price, sellerDiscount);
      const platform = Math.min(price - seller, platformDiscount);
      // US sales tax on what the buyer pays for the item (after both discounts)
      const sale = price - seller - platform;
      lines.push({
        id: nextId(state, "57"),
        skuId: found.sku.id,
        productId: found.product.id,
        productName: found.product.title,
        skuName: found.sku.name,
        sellerSku: found.sku.sellerSku,
        originalPriceCents: price,
        sellerDiscountCents: seller,
        platformDiscountCents: platform,
        taxCents: Math.round(sale * rate),
        cancelled: false,
        afterSale: false,
      });
    }
  }
  const shippingSeller = Math.min(option.shippingFeeCents, decimalCents(input.shippingFeeSellerDiscount, "shipping_fee_seller_discount"));
  const shippingPlatform = Math.min(option.shippingFeeCents - shippingSeller, decimalCents(input.shippingFeePlatformDiscount, "shipping_fee_platform_discount"));
  const now = nowSec();
  const warehouse = shop.warehouses.find((w) => w.isDefault) ?? shop.warehouses[0];
  const order: OrderState = {
    id: nextId(state, "57"),
    shopId: shop.id,
    status: "UNPAID",
    createTime: now,
    updateTime: now,
    userId: nextId(state, "74"),
    buyerEmail: `${Math.random().toString(36).slice(2, 8)}@scs.tiktokw.us`,
    buyerMessage: input.buyerMessage ?? "",
    deliveryOptionId: option.id,
    warehouseId: warehouse?.id ?? "",
    shippingFeeCents: option.shippingFeeCents,
    shippingFeeSellerDiscountCents: shippingSeller,
    shippingFeePlatformDiscountCents: shippingPlatform,
    retailDeliveryFeeCents: shop.retailDeliveryFeeCents[buyer.state] ?? 0,
    currency: shop.currency,
    taxRate: shop.taxRate,
    address: { ...buyer, regionCode: shop.region },
    lines,
    packageIds: [],
    isBuyerRequestCancel: false,
    ...(input.shippingType === "TIKTOK" ? { shippingType: "TIKTOK" as const } : {}),
  };
  state.orders.set(order.id, order);
  world.events.emit(order.shopId, "ORDER_STATUS_CHANGE", { order_id: order.id, order_status: "UNPAID", is_on_hold_order: false, update_time: now });
  return order;
}

function createInitialPackage(state: SandboxState, order: OrderState): void {
  const now = nowSec();
  const pkg: PackageState = {
    id: nextId(state, "11"),
    orderId: order.id,
    shopId: order.shopId,
    lineIds: order.lines.filter((l) => !l.cancelled).map((l) => l.id),
    status: "TO_FULFILL",
    createTime: now,
    updateTime: now,
    trackingUpdates: [],
  };
  state.packages.set(pkg.id, pkg);
  order.packageIds.push(pkg.id);
  for (const l of order.lines) if (!l.cancelled) l.packageId = pkg.id;
}

export function payOrder(world: World, order: OrderState): void {
  if (order.status !== "UNPAID") throw new ApiError(BAD_PARAM, `Order ${order.id} is ${order.status}, not UNPAID`, 409);
  order.paidTime = nowSec();
  order.paidAtMs = Date.now();
  const shop = world.state.shops.get(order.shopId);
  if (shop?.onHold) setOrderStatus(world, order, "ON_HOLD");
  else releaseHold(world, order, true);
}

/** The remorse window has passed: ON_HOLD → AWAITING_SHIPMENT. */
export function releaseHold(world: World, order: OrderState, fromUnpaid = false): void {
  if (!fromUnpaid && order.status !== "ON_HOLD") throw new ApiError(BAD_PARAM, `Order ${order.id} is ${order.status}, not ON_HOLD`, 409);
  createInitialPackage(world.state, order);
  setOrderStatus(world, order, "AWAITING_SHIPMENT");
}

/** Releases every ON_HOLD order whose remorse window has passed. */
export function releaseExpiredHolds(world: World): void {
  const limit = Date.now() - world.state.config.onHoldMs;
  for (const order of world.state.orders.values()) {
    if (order.status === "ON_HOLD" && (order.paidAtMs ?? Infinity) <= limit) releaseHold(world, order);
  }
}

function emitCancellation(world: World, c: CancellationState): void {
  world.events.emit(c.shopId, "CANCELLATION_STATUS_CHANGE", {
    order_id: c.orderId,
    cancellations_role: c.role,
    // webhook spelling of the closed state
    cancel_status: c.status === "CANCELLATION_REQUEST_CANCEL" ? "CANCELLATION_REQUEST_CANCELLED" : c.status,
    cancel_id: c.id,
    create_time: c.createTime,
  });
}

function setCancellationStatus(world: World, c: CancellationState, status: CancellationState["status"]): void {
  c.status = status;
  c.updateTime = nowSec();
  emitCancellation(world, c);
}

function cancelWholeOrder(world: World, order: OrderState, initiator: string, reason: string): void {
  for (const l of order.lines) {
    l.cancelled = true;
    l.cancelUser = initiator;
    l.cancelReason = reason;
  }
  for (const id of order.packageIds) {
    const p = world.state.packages.get(id);
    if (p) p.status = "CANCELLED";
  }
  order.cancellationInitiator = initiator;
  order.cancelReason = reason;
  order.cancelTime = nowSec();
  order.isBuyerRequestCancel = false;
  setOrderStatus(world, order, "CANCELLED");
}

/**
 * Buyer cancels. Before the order is ready to ship (UNPAID, ON_HOLD) it is
 * cancelled at once; once AWAITING_SHIPMENT the buyer only files a request the
 * seller (or the operator, on its behalf) must answer.
 */
export function buyerCancel(world: World, order: OrderState, reasonKey?: string): CancellationState {
  const reason = reasonKey ?? (order.status === "UNPAID" ? "ecom_order_unpaid_canceled_reason_no_longer_needed" : "ecom_order_to_ship_canceled_reason_no_longer_needed");
  const now = nowSec();
  const immediate = order.status === "UNPAID" || order.status === "ON_HOLD";
  if (!immediate && order.status !== "AWAITING_SHIPMENT") throw new ApiError(BAD_PARAM, `A buyer cannot cancel an order in ${order.status}`, 409);
  const c: CancellationState = {
    id: nextId(world.state, "58"),
    orderId: order.id,
    shopId: order.shopId,
    type: "BUYER_CANCEL",
    status: "CANCELLATION_REQUEST_PENDING",
    role: "BUYER",
    reason,
    reasonText: "No longer needed",
    createTime: now,
    updateTime: now,
    lineIds: order.lines.filter((l) => !l.cancelled).map((l) => l.id),
  };
  world.state.cancellations.set(c.id, c);
  emitCancellation(world, c);
  if (immediate) {
    setCancellationStatus(world, c, "CANCELLATION_REQUEST_SUCCESS");
    cancelWholeOrder(world, order, "BUYER", reason);
    if (order.paidTime) setCancellationStatus(world, c, "CANCELLATION_REQUEST_COMPLETE");
  } else {
    order.isBuyerRequestCancel = true;
    order.updateTime = now;
  }
  return c;
}

/**
 * Reasons a seller may give, per market and order status ("Seller Initiates Cancel Reason" of the
 * cancel-reasons page). UNPAID takes the unpaid set; ON_HOLD and AWAITING_SHIPMENT the paid set.
 */
const SELLER_CANCEL_REASONS: Record<"US" | "GB" | "OTHER", { unpaid: Record<string, string>; paid: Record<string, string> }> = {
  US: {
    unpaid: {
      seller_cancel_unpaid_reason_out_of_stock: "Out of stock",
      seller_cancel_unpaid_reason_wrong_price: "Pricing error",
      seller_cancel_unpaid_reason_buyer_hasnt_paid_within_time_allowed: "Buyer did not pay on time",
      seller_cancel_unpaid_reason_buyer_requested_cancellation: "Buyer requested cancellation",
    },
    paid: {
      seller_cancel_reason_out_of_stock: "Out of stock",
      seller_cancel_reason_wrong_price: "Pricing error",
      seller_cancel_paid_reason_address_not_deliver: "Unable to deliver to buyer address",
      seller_cancel_paid_reason_buyer_requested_cancellation: "Buyer requested cancellation",
    },
  },
  GB: {
    unpaid: {
      seller_cancel_unpaid_reason_out_of_stock_uk: "Out of stock",
      seller_cancel_unpaid_reason_wrong_price_uk: "Pricing error",
      seller_cancel_unpaid_reason_buyer_hasnt_paid_within_time_allowed_uk: "Buyer did not pay on time",
    },
    paid: {
      seller_cancel_reason_wrong_price_uk: "Pricing error",
      seller_cancel_paid_reason_address_not_deliver_uk: "Unable to deliver to buyer address",
      seller_cancel_reason_out_of_stock_uk: "Out of stock",
    },
  },
  OTHER: {
    unpaid: {
      seller_cancel_unpaid_reason_out_of_stock: "Out of stock",
      seller_cancel_unpaid_reason_wrong_price: "Pricing error",
      seller_cancel_unpaid_reason_buyer_hasnt_paid_within_time_allowed: "Buyer did not pay on time",
    },
    paid: {
      seller_cancel_reason_out_of_stock: "Out of stock",
      seller_cancel_reason_wrong_price: "Pricing error",
      seller_cancel_paid_reason_address_not_deliver: "Unable to deliver to buyer address",
    },
  },
};

export const REASON_NOT_MATCH_STATUS = 25001021;

/** Reasons a seller may give for this order now ({} when the seller cannot cancel it). */
export function sellerCancelReasons(world: World, order: OrderState): Record<string, string> {
  const region = world.state.shops.get(order.shopId)?.region ?? "";
  const table = SELLER_CANCEL_REASONS[region === "US" || region === "GB" ? region : "OTHER"];
  if (order.status === "UNPAID") return table.unpaid;
  if (order.status === "ON_HOLD" || order.status === "AWAITING_SHIPMENT") return table.paid;
  // seller-initiated cancellation after "ready to ship" exists in the US only
  if (order.status === "AWAITING_COLLECTION" && region === "US") return table.paid;
  return {};
}

/**
 * Seller cancels the whole order or some line items (US/UK, items not yet shipped). No approval is
 * needed: the cancellation succeeds at once and completes with the refund when the order was paid.
 */
export function sellerCancel(world: World, order: OrderState, input: { reason: string; lineIds?: string[] }): CancellationState {
  const reasonText = sellerCancelReasons(world, order)[input.reason];
  if (!reasonText) throw new ApiError(REASON_NOT_MATCH_STATUS, "Reason not match order status");
  const region = world.state.shops.get(order.shopId)?.region ?? "";
  const live = order.lines.filter((l) => !l.cancelled);
  let targets = live;
  if (input.lineIds && input.lineIds.length > 0) {
    if (region !== "US" && region !== "GB") throw new ApiError(BAD_PARAM, "Item-level cancellation is only available in the US and UK markets.", 400);
    targets = [];
    for (const id of new Set(input.lineIds)) {
      const line = order.lines.find((l) => l.id === id);
      if (!line) throw new ApiError(BAD_PARAM, `order_line_item_id ${id} does not belong to the order.`, 400);
      if (line.cancelled) throw new ApiError(BAD_PARAM, `order_line_item_id ${id} is already cancelled.`, 400);
      if (line.afterSale) throw new ApiError(21011007, `order_line_item_id ${id} has an after-sale request.`);
      if (line.packageId && world.state.packages.get(line.packageId)?.shippedAt !== undefined) throw new ApiError(BAD_PARAM, `order_line_item_id ${id} has already been shipped.`, 400);
      targets.push(line);
    }
  }
  const now = nowSec();
  const c: CancellationState = {
    id: nextId(world.state, "58"),
    orderId: order.id,
    shopId: order.shopId,
    type: "CANCEL",
    status: "CANCELLATION_REQUEST_PENDING",
    role: "SELLER",
    reason: input.reason,
    reasonText,
    createTime: now,
    updateTime: now,
    lineIds: targets.map((l) => l.id),
  };
  world.state.cancellations.set(c.id, c);
  emitCancellation(world, c);
  setCancellationStatus(world, c, "CANCELLATION_REQUEST_SUCCESS");
  if (targets.length === live.length) {
    // a buyer's pending request is closed by the seller's own cancellation
    for (const other of world.state.cancellations.values()) {
      if (other.orderId === order.id && other.id !== c.id && other.status === "CANCELLATION_REQUEST_PENDING") setCancellationStatus(world, other, "CANCELLATION_REQUEST_CANCEL");
    }
    cancelWholeOrder(world, order, "SELLER", input.reason);
  } else {
    for (const l of targets) {
      l.cancelled = true;
      l.cancelUser = "SELLER";
      l.cancelReason = input.reason;
    }
    for (const id of order.packageIds) {
      const p = world.state.packages.get(id);
      if (!p || p.shippedAt !== undefined) continue;
      p.lineIds = p.lineIds.filter((lineId) => !targets.some((t) => t.id === lineId));
      if (p.lineIds.length === 0) p.status = "CANCELLED";
      p.updateTime = now;
    }
    order.updateTime = now;
  }
  if (order.paidTime) setCancellationStatus(world, c, "CANCELLATION_REQUEST_COMPLETE");
  return c;
}

/** Answers a pending cancellation request: approve (order cancelled, refund), reject, or buyer withdraws. */
export function resolveCancellation(world: World, c: CancellationState, outcome: "approve" | "reject" | "withdraw"): void {
  if (c.status !== "CANCELLATION_REQUEST_PENDING") throw new ApiError(BAD_PARAM, `Cancellation ${c.id} is ${c.status}`, 409);
  const order = world.state.orders.get(c.orderId);
  if (!order) throw new ApiError(BAD_PARAM, "Order vanished", 500);
  order.isBuyerRequestCancel = false;
  order.updateTime = nowSec();
  if (outcome === "approve") {
    setCancellationStatus(world, c, "CANCELLATION_REQUEST_SUCCESS");
    cancelWholeOrder(world, order, c.role, c.reason);
    setCancellationStatus(world, c, "CANCELLATION_REQUEST_COMPLETE");
  } else {
    setCancellationStatus(world, c, "CANCELLATION_REQUEST_CANCEL");
  }
}

const CARRIER_STEPS: OrderStatusValue[] = ["AWAITING_COLLECTION", "IN_TRANSIT", "DELIVERED", "COMPLETED"];

/** Carrier progress after the seller shipped everything. */
export function advanceOrder(world: World, order: OrderState, status: OrderStatusValue): void {
  const from = CARRIER_STEPS.indexOf(order.status);
  const to = CARRIER_STEPS.indexOf(status);
  if (from < 0 || to <= from) throw new ApiError(BAD_PARAM, `Cannot move order ${order.id} from ${order.status} to ${status}`, 409);
  const now = nowSec();
  if (to >= 1) order.collectionTime ??= now;
  if (to >= 2) order.deliveryTime ??= now;
  for (const id of order.packageIds) {
    const p = world.state.packages.get(id);
    if (!p || p.status === "CANCELLED") continue;
    p.status = to >= 2 ? "COMPLETED" : "FULFILLING";
    p.updateTime = now;
  }
  setOrderStatus(world, order, status);
}

const RETURN_WEBHOOK_SPELLING: Record<string, string> = {
  RETURN_OR_REFUND_REQUEST_CANCEL: "RETURN_OR_REFUND_REQUEST_CANCELLED",
  REPLACEMENT_REQUEST_CANCEL: "REPLACEMENT_REQUEST_CANCELLED",
};

function emitReturn(world: World, r: ReturnState): void {
  world.events.emit(r.shopId, "RETURN_STATUS_CHANGE", {
    order_id: r.orderId,
    return_role: r.role,
    return_type: r.type,
    return_status: RETURN_WEBHOOK_SPELLING[r.status] ?? r.status,
    return_id: r.id,
    create_time: r.createTime,
    update_time: r.updateTime,
  });
}

export function openReturn(world: World, order: OrderState, input: { type?: ReturnState["type"]; lineIds?: string[]; reason?: string }): ReturnState {
  if (!["AWAITING_COLLECTION", "IN_TRANSIT", "DELIVERED", "COMPLETED", "AWAITING_SHIPMENT", "PARTIALLY_SHIPPING"].includes(order.status)) {
    throw new ApiError(BAD_PARAM, `No return/refund possible for an order in ${order.status}`, 409);
  }
  const candidates = order.lines.filter((l) => !l.cancelled && !l.afterSale);
  const lines = input.lineIds ? candidates.filter((l) => input.lineIds!.includes(l.id)) : candidates;
  if (lines.length === 0 || (input.lineIds && lines.length !== input.lineIds.length)) throw new ApiError(BAD_PARAM, "Line items not eligible for a return", 400);
  const now = nowSec();
  const r: ReturnState = {
    id: nextId(world.state, "46"),
    orderId: order.id,
    shopId: order.shopId,
    type: input.type ?? (order.status === "DELIVERED" || order.status === "COMPLETED" ? "RETURN_AND_REFUND" : "REFUND"),
    status: "RETURN_OR_REFUND_REQUEST_PENDING",
    role: "BUYER",
    reason: input.reason ?? "ecom_order_delivered_refund_and_return_reason_damaged",
    reasonText: "Damaged item",
    createTime: now,
    updateTime: now,
    lineIds: lines.map((l) => l.id),
  };
  for (const l of lines) l.afterSale = true;
  world.state.returns.set(r.id, r);
  emitReturn(world, r);
  return r;
}

export function setReturnStatus(world: World, r: ReturnState, status: string): void {
  r.status = status;
  r.updateTime = nowSec();
  if (/CANCEL|REJECT/.test(status)) {
    const order = world.state.orders.get(r.orderId);
    for (const l of order?.lines ?? []) if (r.lineIds.includes(l.id)) l.afterSale = false;
  }
  emitReturn(world, r);
}
