import type { ApiRoute } from "./http";
import { ApiError, BAD_PARAM, optionalInt, optionalStringArray, pageSize, requiredString } from "./http";
import { sellerCancel } from "./lifecycle";
import { compareBy, paginate, queryFingerprint } from "./paging";
import type { CancellationState, LineState, OrderState, ReturnState, SandboxState } from "./state";
import { fromCents, shippingPaidCents } from "./state";

/** Search Cancellations / Search Returns with refund amounts per order line. */

/** What the buyer gets back for some lines; shipping and the retail delivery fee only when the whole order is undone before delivery. */
function refundFor(order: OrderState, lines: LineState[], wholeOrder: boolean) {
  const subtotal = lines.reduce((s, l) => s + l.originalPriceCents - l.sellerDiscountCents - l.platformDiscountCents, 0);
  const tax = lines.reduce((s, l) => s + l.taxCents, 0);
  const shipping = wholeOrder ? shippingPaidCents(order) : 0;
  const deliveryFee = wholeOrder ? order.retailDeliveryFeeCents : 0;
  return {
    currency: order.currency,
    refund_total: fromCents(subtotal + tax + shipping + deliveryFee),
    refund_subtotal: fromCents(subtotal),
    refund_shipping_fee: fromCents(shipping),
    refund_tax: fromCents(tax),
    ...(order.retailDeliveryFeeCents > 0 ? { retail_delivery_fee: fromCents(deliveryFee) } : {}),
  };
}

function lineRefund(order: OrderState, l: LineState) {
  return refundFor(order, [l], false);
}

function linesOf(order: OrderState | undefined, ids: string[]): LineState[] {
  return (order?.lines ?? []).filter((l) => ids.includes(l.id));
}

function renderCancellation(state: SandboxState, c: CancellationState) {
  const order = state.orders.get(c.orderId);
  const lines = linesOf(order, c.lineIds);
  const paid = order?.paidTime !== undefined;
  return {
    cancel_id: c.id,
    order_id: c.orderId,
    cancel_type: c.type,
    cancel_status: c.status,
    role: c.role,
    cancel_reason: c.reason,
    cancel_reason_text: c.reasonText,
    create_time: c.createTime,
    update_time: c.updateTime,
    ...(order && paid ? { refund_amount: refundFor(order, lines, order.lines.every((l) => c.lineIds.includes(l.id))) } : {}),
    cancel_line_items: lines.map((l, i) => ({
      cancel_line_item_id: `${c.id.slice(0, 15)}${String(i + 1).padStart(4, "0")}`,
      order_line_item_id: l.id,
      sku_id: l.skuId,
      seller_sku: l.sellerSku,
      sku_name: l.skuName,
      product_name: l.productName,
      ...(order && paid ? { refund_amount: lineRefund(order, l) } : {}),
    })),
  };
}

function renderReturn(state: SandboxState, r: ReturnState) {
  const order = state.orders.get(r.orderId);
  const lines = linesOf(order, r.lineIds);
  return {
    return_id: r.id,
    order_id: r.orderId,
    return_type: r.type,
    return_status: r.status,
    role: r.role,
    return_reason: r.reason,
    return_reason_text: r.reasonText,
    create_time: r.createTime,
    update_time: r.updateTime,
    shipment_type: "PLATFORM",
    ...(r.trackingNumber ? { return_tracking_number: r.trackingNumber } : {}),
    ...(order ? { refund_amount: refundFor(order, lines, false) } : {}),
    return_line_items: lines.map((l, i) => ({
      return_line_item_id: `${r.id.slice(0, 15)}${String(i + 1).padStart(4, "0")}`,
      order_line_item_id: l.id,
      sku_id: l.skuId,
      seller_sku: l.sellerSku,
      sku_name: l.skuName,
      product_name: l.productName,
      ...(order ? { refund_amount: lineRefund(order, l) } : {}),
    })),
  };
}

function timeFilters(body: Record<string, unknown>) {
  const cGe = optionalInt(body, "create_time_ge");
  const cLt = optionalInt(body, "create_time_lt");
  const uGe = optionalInt(body, "update_time_ge");
  const uLt = optionalInt(body, "update_time_lt");
  return (x: { createTime: number; updateTime: number }) =>
    (cGe === undefined || x.createTime >= cGe) && (cLt === undefined || x.createTime < cLt) && (uGe === undefined || x.updateTime >= uGe) && (uLt === undefined || x.updateTime < uLt);
}

function sortOf(query: URLSearchParams): { field: "create_time" | "update_time"; order: "ASC" | "DESC" } {
  const field = query.get("sort_field") ?? "create_time";
  const order = query.get("sort_order") ?? "ASC";
  if ((field !== "create_time" && field !== "update_time") || (order !== "ASC" && order !== "DESC")) throw new ApiError(BAD_PARAM, "Invalid sort_field or sort_order", 400);
  return { field, order };
}

/** Accepts either spelling of the closed states in filters. */
const spellings = (list: string[] | undefined) => list?.flatMap((s) => [s, s.replace(/_CANCELLED$/, "_CANCEL")]);

/** Line items named by `skus: [{sku_id, quantity}]`: that many cancellable units of each SKU. */
function linesForSkus(order: OrderState, raw: unknown): string[] {
  if (!Array.isArray(raw)) throw new ApiError(BAD_PARAM, "param skus type invalid, expected type is:[]object", 400);
  const picked: string[] = [];
  for (const entry of raw as unknown[]) {
    const e = (entry ?? {}) as Record<string, unknown>;
    const skuId = typeof e.sku_id === "string" ? e.sku_id : "";
    const quantity = e.quantity;
    if (!skuId || typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1) throw new ApiError(BAD_PARAM, "each of skus needs sku_id and a positive integer quantity", 400);
    const free = order.lines.filter((l) => l.skuId === skuId && !l.cancelled && !picked.includes(l.id));
    if (free.length < quantity) throw new ApiError(BAD_PARAM, `The order has only ${free.length} cancellable unit(s) of sku ${skuId}.`, 400);
    picked.push(...free.slice(0, quantity).map((l) => l.id));
  }
  return picked;
}

export const returnRoutes: ApiRoute[] = [
  {
    method: "POST",
    path: "/return_refund/202309/cancellations",
    shopCipher: "required",
    handle({ state, shop, body, events }) {
      const orderId = requiredString(body, "order_id");
      const reason = requiredString(body, "cancel_reason");
      const order = state.orders.get(orderId);
      if (!order || order.shopId !== shop!.id) throw new ApiError(21008111, "The order or package does not belong to the current seller.");
      const lineIds = body.skus !== undefined && body.skus !== null ? linesForSkus(order, body.skus) : optionalStringArray(body, "order_line_item_ids");
      const c = sellerCancel({ state, events }, order, { reason, lineIds });
      return { cancel_id: c.id, cancel_status: c.status };
    },
  },
  {
    method: "POST",
    path: "/return_refund/202309/cancellations/search",
    shopCipher: "required",
    handle({ state, shop, query, body, req }) {
      const size = pageSize(query, 1, 50);
      const sort = sortOf(query);
      const ids = optionalStringArray(body, "cancel_ids");
      const orderIds = optionalStringArray(body, "order_ids");
      const statuses = spellings(optionalStringArray(body, "cancel_status"));
      const types = optionalStringArray(body, "cancel_types");
      const inWindow = timeFilters(body);
      const all = [...state.cancellations.values()].filter(
        (c) =>
          c.shopId === shop!.id &&
          (!ids || ids.includes(c.id)) &&
          (!orderIds || orderIds.includes(c.orderId)) &&
          (!statuses || statuses.includes(c.status)) &&
          (!types || types.includes(c.type)) &&
          inWindow(c),
      );
      all.sort(compareBy((c) => (sort.field === "update_time" ? c.updateTime : c.createTime), sort.order, (c) => c.id));
      const { page, nextPageToken } = paginate(state, all, size, query.get("page_token"), queryFingerprint(req.url.pathname, shop!.id, query, body));
      return { cancellations: page.map((c) => renderCancellation(state, c)), next_page_token: nextPageToken, total_count: all.length };
    },
  },
  {
    method: "POST",
    path: "/return_refund/202309/returns/search",
    shopCipher: "required",
    handle({ state, shop, query, body, req }) {
      const size = pageSize(query, 1, 50);
      const sort = sortOf(query);
      const ids = optionalStringArray(body, "return_ids");
      const orderIds = optionalStringArray(body, "order_ids");
      const statuses = spellings(optionalStringArray(body, "return_status"));
      const types = optionalStringArray(body, "return_types");
      const inWindow = timeFilters(body);
      const all = [...state.returns.values()].filter(
        (r) =>
          r.shopId === shop!.id &&
          (!ids || ids.includes(r.id)) &&
          (!orderIds || orderIds.includes(r.orderId)) &&
          (!statuses || statuses.includes(r.status)) &&
          (!types || types.includes(r.type)) &&
          inWindow(r),
      );
      all.sort(compareBy((r) => (sort.field === "update_time" ? r.updateTime : r.createTime), sort.order, (r) => r.id));
      const { page, nextPageToken } = paginate(state, all, size, query.get("page_token"), queryFingerprint(req.url.pathname, shop!.id, query, body));
      return { return_orders: page.map((r) => renderReturn(state, r)), next_page_token: nextPageToken, total_count: all.length };
    },
  },
];
