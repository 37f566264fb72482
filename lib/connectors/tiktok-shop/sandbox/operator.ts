import type { RawRequest, SandboxResponse } from "./http";
import { ApiError, json, matchPath } from "./http";
import type { World } from "./lifecycle";
import { BUYERS } from "../fixtures";
import { advanceOrder, buyerCancel, openReturn, payOrder, placeOrder, releaseHold, resolveCancellation, sellerCancel, sellerCancelReasons, setReturnStatus } from "./lifecycle";
import { renderOperatorPage, submitOperatorPage } from "./operator-page";
import { renderOrder } from "./orders";
import type { FaultKind, FaultState, OrderStatusValue, ReturnState, SandboxState } from "./state";
import { fromCents, nextId, nowSec } from "./state";

/**
 * Operator control under /_sandbox: play the buyer, the carrier and the
 * platform, read what the client did, inject faults. Plain JSON, no signing.
 */
export interface OperatorHost {
  world(): World;
  reset(): void;
}

/** drop_connection: close before processing; drop_response: process the request, then close without answering (a client timeout after TikTok stored it). */
const FAULT_KINDS: FaultKind[] = ["latency", "server_error", "rate_limit", "expire_token", "deauthorize", "drop_connection", "drop_response"];

type Body = Record<string, unknown>;

function parseBody(req: RawRequest): Body {
  if (req.rawBody.length === 0) return {};
  try {
    const v: unknown = JSON.parse(req.rawBody.toString("utf8"));
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Body) : {};
  } catch {
    throw new ApiError(0, "Body must be JSON", 400);
  }
}

function shopIdFrom(state: SandboxState, body: Body): string {
  if (typeof body.shop_id === "string") return body.shop_id;
  const region = typeof body.region === "string" ? body.region.toUpperCase() : "US";
  const wanted = region === "UK" ? "GB" : region;
  const shop = [...state.shops.values()].find((s) => s.region === wanted);
  if (!shop) throw new ApiError(0, `No shop in region ${region}`, 404);
  return shop.id;
}

function orderOf(state: SandboxState, id: string | undefined) {
  const order = id ? state.orders.get(id) : undefined;
  if (!order) throw new ApiError(0, `Unknown order ${id}`, 404);
  return order;
}

/** Revokes the seller's grants for some shops (all when `shopIds` is empty) and notifies each shop. */
export function deauthorize(world: World, shopIds: string[]): void {
  const { state } = world;
  const affected = shopIds.length > 0 ? shopIds : state.seller.shopIds;
  for (const grant of state.grants.values()) {
    grant.shopIds = grant.shopIds.filter((id) => !affected.includes(id));
    if (grant.shopIds.length === 0) grant.revoked = true;
  }
  for (const shopId of affected) world.events.emit(shopId, "SELLER_DEAUTHORIZATION", { message: "The seller has deauthorized the app." });
}

export function expireAccessTokens(state: SandboxState, accessToken?: string): number {
  let n = 0;
  for (const g of state.grants.values()) {
    if (accessToken && g.accessToken !== accessToken) continue;
    if (g.accessExpiresAt > nowSec() - 1) {
      g.accessExpiresAt = nowSec() - 1;
      n++;
    }
  }
  return n;
}

type Handler = (ctx: { host: OperatorHost; world: World; state: SandboxState; params: Record<string, string>; body: Body; query: URLSearchParams }) => unknown;

const routes: Array<{ method: string; path: string; describe: string; handle: Handler }> = [
  { method: "POST", path: "/_sandbox/reset", describe: "Back to the seed data (orders, tokens, webhooks, faults cleared)", handle: ({ host }) => (host.reset(), { ok: true }) },
  {
    method: "GET",
    path: "/_sandbox/state",
    describe: "Seller, shops (ids, ciphers, regions, warehouses, delivery options) and counts",
    handle: ({ state }) => ({
      seller: state.seller,
      shops: [...state.shops.values()],
      buyers: Object.fromEntries(Object.entries(BUYERS).map(([region, list]) => [region, list.map((b, buyer_index) => ({ buyer_index, ...b }))])),
      counts: { orders: state.orders.size, products: state.products.size, grants: state.grants.size, deliveries: state.deliveries.length },
    }),
  },
  {
    method: "POST",
    path: "/_sandbox/orders",
    describe:
      "Place an order as a buyer: {region|shop_id, items:[{seller_sku|sku_id, quantity}], delivery_option_id?, buyer_index? (see GET /_sandbox/state buyers; US 2 = Colorado), buyer_message?, seller_discount_per_unit?, platform_discount_per_unit?, shipping_fee_seller_discount?, shipping_fee_platform_discount? (decimal strings), shipping_type? (SELLER|TIKTOK: TikTok Shipping issues the label), pay?, release_hold?}",
    handle: ({ world, state, body }) => {
      const items = Array.isArray(body.items) ? body.items : [];
      const order = placeOrder(world, {
        shopId: shopIdFrom(state, body),
        items: items.map((i: unknown) => {
          const it = (i ?? {}) as Body;
          return { sellerSku: typeof it.seller_sku === "string" ? it.seller_sku : undefined, skuId: typeof it.sku_id === "string" ? it.sku_id : undefined, quantity: typeof it.quantity === "number" ? it.quantity : 1 };
        }),
        deliveryOptionId: typeof body.delivery_option_id === "string" ? body.delivery_option_id : undefined,
        buyerIndex: typeof body.buyer_index === "number" ? body.buyer_index : undefined,
        buyerMessage: typeof body.buyer_message === "string" ? body.buyer_message : undefined,
        sellerDiscountPerUnit: typeof body.seller_discount_per_unit === "string" ? body.seller_discount_per_unit : undefined,
        platformDiscountPerUnit: typeof body.platform_discount_per_unit === "string" ? body.platform_discount_per_unit : undefined,
        shippingFeeSellerDiscount: typeof body.shipping_fee_seller_discount === "string" ? body.shipping_fee_seller_discount : undefined,
        shippingFeePlatformDiscount: typeof body.shipping_fee_platform_discount === "string" ? body.shipping_fee_platform_discount : undefined,
        shippingType: body.shipping_type === "TIKTOK" ? "TIKTOK" : undefined,
      });
      if (body.pay === true) payOrder(world, order);
      if (body.release_hold === true && order.status === "ON_HOLD") releaseHold(world, order);
      return renderOrder(state, order);
    },
  },
  {
    method: "GET",
    path: "/_sandbox/orders",
    describe: "All orders (?shop_id=)",
    handle: ({ state, query }) => ({ orders: [...state.orders.values()].filter((o) => !query.get("shop_id") || o.shopId === query.get("shop_id")).map((o) => renderOrder(state, o)) }),
  },
  { method: "GET", path: "/_sandbox/orders/:id", describe: "One order as the API renders it", handle: ({ state, params }) => renderOrder(state, orderOf(state, params.id)) },
  { method: "POST", path: "/_sandbox/orders/:id/pay", describe: "Buyer pays: UNPAID → ON_HOLD (US/UK) or AWAITING_SHIPMENT", handle: ({ world, state, params }) => (payOrder(world, orderOf(state, params.id)), renderOrder(state, orderOf(state, params.id))) },
  {
    method: "POST",
    path: "/_sandbox/orders/:id/release-hold",
    describe: "The remorse window passes: ON_HOLD → AWAITING_SHIPMENT",
    handle: ({ world, state, params }) => (releaseHold(world, orderOf(state, params.id)), renderOrder(state, orderOf(state, params.id))),
  },
  {
    method: "POST",
    path: "/_sandbox/orders/:id/buyer-cancel",
    describe: "Buyer cancels ({reason?}); immediate before AWAITING_SHIPMENT, else a pending request",
    handle: ({ world, state, params, body }) => {
      const c = buyerCancel(world, orderOf(state, params.id), typeof body.reason === "string" ? body.reason : undefined);
      return { cancel_id: c.id, cancel_status: c.status, order: renderOrder(state, orderOf(state, params.id)) };
    },
  },
  {
    method: "POST",
    path: "/_sandbox/orders/:id/seller-cancel",
    describe: "Seller cancels in Seller Center (same rules as the API): {reason? (default: first allowed for the status), line_item_ids?}",
    handle: ({ world, state, params, body }) => {
      const order = orderOf(state, params.id);
      const reason = typeof body.reason === "string" ? body.reason : (Object.keys(sellerCancelReasons(world, order))[0] ?? "");
      const c = sellerCancel(world, order, { reason, lineIds: Array.isArray(body.line_item_ids) ? body.line_item_ids.map(String) : undefined });
      return { cancel_id: c.id, cancel_status: c.status, order: renderOrder(state, order) };
    },
  },
  {
    method: "POST",
    path: "/_sandbox/cancellations/:id/resolve",
    describe: "Answer a pending buyer cancellation: {outcome: approve|reject|withdraw}",
    handle: ({ world, state, params, body }) => {
      const c = state.cancellations.get(params.id ?? "");
      if (!c) throw new ApiError(0, `Unknown cancellation ${params.id}`, 404);
      const outcome = body.outcome === "reject" || body.outcome === "withdraw" ? body.outcome : "approve";
      resolveCancellation(world, c, outcome);
      return { cancel_id: c.id, cancel_status: c.status };
    },
  },
  {
    method: "POST",
    path: "/_sandbox/orders/:id/advance",
    describe: "Carrier progress: {status: IN_TRANSIT|DELIVERED|COMPLETED}",
    handle: ({ world, state, params, body }) => {
      const order = orderOf(state, params.id);
      advanceOrder(world, order, String(body.status ?? "IN_TRANSIT") as OrderStatusValue);
      return renderOrder(state, order);
    },
  },
  {
    method: "POST",
    path: "/_sandbox/orders/:id/age-shipment",
    describe: "Pretend the order shipped {hours} ago (default 73) — tests the 72 h tracking-update window",
    handle: ({ state, params, body }) => {
      const order = orderOf(state, params.id);
      const hours = typeof body.hours === "number" ? body.hours : 73;
      for (const id of order.packageIds) {
        const p = state.packages.get(id);
        if (p?.shippedAt !== undefined) p.shippedAt = nowSec() - Math.round(hours * 3600);
      }
      return { ok: true };
    },
  },
  {
    method: "POST",
    path: "/_sandbox/orders/:id/returns",
    describe: "Buyer opens a return/refund: {type?: REFUND|RETURN_AND_REFUND|REPLACEMENT, line_item_ids?, reason?}",
    handle: ({ world, state, params, body }) => {
      const r = openReturn(world, orderOf(state, params.id), {
        type: body.type === "REFUND" || body.type === "RETURN_AND_REFUND" || body.type === "REPLACEMENT" ? body.type : undefined,
        lineIds: Array.isArray(body.line_item_ids) ? body.line_item_ids.map(String) : undefined,
        reason: typeof body.reason === "string" ? body.reason : undefined,
      });
      return { return_id: r.id, return_status: r.status, return_type: r.type, line_item_ids: r.lineIds };
    },
  },
  {
    method: "POST",
    path: "/_sandbox/returns/:id/status",
    describe: "Move a return: {status} in the Search Returns spelling (e.g. RETURN_OR_REFUND_REQUEST_COMPLETE, RETURN_OR_REFUND_REQUEST_CANCEL)",
    handle: ({ world, state, params, body }) => {
      const r: ReturnState | undefined = state.returns.get(params.id ?? "");
      if (!r) throw new ApiError(0, `Unknown return ${params.id}`, 404);
      if (typeof body.status !== "string") throw new ApiError(0, "status is required", 400);
      setReturnStatus(world, r, body.status);
      return { return_id: r.id, return_status: r.status };
    },
  },
  {
    method: "GET",
    path: "/_sandbox/shipments",
    describe: "Packages the client shipped (?order_id=), with tracking corrections",
    handle: ({ state, query }) => ({
      shipments: [...state.packages.values()]
        .filter((p) => p.shippedAt !== undefined && (!query.get("order_id") || p.orderId === query.get("order_id")))
        .map((p) => ({ package_id: p.id, order_id: p.orderId, shop_id: p.shopId, order_line_item_ids: p.lineIds, status: p.status, tracking_number: p.trackingNumber, shipping_provider_id: p.shippingProviderId, shipping_provider_name: p.shippingProviderName, shipped_at: p.shippedAt, tracking_updates: p.trackingUpdates })),
    }),
  },
  {
    method: "GET",
    path: "/_sandbox/inventory",
    describe: "Stock per SKU and warehouse (?shop_id=, ?seller_sku=)",
    handle: ({ state, query }) => ({
      inventory: [...state.products.values()]
        .filter((p) => !query.get("shop_id") || p.shopId === query.get("shop_id"))
        .flatMap((p) => p.skus.filter((s) => !query.get("seller_sku") || s.sellerSku === query.get("seller_sku")).map((s) => ({ shop_id: p.shopId, product_id: p.id, sku_id: s.id, seller_sku: s.sellerSku, inventory: s.inventory }))),
    }),
  },
  {
    method: "GET",
    path: "/_sandbox/products",
    describe: "Products (?shop_id=, ?created_by_api=true)",
    handle: ({ state, query }) => ({
      products: [...state.products.values()]
        .filter((p) => (!query.get("shop_id") || p.shopId === query.get("shop_id")) && (query.get("created_by_api") !== "true" || p.createdByApi))
        .map((p) => ({ ...p, skus: p.skus.map((s) => ({ ...s, price: fromCents(s.priceCents) })) })),
    }),
  },
  {
    method: "GET",
    path: "/_sandbox/requests",
    describe: "Open API requests received (?path_contains=), newest last",
    handle: ({ state, query }) => ({ requests: state.log.filter((r) => !query.get("path_contains") || r.path.includes(query.get("path_contains") ?? "")) }),
  },
  { method: "GET", path: "/_sandbox/webhooks", describe: "Subscriptions and deliveries (attempts, status)", handle: ({ state }) => ({ subscriptions: Object.fromEntries([...state.webhooks].map(([shop, subs]) => [shop, Object.fromEntries(subs)])), deliveries: state.deliveries }) },
  { method: "POST", path: "/_sandbox/webhooks/redeliver", describe: "Attempt every scheduled redelivery now", handle: async ({ world }) => (await world.events.redeliverNow(), { ok: true }) },
  {
    method: "POST",
    path: "/_sandbox/faults",
    describe: `Inject a fault: {kind: ${FAULT_KINDS.join("|")}, count? (default 1; 0 = until cleared), path_contains?, latency_ms?, http_status? (server_error: 500|502|503), retry_after_sec?}`,
    handle: ({ state, body }) => {
      const kind = body.kind as FaultKind;
      if (!FAULT_KINDS.includes(kind)) throw new ApiError(0, `kind must be one of ${FAULT_KINDS.join(", ")}`, 400);
      const count = typeof body.count === "number" ? body.count : 1;
      const fault: FaultState = {
        id: nextId(state, "99"),
        kind,
        remaining: count <= 0 ? Infinity : count,
        ...(typeof body.path_contains === "string" ? { pathContains: body.path_contains } : {}),
        ...(typeof body.latency_ms === "number" ? { latencyMs: body.latency_ms } : {}),
        ...(typeof body.http_status === "number" ? { httpStatus: body.http_status } : {}),
        ...(typeof body.retry_after_sec === "number" ? { retryAfterSec: body.retry_after_sec } : {}),
      };
      state.faults.push(fault);
      return { id: fault.id };
    },
  },
  { method: "GET", path: "/_sandbox/faults", describe: "Active faults", handle: ({ state }) => ({ faults: state.faults.map((f) => ({ ...f, remaining: Number.isFinite(f.remaining) ? f.remaining : 0 })) }) },
  { method: "DELETE", path: "/_sandbox/faults", describe: "Clear all faults", handle: ({ state }) => ((state.faults = []), { ok: true }) },
  { method: "POST", path: "/_sandbox/tokens/expire", describe: "Expire access tokens now ({access_token?}); the next call answers 105002", handle: ({ state, body }) => ({ expired: expireAccessTokens(state, typeof body.access_token === "string" ? body.access_token : undefined) }) },
  {
    method: "POST",
    path: "/_sandbox/deauthorize",
    describe: "Seller deauthorizes the app ({shop_ids?}); tokens stop working, SELLER_DEAUTHORIZATION is sent",
    handle: ({ world, body }) => (deauthorize(world, Array.isArray(body.shop_ids) ? body.shop_ids.map(String) : []), { ok: true }),
  },
  {
    method: "POST",
    path: "/_sandbox/authorization/expiring",
    describe: "Send UPCOMING_AUTHORIZATION_EXPIRATION ({days?: 30}) to every shop",
    handle: ({ world, state, body }) => {
      const days = typeof body.days === "number" ? body.days : 30;
      const at = nowSec() + days * 86400;
      for (const shopId of state.seller.shopIds) world.events.emit(shopId, "UPCOMING_AUTHORIZATION_EXPIRATION", { message: `The authorization expires in ${days} days.`, expiration_time: String(at) });
      return { expiration_time: at };
    },
  },
];

export async function handleOperator(host: OperatorHost, req: RawRequest): Promise<SandboxResponse> {
  const path = req.url.pathname.replace(/\/$/, "") || "/";
  if (path === "/_sandbox/ui" && req.method === "GET") return renderOperatorPage(host.world());
  if (path.startsWith("/_sandbox/ui/") && req.method === "POST") return submitOperatorPage(host.world(), host.reset, req);
  if (path === "/_sandbox" && req.method === "GET") {
    return json(200, { console: "/_sandbox/ui", endpoints: routes.map((r) => ({ method: r.method, path: r.path, describe: r.describe })) });
  }
  for (const r of routes) {
    if (r.method !== req.method) continue;
    const params = matchPath(r.path, path);
    if (!params) continue;
    try {
      const world = host.world();
      const result = await r.handle({ host, world, state: world.state, params, body: parseBody(req), query: req.url.searchParams });
      return json(200, result);
    } catch (err) {
      if (err instanceof ApiError) return json(err.httpStatus === 200 ? 400 : err.httpStatus, { error: err.message, ...(err.code ? { code: err.code } : {}) });
      throw err;
    }
  }
  return json(404, { error: `No operator endpoint ${req.method} ${path}` });
}
