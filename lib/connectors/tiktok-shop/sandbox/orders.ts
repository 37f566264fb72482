import type { ApiRoute } from "./http";
import { ApiError, BAD_PARAM, optionalInt, optionalString, optionalStringArray, pageSize } from "./http";
import { compareBy, paginate, queryFingerprint } from "./paging";
import type { LineState, OrderState, SandboxState } from "./state";
import { fromCents, shippingPaidCents } from "./state";
import { maskForTikTokShipping } from "./tiktok-shipping";

/** Renders an order the way Get Order Detail / Search Orders return it. */

const MASKED_STATUSES_US = new Set(["UNPAID", "ON_HOLD", "CANCELLED"]);
const MASKED_STATUSES = new Set(["UNPAID", "ON_HOLD"]);

function lineDisplayStatus(state: SandboxState, order: OrderState, line: LineState): string {
  if (line.cancelled) return "CANCELLED";
  const pkg = line.packageId ? state.packages.get(line.packageId) : undefined;
  const shipped = pkg?.shippedAt !== undefined;
  if (order.status === "PARTIALLY_SHIPPING") return shipped ? "AWAITING_COLLECTION" : "AWAITING_SHIPMENT";
  return order.status;
}

function renderAddress(state: SandboxState, order: OrderState) {
  const shop = state.shops.get(order.shopId);
  const masked = (shop?.region === "US" ? MASKED_STATUSES_US : MASKED_STATUSES).has(order.status);
  const a = order.address;
  if (masked) {
    return {
      name: "", first_name: "", last_name: "", phone_number: "", full_address: "", address_detail: "",
      address_line1: "", address_line2: "", address_line3: "", address_line4: "", postal_code: "",
      region_code: a.regionCode, district_info: [],
    };
  }
  return {
    name: `${a.firstName} ${a.lastName}`,
    first_name: a.firstName,
    last_name: a.lastName,
    phone_number: a.phone,
    full_address: [a.line1 + (a.line2 ? " " + a.line2 : ""), a.city, a.state, a.postalCode, a.country].join(", "),
    address_detail: a.line2,
    address_line1: a.line1,
    address_line2: a.line2,
    address_line3: "",
    address_line4: "",
    postal_code: a.postalCode,
    ...(a.regionCode === "GB" ? { post_town: a.city } : {}),
    region_code: a.regionCode,
    district_info: [
      { address_level: "L0", address_level_name: "Country", address_name: a.country },
      { address_level: "L1", address_level_name: "State", address_name: a.state },
      { address_level: "L3", address_level_name: "City", address_name: a.city },
    ],
  };
}

export function renderOrder(state: SandboxState, order: OrderState) {
  const live = order.lines;
  const sum = (f: (l: LineState) => number) => live.reduce((s, l) => s + f(l), 0);
  const original = sum((l) => l.originalPriceCents);
  const sellerDiscount = sum((l) => l.sellerDiscountCents);
  const platformDiscount = sum((l) => l.platformDiscountCents);
  const subTotal = original - sellerDiscount - platformDiscount;
  const productTax = sum((l) => l.taxCents);
  const shippingFee = shippingPaidCents(order);
  // shipping is not taxed in the sandbox's markets
  const shippingFeeTax = 0;
  const shop = state.shops.get(order.shopId);
  const option = shop?.deliveryOptions.find((d) => d.id === order.deliveryOptionId);
  const lastPkg = order.packageIds.map((id) => state.packages.get(id)).filter((p) => p?.shippedAt !== undefined).at(-1);
  return {
    id: order.id,
    status: order.status,
    create_time: order.createTime,
    update_time: order.updateTime,
    ...(order.paidTime ? { paid_time: order.paidTime, rts_sla_time: order.paidTime + 2 * 86400, shipping_due_time: order.paidTime + 3 * 86400, collection_due_time: order.paidTime + 6 * 86400 } : {}),
    ...(order.rtsTime ? { rts_time: order.rtsTime } : {}),
    ...(order.collectionTime ? { collection_time: order.collectionTime } : {}),
    ...(order.deliveryTime ? { delivery_time: order.deliveryTime } : {}),
    ...(order.cancelTime ? { cancel_time: order.cancelTime } : {}),
    shipping_type: order.shippingType ?? "SELLER",
    fulfillment_type: "FULFILLMENT_BY_SELLER",
    delivery_type: "HOME_DELIVERY",
    delivery_option_id: order.deliveryOptionId,
    delivery_option_name: option?.name ?? "",
    ...(lastPkg ? { shipping_provider: lastPkg.shippingProviderName, shipping_provider_id: lastPkg.shippingProviderId, tracking_number: lastPkg.trackingNumber } : {}),
    warehouse_id: order.warehouseId,
    packages: order.packageIds.map((id) => ({ id })),
    user_id: order.userId,
    buyer_email: order.buyerEmail,
    buyer_message: order.buyerMessage,
    ...(order.cancellationInitiator ? { cancellation_initiator: order.cancellationInitiator, cancel_reason: order.cancelReason } : {}),
    is_buyer_request_cancel: order.isBuyerRequestCancel,
    is_on_hold_order: shop?.onHold ?? false,
    is_cod: false,
    is_sample_order: false,
    is_replacement_order: false,
    commerce_platform: "TIKTOK_SHOP",
    payment_method_name: "CCDC",
    payment: {
      currency: order.currency,
      original_total_product_price: fromCents(original),
      seller_discount: fromCents(sellerDiscount),
      platform_discount: fromCents(platformDiscount),
      sub_total: fromCents(subTotal),
      original_shipping_fee: fromCents(order.shippingFeeCents),
      shipping_fee_seller_discount: fromCents(order.shippingFeeSellerDiscountCents),
      shipping_fee_platform_discount: fromCents(order.shippingFeePlatformDiscountCents),
      shipping_fee_cofunded_discount: "0.00",
      shipping_fee: fromCents(shippingFee),
      tax: fromCents(productTax + shippingFeeTax),
      product_tax: fromCents(productTax),
      shipping_fee_tax: fromCents(shippingFeeTax),
      ...(shop?.region === "US" ? { retail_delivery_fee: fromCents(order.retailDeliveryFeeCents) } : {}),
      total_amount: fromCents(subTotal + shippingFee + productTax + shippingFeeTax + order.retailDeliveryFeeCents),
    },
    recipient_address: maskForTikTokShipping(order, renderAddress(state, order)),
    line_items: live.map((l) => {
      const pkg = l.packageId ? state.packages.get(l.packageId) : undefined;
      const sale = l.originalPriceCents - l.sellerDiscountCents - l.platformDiscountCents;
      return {
        id: l.id,
        sku_id: l.skuId,
        product_id: l.productId,
        product_name: l.productName,
        sku_name: l.skuName,
        sku_image: `https://p16-oec-va.ibyteimg.com/tos-maliva-i-o3syd03w52-us/${l.skuId}~tplv-o3syd03w52-origin-jpeg.jpeg`,
        seller_sku: l.sellerSku,
        original_price: fromCents(l.originalPriceCents),
        sale_price: fromCents(sale),
        seller_discount: fromCents(l.sellerDiscountCents),
        platform_discount: fromCents(l.platformDiscountCents),
        currency: order.currency,
        item_tax: l.taxCents > 0 || order.taxRate !== "0" ? [{ tax_type: "SALES_TAX", tax_amount: fromCents(l.taxCents), tax_rate: order.taxRate }] : [],
        display_status: lineDisplayStatus(state, order, l),
        ...(pkg ? { package_id: pkg.id, package_status: l.cancelled ? "CANCELLED" : pkg.status } : {}),
        ...(pkg?.shippedAt !== undefined
          ? { shipping_provider_id: pkg.shippingProviderId, shipping_provider_name: pkg.shippingProviderName, tracking_number: pkg.trackingNumber, rts_time: pkg.shippedAt }
          : {}),
        ...(l.cancelled ? { cancel_user: l.cancelUser, cancel_reason: l.cancelReason } : {}),
        is_gift: false,
      };
    }),
  };
}

const ORDER_STATUS_FILTER = new Set(["UNPAID", "ON_HOLD", "AWAITING_SHIPMENT", "PARTIALLY_SHIPPING", "AWAITING_COLLECTION", "IN_TRANSIT", "DELIVERED", "COMPLETED", "CANCELLED"]);

export const orderRoutes: ApiRoute[] = [
  {
    method: "POST",
    path: "/order/202309/orders/search",
    shopCipher: "required",
    handle({ state, shop, query, body, req }) {
      const size = pageSize(query, 1, 100);
      const sortField = query.get("sort_field") ?? "create_time";
      const sortOrder = query.get("sort_order") ?? "DESC";
      if (sortField !== "create_time" && sortField !== "update_time") throw new ApiError(BAD_PARAM, "Invalid sort_field", 400);
      if (sortOrder !== "ASC" && sortOrder !== "DESC") throw new ApiError(BAD_PARAM, "Invalid sort_order", 400);
      const status = optionalString(body, "order_status");
      if (status !== undefined && !ORDER_STATUS_FILTER.has(status)) throw new ApiError(BAD_PARAM, `Invalid order_status ${status}`, 400);
      const createGe = optionalInt(body, "create_time_ge");
      const createLt = optionalInt(body, "create_time_lt");
      const updateGe = optionalInt(body, "update_time_ge");
      const updateLt = optionalInt(body, "update_time_lt");
      const shippingType = optionalString(body, "shipping_type");
      const buyer = optionalString(body, "buyer_user_id");
      const warehouses = optionalStringArray(body, "warehouse_ids");
      const requestCancel = body.is_buyer_request_cancel;
      if (requestCancel !== undefined && typeof requestCancel !== "boolean") throw new ApiError(BAD_PARAM, "param is_buyer_request_cancel type invalid, expected type is:bool", 400);
      const matches = [...state.orders.values()].filter(
        (o) =>
          o.shopId === shop!.id &&
          (status === undefined || o.status === status) &&
          (createGe === undefined || o.createTime >= createGe) &&
          (createLt === undefined || o.createTime < createLt) &&
          (updateGe === undefined || o.updateTime >= updateGe) &&
          (updateLt === undefined || o.updateTime < updateLt) &&
          (shippingType === undefined || shippingType === (o.shippingType ?? "SELLER")) &&
          (buyer === undefined || o.userId === buyer) &&
          (warehouses === undefined || warehouses.includes(o.warehouseId)) &&
          (requestCancel === undefined || o.isBuyerRequestCancel === requestCancel),
      );
      matches.sort(compareBy((o) => (sortField === "update_time" ? o.updateTime : o.createTime), sortOrder, (o) => o.id));
      const { page, nextPageToken } = paginate(state, matches, size, query.get("page_token"), queryFingerprint(req.url.pathname, shop!.id, query, body));
      return { orders: page.map((o) => renderOrder(state, o)), next_page_token: nextPageToken, total_count: matches.length };
    },
  },
  {
    method: "GET",
    path: "/order/202309/orders",
    shopCipher: "required",
    handle({ state, shop, query }) {
      const raw = query.get("ids");
      if (!raw) throw new ApiError(BAD_PARAM, "param ids is required", 400);
      const ids = raw.split(",").map((s) => s.trim()).filter(Boolean);
      if (ids.length === 0) throw new ApiError(BAD_PARAM, "param ids is required", 400);
      if (ids.length > 50) throw new ApiError(BAD_PARAM, "param ids can contain at most 50 order ids", 400);
      const orders = ids.map((id) => {
        const o = state.orders.get(id);
        if (!o || o.shopId !== shop!.id) throw new ApiError(21008111, `The order ${id} does not belong to the current seller.`, 200);
        return renderOrder(state, o);
      });
      return { orders };
    },
  },
];
