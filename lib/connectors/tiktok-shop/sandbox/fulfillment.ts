import type { ApiContext, ApiRoute } from "./http";
import { ApiError, BAD_PARAM, optionalStringArray, requiredString } from "./http";
import { setOrderStatus } from "./lifecycle";
import type { OrderState, PackageState, ShopState } from "./state";
import { nextId, nowSec } from "./state";
import { isTikTokShipped, sellerCarrierCallRefused, shipTikTokPackage } from "./tiktok-shipping";

/** Logistics lookups and seller-shipped fulfillment (Mark Package As Shipped, Update Shipping Info). */

const MARK_SHIPPED_REGIONS = new Set(["US", "GB", "ES", "IE", "IT", "DE", "FR", "JP"]);

function orderOf(ctx: ApiContext): OrderState {
  const order = ctx.state.orders.get(ctx.params.order_id ?? "");
  if (!order || order.shopId !== ctx.shop!.id) throw new ApiError(21008111, "The order or package does not belong to the current seller.");
  return order;
}

function providerFor(shop: ShopState, order: OrderState, providerId: string) {
  const option = shop.deliveryOptions.find((d) => d.id === order.deliveryOptionId);
  const provider = option?.providers.find((p) => p.id === providerId);
  if (!provider) throw new ApiError(21011029, `The shipping provider ${providerId} is not available for this order's delivery option.`);
  return provider;
}

function trackingInUse(ctx: ApiContext, tracking: string, exceptPackage?: string): boolean {
  for (const p of ctx.state.packages.values()) {
    if (p.shopId === ctx.shop!.id && p.id !== exceptPackage && p.trackingNumber === tracking && p.status !== "CANCELLED") return true;
  }
  return false;
}

function packageOf(ctx: ApiContext): { pkg: PackageState; order: OrderState } {
  const pkg = ctx.state.packages.get(ctx.params.package_id ?? "");
  const order = pkg ? ctx.state.orders.get(pkg.orderId) : undefined;
  if (!pkg || !order || pkg.shopId !== ctx.shop!.id) throw new ApiError(21008111, "The order or package does not belong to the current seller.");
  return { pkg, order };
}

function renderPackage(ctx: ApiContext, pkg: PackageState, order: OrderState) {
  const shippedCount = shippedPackages(ctx, order).length;
  return {
    package_id: pkg.id,
    orders: [{ id: order.id, skus: order.lines.filter((l) => pkg.lineIds.includes(l.id)).map((l) => ({ id: l.skuId, quantity: 1 })) }],
    package_status: pkg.status,
    shipping_type: order.shippingType ?? "SELLER",
    ...(pkg.handoverMethod ? { handover_method: pkg.handoverMethod } : {}),
    shipping_provider_id: pkg.shippingProviderId ?? "",
    shipping_provider_name: pkg.shippingProviderName ?? "",
    tracking_number: pkg.trackingNumber ?? "",
    delivery_option_id: order.deliveryOptionId ?? "",
    order_line_item_ids: pkg.lineIds,
    split_and_combine_tag: shippedCount > 1 || order.packageIds.length > 1 ? "SPLIT" : "DEFAULT",
    create_time: pkg.createTime,
    update_time: pkg.updateTime,
  };
}

function shippedPackages(ctx: ApiContext, order: OrderState): PackageState[] {
  return order.packageIds.map((id) => ctx.state.packages.get(id)).filter((p): p is PackageState => p?.shippedAt !== undefined);
}

export const fulfillmentRoutes: ApiRoute[] = [
  {
    method: "GET",
    path: "/logistics/202309/warehouses",
    shopCipher: "required",
    handle({ shop }) {
      return {
        warehouses: shop!.warehouses.map((w) => ({
          id: w.id,
          name: w.name,
          effect_status: "ENABLED",
          type: "SALES_WAREHOUSE",
          sub_type: "DOMESTIC_WAREHOUSE",
          is_default: w.isDefault,
          address: { region: shop!.region, region_code: shop!.region, state: w.state, city: w.city, postal_code: w.postalCode, full_address: `${w.city}, ${w.state} ${w.postalCode}`, contact_person: "Warehouse desk", phone_number: "(+1)5035550100" },
        })),
      };
    },
  },
  {
    method: "GET",
    path: "/logistics/202309/warehouses/:warehouse_id/delivery_options",
    shopCipher: "required",
    handle({ shop, params }) {
      if (!shop!.warehouses.some((w) => w.id === params.warehouse_id)) throw new ApiError(12052530, "The warehouse does not belong to the shop.");
      return {
        delivery_options: shop!.deliveryOptions
          .filter((d) => d.warehouseIds.includes(params.warehouse_id ?? ""))
          .map((d) => ({ id: d.id, name: d.name, description: d.description, type: d.type, platform: ["TIKTOK_SHOP"], weight_limit: { min_weight: 1, max_weight: 30000, unit: "GRAM" } })),
      };
    },
  },
  {
    method: "GET",
    path: "/logistics/202309/delivery_options/:delivery_option_id/shipping_providers",
    shopCipher: "required",
    handle({ shop, params }) {
      const option = shop!.deliveryOptions.find((d) => d.id === params.delivery_option_id);
      if (!option) throw new ApiError(BAD_PARAM, "Invalid delivery_option_id.", 400);
      return { shipping_providers: option.providers.map((p) => ({ id: p.id, name: p.name })) };
    },
  },
  {
    method: "POST",
    path: "/fulfillment/202309/orders/:order_id/packages",
    shopCipher: "required",
    handle(ctx) {
      const { state, shop, body, events } = ctx;
      if (!MARK_SHIPPED_REGIONS.has(shop!.region)) throw new ApiError(21008106, "Mark Package As Shipped is not available in this region.");
      const order = orderOf(ctx);
      if (isTikTokShipped(order)) throw sellerCarrierCallRefused("ship");
      const tracking = requiredString(body, "tracking_number");
      const providerId = requiredString(body, "shipping_provider_id");
      const lineIds = optionalStringArray(body, "order_line_item_ids");
      const live = order.lines.filter((l) => !l.cancelled);
      const unshipped = live.filter((l) => !shippedPackages(ctx, order).some((p) => p.lineIds.includes(l.id)));
      if (order.status === "UNPAID" || order.status === "ON_HOLD") throw new ApiError(21011001, `The order is ${order.status} and cannot be shipped yet.`);
      if (order.status !== "AWAITING_SHIPMENT" && order.status !== "PARTIALLY_SHIPPING") {
        throw new ApiError(21011006, "The order has already been shipped.");
      }
      if (order.isBuyerRequestCancel) throw new ApiError(21011007, "The order has a pending cancellation request.");
      let toShip = unshipped;
      if (lineIds && lineIds.length > 0) {
        for (const id of lineIds) {
          const line = order.lines.find((l) => l.id === id);
          if (!line) throw new ApiError(BAD_PARAM, `order_line_item_id ${id} does not belong to the order.`, 400);
          if (line.cancelled) throw new ApiError(BAD_PARAM, `order_line_item_id ${id} is cancelled.`, 400);
          if (!unshipped.includes(line)) throw new ApiError(21008099, `The package of order_line_item_id ${id} has already been shipped.`);
        }
        toShip = unshipped.filter((l) => lineIds.includes(l.id));
      }
      if (toShip.some((l) => l.afterSale)) throw new ApiError(21011007, "An item has an after-sale request.");
      if (trackingInUse(ctx, tracking)) throw new ApiError(21011025, "The tracking number is already used by another package.");
      const provider = providerFor(shop!, order, providerId);
      const now = nowSec();
      // the pre-created package ships whole; a subset splits into a new package
      const initial = order.packageIds.map((id) => state.packages.get(id)).find((p) => p && p.shippedAt === undefined);
      let pkg: PackageState;
      if (initial && toShip.length === initial.lineIds.filter((id) => toShip.some((l) => l.id === id)).length && toShip.length === initial.lineIds.length) {
        pkg = initial;
      } else {
        pkg = { id: nextId(state, "11"), orderId: order.id, shopId: order.shopId, lineIds: [], status: "TO_FULFILL", createTime: now, updateTime: now, trackingUpdates: [] };
        state.packages.set(pkg.id, pkg);
        order.packageIds.push(pkg.id);
        if (initial) initial.lineIds = initial.lineIds.filter((id) => !toShip.some((l) => l.id === id));
      }
      pkg.lineIds = toShip.map((l) => l.id);
      pkg.status = "PROCESSING";
      pkg.trackingNumber = tracking;
      pkg.shippingProviderId = provider.id;
      pkg.shippingProviderName = provider.name;
      pkg.shippedAt = now;
      pkg.updateTime = now;
      for (const l of toShip) l.packageId = pkg.id;
      order.rtsTime ??= now;
      const allShipped = live.every((l) => toShip.includes(l) || !unshipped.includes(l));
      const split = !allShipped || order.packageIds.filter((id) => state.packages.get(id)?.shippedAt !== undefined).length > 1;
      if (split) {
        events.emit(order.shopId, "PACKAGE_UPDATE", { sc_type: "SPLIT", role_type: "SELLER", package_list: [{ package_id: pkg.id, order_id_list: [order.id] }], update_time: now });
      }
      setOrderStatus({ state, events }, order, allShipped ? "AWAITING_COLLECTION" : "PARTIALLY_SHIPPING");
      order.updateTime = now;
      return {
        order_id: order.id,
        order_line_item_ids: pkg.lineIds,
        package_id: pkg.id,
        ...(provider.name === "USPS" && !/^\d{20,22}$|^9\d{21}$/.test(tracking) ? { warning: { message: "The tracking number format does not match the shipping provider." } } : {}),
      };
    },
  },
  {
    method: "POST",
    path: "/fulfillment/202309/orders/:order_id/shipping_info/update",
    shopCipher: "required",
    handle(ctx) {
      const { state, shop, body } = ctx;
      const order = orderOf(ctx);
      if (isTikTokShipped(order)) throw sellerCarrierCallRefused("update");
      const tracking = requiredString(body, "tracking_number");
      const providerId = requiredString(body, "shipping_provider_id");
      const shipped = shippedPackages(ctx, order);
      if (shipped.length === 0) throw new ApiError(21011052, "The order has not been shipped; use Mark Package As Shipped.");
      if (shipped.length > 1) throw new ApiError(21011053, "The order was split into several packages; update each package's shipping info instead.");
      const pkg = shipped[0]!;
      if (nowSec() - (pkg.shippedAt ?? 0) > state.config.shippingInfoUpdateWindowSec) {
        throw new ApiError(21011050, "The shipping information can only be updated within 72 hours after the order was shipped.");
      }
      if (!["AWAITING_COLLECTION", "IN_TRANSIT"].includes(order.status)) throw new ApiError(21011050, `The shipping information cannot be updated in status ${order.status}.`);
      if (trackingInUse(ctx, tracking, pkg.id)) throw new ApiError(21011025, "The tracking number is already used by another package.");
      const provider = providerFor(shop!, order, providerId);
      pkg.trackingUpdates.push({ at: nowSec(), trackingNumber: tracking, shippingProviderId: provider.id });
      pkg.trackingNumber = tracking;
      pkg.shippingProviderId = provider.id;
      pkg.shippingProviderName = provider.name;
      pkg.updateTime = nowSec();
      order.updateTime = nowSec();
      return {};
    },
  },
  {
    method: "GET",
    path: "/fulfillment/202309/packages/:package_id",
    shopCipher: "required",
    handle(ctx) {
      const { pkg, order } = packageOf(ctx);
      return renderPackage(ctx, pkg, order);
    },
  },
  {
    // Update Package Shipping Info: tracking corrections per package (split orders), within the window after shipping.
    method: "POST",
    path: "/fulfillment/202309/packages/:package_id/shipping_info/update",
    shopCipher: "required",
    handle(ctx) {
      const { state, shop, body } = ctx;
      const { pkg, order } = packageOf(ctx);
      if (isTikTokShipped(order)) throw sellerCarrierCallRefused("update");
      const tracking = requiredString(body, "tracking_number");
      const providerId = requiredString(body, "shipping_provider_id");
      if (pkg.shippedAt === undefined) throw new ApiError(21011052, "The package has not been shipped; use Mark Package As Shipped.");
      if (nowSec() - pkg.shippedAt > state.config.shippingInfoUpdateWindowSec) {
        throw new ApiError(21011050, "The shipping information can only be updated within 72 hours after the package was shipped.");
      }
      if (pkg.status === "COMPLETED" || pkg.status === "CANCELLED") throw new ApiError(21011050, `The shipping information cannot be updated for a ${pkg.status} package.`);
      if (trackingInUse(ctx, tracking, pkg.id)) throw new ApiError(21011025, "The tracking number is already used by another package.");
      const provider = providerFor(shop!, order, providerId);
      pkg.trackingUpdates.push({ at: nowSec(), trackingNumber: tracking, shippingProviderId: provider.id });
      pkg.trackingNumber = tracking;
      pkg.shippingProviderId = provider.id;
      pkg.shippingProviderName = provider.name;
      pkg.updateTime = nowSec();
      order.updateTime = nowSec();
      return {};
    },
  },
  {
    // Ship Package: ships an existing (platform-created) package — with the seller's tracking for seller-shipping options; TikTok Shipping packages get TikTok's (tiktok-shipping.ts).
    method: "POST",
    path: "/fulfillment/202309/packages/:package_id/ship",
    shopCipher: "required",
    handle(ctx) {
      const { state, shop, body, events } = ctx;
      const { pkg, order } = packageOf(ctx);
      if (pkg.shippedAt !== undefined) throw new ApiError(21008099, "The package has already been shipped.");
      if (order.status !== "AWAITING_SHIPMENT" && order.status !== "PARTIALLY_SHIPPING") throw new ApiError(21011006, "The order has already been shipped.");
      const handover = body.handover_method;
      if (handover !== undefined && handover !== "PICKUP" && handover !== "DROP_OFF") throw new ApiError(BAD_PARAM, "handover_method must be PICKUP or DROP_OFF.", 400);
      if (isTikTokShipped(order)) return shipTikTokPackage(ctx, pkg, order);
      const self = body.self_shipment as { tracking_number?: unknown; shipping_provider_id?: unknown } | undefined;
      if (!self || typeof self.tracking_number !== "string" || typeof self.shipping_provider_id !== "string") {
        throw new ApiError(BAD_PARAM, "self_shipment.tracking_number and self_shipment.shipping_provider_id are required for seller-shipped packages.", 400);
      }
      if (trackingInUse(ctx, self.tracking_number, pkg.id)) throw new ApiError(21011025, "The tracking number is already used by another package.");
      const provider = providerFor(shop!, order, self.shipping_provider_id);
      const now = nowSec();
      pkg.status = "PROCESSING";
      pkg.trackingNumber = self.tracking_number;
      pkg.shippingProviderId = provider.id;
      pkg.shippingProviderName = provider.name;
      pkg.shippedAt = now;
      pkg.updateTime = now;
      for (const l of order.lines) if (pkg.lineIds.includes(l.id)) l.packageId = pkg.id;
      const live = order.lines.filter((l) => !l.cancelled);
      const allShipped = live.every((l) => shippedPackages(ctx, order).some((p) => p.lineIds.includes(l.id)));
      setOrderStatus({ state, events }, order, allShipped ? "AWAITING_COLLECTION" : "PARTIALLY_SHIPPING");
      order.updateTime = now;
      return {};
    },
  },
];
