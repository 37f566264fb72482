import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { RateBudget } from "../shared/rate-budget";
import { UNLIMITED_BUDGET } from "../shared/rate-budget";
import type { RetryPolicy } from "../shared/retry";
import { DEFAULT_RETRY, backoffDelay, isNetworkError, parseRetryAfter, sleep } from "../shared/retry";
import type { OAuthTokens, TokenStore } from "../shared/token-store";
import { accessTokenNeedsRefresh } from "../shared/token-store";
import {
  authorizedShopsDataSchema,
  cancelOrderDataSchema,
  cancellationSearchDataSchema,
  createProductDataSchema,
  deliveryOptionsDataSchema,
  envelopeSchema,
  inventorySearchDataSchema,
  inventoryUpdateDataSchema,
  markShippedDataSchema,
  orderDetailDataSchema,
  orderSearchDataSchema,
  packageDetailSchema,
  productSchema,
  productSearchDataSchema,
  returnSearchDataSchema,
  shippingProvidersDataSchema,
  shopWebhooksDataSchema,
  warehousesDataSchema,
} from "./api-types";
import type { CancelOrderResult, Cancellation, MarkShippedResult, Order, PackageDetail, Product, Return, WebhookEventType } from "./api-types";
import { buyerRequestAnswers } from "./client-answers";
import { TIKTOK_CODES, TikTokShopError, classifyVendorError } from "./errors";
import { parseJsonKeepingIds } from "./json-ids";
import { refreshAccessToken } from "./oauth";
import { computeSignature } from "./signing";
import type { CancellationStatus, OrderStatus, ReturnStatus } from "./statuses";

export { buildAuthorizeUrl, exchangeAuthCode, refreshAccessToken } from "./oauth";
export { TikTokShopError } from "./errors";

const envelopeDataAny = z.unknown();

/** Max ids per Get Order Detail call. */
export const ORDER_DETAIL_CHUNK = 50;

export type AuthEvent =
  | { type: "refreshed"; tokens: OAuthTokens }
  | { type: "deauthorized"; error: TikTokShopError };

export interface TikTokShopClientOptions {
  /** Open API host, e.g. https://open-api.tiktokglobalshop.com */
  apiBaseUrl: string;
  /** Token host, e.g. https://auth.tiktok-shops.com */
  authBaseUrl: string;
  appKey: string;
  appSecret: string;
  tokenStore: TokenStore;
  /** Cipher of the shop that shop-scoped calls address (see getAuthorizedShops). */
  shopCipher?: string;
  /** Shared QPS budget; asked once per HTTP attempt under `rateBudgetKey(appKey, shopCipher)`. */
  rateBudget?: RateBudget;
  fetch?: typeof fetch;
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Refresh this long before the access token expires (default 5 minutes). */
  refreshSkewMs?: number;
  /** Auth status notifications (token rotated, seller deauthorized). */
  onAuthEvent?: (event: AuthEvent) => void;
  now?: () => number;
}

/** Key of the per-(app, shop) QPS budget shared by all workers. */
export function rateBudgetKey(appKey: string, shopCipher: string | undefined): string {
  return `tiktok-shop:${appKey}:${shopCipher ?? "-"}`;
}

type QueryValue = string | number | undefined | null;

export interface RequestSpec<S extends z.ZodType> {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  /**
   * "safe" (default): retried on 429, 5xx and network failures. "declined-only": a write that must not be
   * resent after a lost answer (it may have been applied) — retried only when TikTok surely refused it (429).
   */
  resend?: "safe" | "declined-only";
  query?: Record<string, QueryValue>;
  body?: unknown;
  shopScoped: boolean;
  schema: S;
}

/** One signed call (retries, token refresh, budget included): what the client's method modules are built on. */
export type Requester = <S extends z.ZodType>(spec: RequestSpec<S>) => Promise<z.output<S>>;

export interface Page<T> {
  items: T[];
  /** `null` when there are no more pages. */
  nextPageToken: string | null;
  totalCount: number;
}

export interface PageParams {
  pageSize?: number;
  pageToken?: string;
  sortField?: "create_time" | "update_time";
  sortOrder?: "ASC" | "DESC";
}

export interface OrderSearchFilter {
  orderStatus?: OrderStatus;
  createTimeGe?: number;
  createTimeLt?: number;
  updateTimeGe?: number;
  updateTimeLt?: number;
  shippingType?: "TIKTOK" | "SELLER";
  buyerUserId?: string;
  isBuyerRequestCancel?: boolean;
  warehouseIds?: string[];
}

export interface AfterSaleSearchFilter {
  orderIds?: string[];
  createTimeGe?: number;
  createTimeLt?: number;
  updateTimeGe?: number;
  updateTimeLt?: number;
}

export interface CreateProductInput {
  title: string;
  description: string;
  categoryId: string;
  brandId?: string;
  mainImages?: Array<{ uri: string }>;
  packageWeight?: { value: string; unit: "KILOGRAM" | "POUND" };
  skus: Array<{
    sellerSku: string;
    price: { amount: string; currency: string };
    inventory: Array<{ warehouseId: string; quantity: number }>;
    salesAttributes?: Array<{ name: string; valueName: string }>;
    externalSkuId?: string;
  }>;
  saveMode?: "LISTING" | "AS_DRAFT";
  /** Makes a retried create return the first product instead of a duplicate. */
  idempotencyKey?: string;
}

/**
 * Partial Edit Product: only what is sent changes. `skus`, when sent, is the
 * whole SKU list: an entry with `id` edits that SKU, one without adds a SKU,
 * and a SKU of the product left out is deleted.
 */
export interface PartialEditProductInput {
  title?: string;
  description?: string;
  packageWeight?: { value: string; unit: "KILOGRAM" | "POUND" };
  skus?: Array<{
    id?: string;
    sellerSku: string;
    price: { amount: string; currency: string };
    inventory: Array<{ warehouseId: string; quantity: number }>;
    salesAttributes?: Array<{ name: string; valueName: string }>;
  }>;
}

export interface AuthStatus {
  connected: boolean;
  accessExpiresAt: Date | null;
  refreshExpiresAt: Date | null;
  /** The refresh token (hence the authorization) ends within `withinMs`. */
  reauthorizationDueSoon: boolean;
}

function dropEmpty<T extends Record<string, unknown>>(obj: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function createTikTokShopClient(options: TikTokShopClientOptions) {
  const doFetch = options.fetch ?? fetch;
  const retry = options.retry ?? DEFAULT_RETRY;
  const budget = options.rateBudget ?? UNLIMITED_BUDGET;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const skewMs = options.refreshSkewMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const apiBase = options.apiBaseUrl.replace(/\/$/, "");

  function emitDeauthorized(error: TikTokShopError): TikTokShopError {
    if (error.kind === "deauthorized") options.onAuthEvent?.({ type: "deauthorized", error });
    return error;
  }

  async function refreshUnderLock(staleAccessToken: string | null): Promise<OAuthTokens> {
    const stored = await options.tokenStore.withRefreshLock(async (current) => {
      if (!current) return null;
      // another process refreshed while we waited for the lock
      if (current.accessToken !== staleAccessToken && !accessTokenNeedsRefresh(current, now(), skewMs)) return null;
      if (!current.refreshToken || (current.refreshExpiresAt && current.refreshExpiresAt.getTime() <= now())) {
        throw new TikTokShopError({ message: "The TikTok Shop authorization has expired; the seller must authorize again.", code: TIKTOK_CODES.REFRESH_TOKEN_EXPIRED, kind: "deauthorized" });
      }
      let lastError: unknown;
      for (let attempt = 0; attempt < retry.attempts; attempt++) {
        try {
          const next = await refreshAccessToken({
            authBaseUrl: options.authBaseUrl,
            appKey: options.appKey,
            appSecret: options.appSecret,
            refreshToken: current.refreshToken,
            fetch: doFetch,
            timeoutMs,
          });
          options.onAuthEvent?.({ type: "refreshed", tokens: next });
          return next;
        } catch (err) {
          lastError = err;
          if (!(err instanceof TikTokShopError) || !err.retryable) throw err;
          await sleep(backoffDelay(attempt, retry));
        }
      }
      throw lastError;
    });
    if (!stored) throw new TikTokShopError({ message: "TikTok Shop is not connected.", code: 0, kind: "deauthorized" });
    return stored;
  }

  async function currentAccessToken(): Promise<string> {
    const tokens = await options.tokenStore.get();
    if (!tokens) throw new TikTokShopError({ message: "TikTok Shop is not connected.", code: 0, kind: "deauthorized" });
    if (!accessTokenNeedsRefresh(tokens, now(), skewMs)) return tokens.accessToken;
    return (await refreshUnderLock(tokens.accessToken)).accessToken;
  }

  function buildQuery(spec: RequestSpec<z.ZodType>): URLSearchParams {
    const params = new URLSearchParams();
    params.set("app_key", options.appKey);
    params.set("timestamp", String(Math.floor(now() / 1000)));
    if (spec.shopScoped) {
      if (!options.shopCipher) {
        throw new TikTokShopError({ message: `${spec.path} needs a shop: create the client with shopCipher (or use forShop).`, code: TIKTOK_CODES.MISSING_SHOP_CIPHER, kind: "invalid_request" });
      }
      params.set("shop_cipher", options.shopCipher);
    }
    // never send empty params: the server's handling of `key=` in the signature is undefined
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
    return params;
  }

  async function attemptOnce<S extends z.ZodType>(spec: RequestSpec<S>, bodyText: string | undefined, accessToken: string): Promise<z.output<S>> {
    const contentType = "application/json";
    // wait for the shared budget first, so the signed timestamp is fresh when the request leaves
    const release = await budget.acquire(rateBudgetKey(options.appKey, options.shopCipher));
    let res: Response;
    let text: string;
    try {
      const query = buildQuery(spec);
      // the signature covers exactly the bytes handed to fetch
      query.set("sign", computeSignature({ appSecret: options.appSecret, path: spec.path, query, body: bodyText, contentType }));
      const url = `${apiBase}${spec.path}?${query.toString()}`;
      res = await doFetch(url, {
        method: spec.method,
        headers: { "content-type": contentType, "x-tts-access-token": accessToken },
        body: bodyText,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      if (err instanceof TikTokShopError) throw err;
      const kind = isNetworkError(err) ? "network" : "server";
      throw new TikTokShopError({ message: `TikTok Shop ${spec.method} ${spec.path} failed: ${(err as Error).message}`, code: 0, kind, retryable: true, cause: err });
    } finally {
      release();
    }
    let parsed: unknown;
    try {
      parsed = parseJsonKeepingIds(text);
    } catch {
      const server = res.status >= 500 || res.status === 429;
      throw new TikTokShopError({
        message: `TikTok Shop ${spec.path} answered HTTP ${res.status} with a non-JSON body`,
        code: res.status === 429 ? TIKTOK_CODES.RATE_LIMITED : 0,
        kind: res.status === 429 ? "rate_limited" : server ? "server" : "invalid_response",
        httpStatus: res.status,
      });
    }
    const envelope = envelopeSchema.safeParse(parsed);
    if (!envelope.success) {
      throw new TikTokShopError({ message: `TikTok Shop ${spec.path}: unexpected response (HTTP ${res.status})`, code: 0, kind: res.status >= 500 ? "server" : "invalid_response", httpStatus: res.status });
    }
    const { code, message, request_id: requestId, data } = envelope.data;
    if (code !== 0) {
      const err = new TikTokShopError({
        message: `TikTok Shop ${spec.path}: ${message} (${code})`,
        code,
        kind: classifyVendorError(code, message, res.status),
        requestId,
        httpStatus: res.status,
        detail: data,
        retryAfterMs: parseRetryAfter(res.headers.get("retry-after")) ?? null,
      });
      throw err;
    }
    const result = spec.schema.safeParse(data ?? {});
    if (!result.success) {
      throw new TikTokShopError({ message: `TikTok Shop ${spec.path}: response did not match the expected shape: ${result.error.message}`, code: 0, kind: "invalid_response", requestId });
    }
    return result.data;
  }

  async function request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.output<S>> {
    const bodyText = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    let refreshedAfterExpiry = false;
    for (let attempt = 0; ; attempt++) {
      let accessToken: string | null = null;
      try {
        accessToken = await currentAccessToken();
        return await attemptOnce(spec, bodyText, accessToken);
      } catch (err) {
        if (!(err instanceof TikTokShopError)) throw err;
        if (err.kind === "auth_expired" && !refreshedAfterExpiry) {
          // only 105002 means "refresh and retry"; once per call
          refreshedAfterExpiry = true;
          try {
            await refreshUnderLock(accessToken);
          } catch (refreshErr) {
            throw refreshErr instanceof TikTokShopError ? emitDeauthorized(refreshErr) : refreshErr;
          }
          attempt--;
          continue;
        }
        const mayResend = spec.resend !== "declined-only" || err.kind === "rate_limited";
        if (err.retryable && mayResend && attempt + 1 < retry.attempts) {
          await sleep(backoffDelay(attempt, retry, err.retryAfterMs ?? undefined));
          continue;
        }
        throw emitDeauthorized(err);
      }
    }
  }

  /** A seller cancellation of exactly these lines (or of the whole, now cancelled, order) with this reason. */
  async function findSellerCancellation(input: { orderId: string; cancelReason: string; orderLineItemIds?: string[] }): Promise<Cancellation | null> {
    const { items } = await searchCancellations({ pageSize: 50, sortOrder: "DESC", filter: { orderIds: [input.orderId], cancelTypes: ["CANCEL"] } });
    const mine = items.filter((c) => c.role === "SELLER" && c.cancel_reason === input.cancelReason && c.cancel_status !== "CANCELLATION_REQUEST_CANCELLED");
    if (input.orderLineItemIds?.length) {
      const wanted = [...new Set(input.orderLineItemIds)].sort().join(",");
      return mine.find((c) => c.cancel_line_items.map((l) => l.order_line_item_id).sort().join(",") === wanted) ?? null;
    }
    const [order] = (await request({ method: "GET", path: "/order/202309/orders", shopScoped: true, query: { ids: input.orderId }, schema: orderDetailDataSchema })).orders;
    if (order?.status !== "CANCELLED" || order.cancellation_initiator !== "SELLER") return null;
    return mine[0] ?? null;
  }

  function toPage<T>(items: T[], data: { next_page_token: string; total_count: number }): Page<T> {
    return { items, nextPageToken: data.next_page_token === "" ? null : data.next_page_token, totalCount: data.total_count };
  }

  async function* walkPages<T>(first: PageParams, fetchPage: (p: PageParams) => Promise<Page<T>>): AsyncGenerator<Page<T>> {
    let params = first;
    for (;;) {
      const page = await fetchPage(params);
      yield page;
      if (!page.nextPageToken) return;
      params = { ...params, pageToken: page.nextPageToken };
    }
  }

  function pageQuery(p: PageParams, defaultSize: number): Record<string, QueryValue> {
    return { page_size: p.pageSize ?? defaultSize, page_token: p.pageToken, sort_field: p.sortField, sort_order: p.sortOrder };
  }

  async function searchOrders(params: PageParams & { filter?: OrderSearchFilter } = {}): Promise<Page<Order>> {
    const f = params.filter ?? {};
    const data = await request({
      method: "POST",
      path: "/order/202309/orders/search",
      shopScoped: true,
      query: pageQuery(params, 50),
      body: dropEmpty({
        order_status: f.orderStatus,
        create_time_ge: f.createTimeGe,
        create_time_lt: f.createTimeLt,
        update_time_ge: f.updateTimeGe,
        update_time_lt: f.updateTimeLt,
        shipping_type: f.shippingType,
        buyer_user_id: f.buyerUserId,
        is_buyer_request_cancel: f.isBuyerRequestCancel,
        warehouse_ids: f.warehouseIds,
      }),
      schema: orderSearchDataSchema,
    });
    return toPage(data.orders, data);
  }

  async function searchCancellations(params: PageParams & { filter?: AfterSaleSearchFilter & { cancelIds?: string[]; cancelStatus?: CancellationStatus[]; cancelTypes?: Array<"CANCEL" | "BUYER_CANCEL"> } } = {}): Promise<Page<Cancellation>> {
    const f = params.filter ?? {};
    const data = await request({
      method: "POST",
      path: "/return_refund/202309/cancellations/search",
      shopScoped: true,
      query: pageQuery(params, 50),
      body: dropEmpty({
        cancel_ids: f.cancelIds,
        order_ids: f.orderIds,
        cancel_status: f.cancelStatus,
        cancel_types: f.cancelTypes,
        create_time_ge: f.createTimeGe,
        create_time_lt: f.createTimeLt,
        update_time_ge: f.updateTimeGe,
        update_time_lt: f.updateTimeLt,
      }),
      schema: cancellationSearchDataSchema,
    });
    return toPage(data.cancellations, data);
  }

  async function searchReturns(params: PageParams & { filter?: AfterSaleSearchFilter & { returnIds?: string[]; returnStatus?: ReturnStatus[]; returnTypes?: Array<"REFUND" | "RETURN_AND_REFUND" | "REPLACEMENT"> } } = {}): Promise<Page<Return>> {
    const f = params.filter ?? {};
    const data = await request({
      method: "POST",
      path: "/return_refund/202309/returns/search",
      shopScoped: true,
      query: pageQuery(params, 50),
      body: dropEmpty({
        return_ids: f.returnIds,
        order_ids: f.orderIds,
        return_status: f.returnStatus,
        return_types: f.returnTypes,
        create_time_ge: f.createTimeGe,
        create_time_lt: f.createTimeLt,
        update_time_ge: f.updateTimeGe,
        update_time_lt: f.updateTimeLt,
      }),
      schema: returnSearchDataSchema,
    });
    return toPage(data.return_orders, data);
  }

  async function searchProducts(params: { pageSize?: number; pageToken?: string; sellerSkus?: string[]; status?: string } = {}): Promise<Page<Product>> {
    const data = await request({
      method: "POST",
      path: "/product/202502/products/search",
      shopScoped: true,
      query: { page_size: params.pageSize ?? 50, page_token: params.pageToken },
      body: dropEmpty({ seller_skus: params.sellerSkus, status: params.status }),
      schema: productSearchDataSchema,
    });
    return toPage(data.products, data);
  }

  return {
    appKey: options.appKey,
    shopCipher: options.shopCipher ?? null,

    /** Same credentials and token chain, addressing another shop. */
    forShop(shopCipher: string) {
      return createTikTokShopClient({ ...options, shopCipher });
    },

    /** Token state for the connection screen (upcoming expiry, disconnected). */
    async getAuthStatus(withinMs = 30 * 24 * 3600_000): Promise<AuthStatus> {
      const t = await options.tokenStore.get();
      return {
        connected: t !== null,
        accessExpiresAt: t?.accessExpiresAt ?? null,
        refreshExpiresAt: t?.refreshExpiresAt ?? null,
        reauthorizationDueSoon: !t || (t.refreshExpiresAt !== null && t.refreshExpiresAt.getTime() - withinMs <= now()),
      };
    },

    /** Refreshes now (under the cross-process lock) unless another process just did. */
    async refreshTokens(): Promise<OAuthTokens> {
      const t = await options.tokenStore.get();
      try {
        return await refreshUnderLock(t?.accessToken ?? null);
      } catch (err) {
        throw err instanceof TikTokShopError ? emitDeauthorized(err) : err;
      }
    },

    async getAuthorizedShops() {
      const data = await request({ method: "GET", path: "/authorization/202309/shops", shopScoped: false, schema: authorizedShopsDataSchema });
      return data.shops;
    },

    searchOrders,
    /** Every page of a search, following `next_page_token` until it is empty. */
    searchOrderPages(params: PageParams & { filter?: OrderSearchFilter } = {}) {
      return walkPages(params, (p) => searchOrders({ ...p, filter: params.filter }));
    },

    /** Order details for any number of ids (chunked by 50), in the order TikTok returns them. */
    async getOrderDetails(ids: readonly string[]): Promise<Order[]> {
      const out: Order[] = [];
      for (const part of chunk([...new Set(ids)], ORDER_DETAIL_CHUNK)) {
        const data = await request({ method: "GET", path: "/order/202309/orders", shopScoped: true, query: { ids: part.join(",") }, schema: orderDetailDataSchema });
        out.push(...data.orders);
      }
      return out;
    },

    async getWarehouses() {
      return (await request({ method: "GET", path: "/logistics/202309/warehouses", shopScoped: true, schema: warehousesDataSchema })).warehouses;
    },

    async getDeliveryOptions(warehouseId: string) {
      const path = `/logistics/202309/warehouses/${encodeURIComponent(warehouseId)}/delivery_options`;
      return (await request({ method: "GET", path, shopScoped: true, schema: deliveryOptionsDataSchema })).delivery_options;
    },

    async getShippingProviders(deliveryOptionId: string) {
      const path = `/logistics/202309/delivery_options/${encodeURIComponent(deliveryOptionId)}/shipping_providers`;
      return (await request({ method: "GET", path, shopScoped: true, schema: shippingProvidersDataSchema })).shipping_providers;
    },

    /**
     * Seller-shipped orders: whole order, or a subset of line items (split package).
     * Idempotent: when TikTok says "already shipped" and those lines already carry
     * this tracking number (e.g. a retry after a lost response), the existing
     * package is returned instead of an error.
     */
    async markPackageAsShipped(orderId: string, input: { trackingNumber: string; shippingProviderId: string; orderLineItemIds?: string[] }): Promise<MarkShippedResult> {
      try {
        return await request({
          method: "POST",
          path: `/fulfillment/202309/orders/${encodeURIComponent(orderId)}/packages`,
          shopScoped: true,
          // A lost answer may mean the package exists: the caller settles it by reading the order, never by resending.
          resend: "declined-only",
          body: dropEmpty({ tracking_number: input.trackingNumber, shipping_provider_id: input.shippingProviderId, order_line_item_ids: input.orderLineItemIds }),
          schema: markShippedDataSchema,
        });
      } catch (err) {
        if (!(err instanceof TikTokShopError) || err.kind !== "conflict") throw err;
        const [order] = await request({ method: "GET", path: "/order/202309/orders", shopScoped: true, query: { ids: orderId }, schema: orderDetailDataSchema }).then((d) => d.orders);
        const wanted = (order?.line_items ?? []).filter((l) => l.display_status !== "CANCELLED" && (!input.orderLineItemIds?.length || input.orderLineItemIds.includes(l.id)));
        const packageIds = new Set(wanted.map((l) => l.package_id));
        const replay = wanted.length > 0 && wanted.every((l) => l.tracking_number === input.trackingNumber) && packageIds.size === 1;
        const packageId = [...packageIds][0];
        if (!replay || !packageId) throw err;
        return { order_id: orderId, order_line_item_ids: wanted.map((l) => l.id), package_id: packageId };
      }
    },

    /** One package: its lines, status, provider and tracking. */
    async getPackageDetail(packageId: string): Promise<PackageDetail> {
      return request({ method: "GET", path: `/fulfillment/202309/packages/${encodeURIComponent(packageId)}`, shopScoped: true, schema: packageDetailSchema });
    },

    /** Corrects one package's tracking (split orders; within 72 hours of shipping). Safe to resend: it sets a value. */
    async updatePackageShippingInfo(packageId: string, input: { trackingNumber: string; shippingProviderId: string }): Promise<void> {
      await request({
        method: "POST",
        path: `/fulfillment/202309/packages/${encodeURIComponent(packageId)}/shipping_info/update`,
        shopScoped: true,
        body: { tracking_number: input.trackingNumber, shipping_provider_id: input.shippingProviderId },
        schema: z.unknown(),
      });
    },

    /**
     * Ships an existing package (spec §5.3). A TikTok Shipping package (`shipping_type` TIKTOK) takes no tracking:
     * TikTok issues the label, and Get Package Detail shows its tracking afterwards. `selfShipment` (the seller's
     * tracking and provider) is only for packages of a seller-shipping delivery option. Not resent after a lost
     * answer (the package may have shipped): the caller settles it by reading the package.
     */
    async shipPackage(
      packageId: string,
      input: {
        handoverMethod?: "PICKUP" | "DROP_OFF";
        pickupSlot?: { startTime: number; endTime: number };
        selfShipment?: { trackingNumber: string; shippingProviderId: string };
      } = {},
    ): Promise<void> {
      await request({
        method: "POST",
        path: `/fulfillment/202309/packages/${encodeURIComponent(packageId)}/ship`,
        shopScoped: true,
        resend: "declined-only",
        body: dropEmpty({
          handover_method: input.handoverMethod,
          pickup_slot: input.pickupSlot ? { start_time: input.pickupSlot.startTime, end_time: input.pickupSlot.endTime } : undefined,
          self_shipment: input.selfShipment ? { tracking_number: input.selfShipment.trackingNumber, shipping_provider_id: input.selfShipment.shippingProviderId } : undefined,
        }),
        schema: z.unknown(),
      });
    },

    /** Corrects tracking of a shipped, unsplit order (within 72 hours of shipping). */
    async updateShippingInfo(orderId: string, input: { trackingNumber: string; shippingProviderId: string }): Promise<void> {
      await request({
        method: "POST",
        path: `/fulfillment/202309/orders/${encodeURIComponent(orderId)}/shipping_info/update`,
        shopScoped: true,
        body: { tracking_number: input.trackingNumber, shipping_provider_id: input.shippingProviderId },
        schema: envelopeDataAny,
      });
    },

    /**
     * Seller cancels the whole order, or some line items (US/UK, not yet shipped). `cancelReason` must
     * suit the order's status (TikTok's cancel-reasons list), else 25001021. A repeat of a cancellation
     * that already went through (a retry after a lost answer) returns that cancellation instead of failing.
     */
    async cancelOrder(input: { orderId: string; cancelReason: string; orderLineItemIds?: string[] }): Promise<CancelOrderResult> {
      try {
        return await request({
          method: "POST",
          path: "/return_refund/202309/cancellations",
          shopScoped: true,
          body: dropEmpty({ order_id: input.orderId, cancel_reason: input.cancelReason, order_line_item_ids: input.orderLineItemIds }),
          schema: cancelOrderDataSchema,
        });
      } catch (err) {
        if (!(err instanceof TikTokShopError) || err.kind !== "invalid_request") throw err;
        const prior = await findSellerCancellation(input);
        if (!prior) throw err;
        return { cancel_id: prior.cancel_id, cancel_status: prior.cancel_status };
      }
    },

    ...buyerRequestAnswers(request),

    searchCancellations,
    searchCancellationPages(params: Parameters<typeof searchCancellations>[0] = {}) {
      return walkPages(params ?? {}, (p) => searchCancellations({ ...p, filter: params?.filter }));
    },
    searchReturns,
    searchReturnPages(params: Parameters<typeof searchReturns>[0] = {}) {
      return walkPages(params ?? {}, (p) => searchReturns({ ...p, filter: params?.filter }));
    },

    /** US and UK shops only; elsewhere TikTok answers with a region error (kind `region_not_supported`). */
    async createProduct(input: CreateProductInput) {
      return request({
        method: "POST",
        path: "/product/202309/products",
        shopScoped: true,
        body: dropEmpty({
          title: input.title,
          description: input.description,
          category_id: input.categoryId,
          brand_id: input.brandId,
          main_images: input.mainImages,
          package_weight: input.packageWeight,
          save_mode: input.saveMode,
          // one key per logical create, so a retried request cannot list the product twice
          idempotency_key: input.idempotencyKey ?? randomUUID(),
          skus: input.skus.map((s) =>
            dropEmpty({
              seller_sku: s.sellerSku,
              external_sku_id: s.externalSkuId,
              price: { amount: s.price.amount, currency: s.price.currency },
              inventory: s.inventory.map((i) => ({ warehouse_id: i.warehouseId, quantity: i.quantity })),
              sales_attributes: s.salesAttributes?.map((a) => ({ name: a.name, value_name: a.valueName })),
            }),
          ),
        }),
        schema: createProductDataSchema,
      });
    },

    /** See PartialEditProductInput: a product's fields and SKU list, leaving everything not sent (images, category) alone. */
    async partialEditProduct(productId: string, input: PartialEditProductInput) {
      return request({
        method: "POST",
        path: `/product/202309/products/${encodeURIComponent(productId)}/partial_edit`,
        shopScoped: true,
        body: dropEmpty({
          title: input.title,
          description: input.description,
          package_weight: input.packageWeight,
          skus: input.skus?.map((s) =>
            dropEmpty({
              id: s.id,
              seller_sku: s.sellerSku,
              price: { amount: s.price.amount, currency: s.price.currency },
              inventory: s.inventory.map((i) => ({ warehouse_id: i.warehouseId, quantity: i.quantity })),
              sales_attributes: s.salesAttributes?.map((a) => ({ name: a.name, value_name: a.valueName })),
            }),
          ),
        }),
        schema: createProductDataSchema,
      });
    },

    searchProducts,
    searchProductPages(params: Parameters<typeof searchProducts>[0] = {}) {
      return walkPages({ pageSize: params?.pageSize }, (p) => searchProducts({ ...params, pageToken: p.pageToken }));
    },

    /**
     * Locates SKUs by seller SKU (exact match, case and whitespace included), 10
     * per search call as the API allows. Missing seller SKUs are absent from the map.
     */
    async findSkusBySellerSku(sellerSkus: readonly string[]): Promise<Map<string, { productId: string; skuId: string; sellerSku: string; productStatus: string; inventory: Array<{ warehouse_id: string; quantity: number }> }>> {
      const found = new Map<string, { productId: string; skuId: string; sellerSku: string; productStatus: string; inventory: Array<{ warehouse_id: string; quantity: number }> }>();
      const wanted = [...new Set(sellerSkus)];
      for (const part of chunk(wanted, 10)) {
        for await (const page of walkPages({ pageSize: 100 }, (p) => searchProducts({ sellerSkus: part, pageSize: p.pageSize, pageToken: p.pageToken }))) {
          for (const product of page.items) {
            for (const sku of product.skus) {
              if (part.includes(sku.seller_sku) && !found.has(sku.seller_sku)) {
                found.set(sku.seller_sku, { productId: product.id, skuId: sku.id, sellerSku: sku.seller_sku, productStatus: product.status, inventory: sku.inventory });
              }
            }
          }
        }
      }
      return found;
    },

    async getProduct(productId: string) {
      return request({ method: "GET", path: `/product/202309/products/${encodeURIComponent(productId)}`, shopScoped: true, schema: productSchema });
    },

    /**
     * Sets absolute sellable stock. List every warehouse of each SKU. A `code 0`
     * answer can still reject some SKUs: see the returned `errors`.
     */
    async updateInventory(productId: string, skus: Array<{ skuId: string; inventory: Array<{ warehouseId: string; quantity: number }> }>) {
      return request({
        method: "POST",
        path: `/product/202309/products/${encodeURIComponent(productId)}/inventory/update`,
        shopScoped: true,
        body: { skus: skus.map((s) => ({ id: s.skuId, inventory: s.inventory.map((i) => ({ warehouse_id: i.warehouseId, quantity: i.quantity })) })) },
        schema: inventoryUpdateDataSchema,
      });
    },

    /** Current stock per SKU and warehouse, by product ids (≤ 100) or SKU ids (≤ 600). */
    async searchInventory(input: { productIds: string[] } | { skuIds: string[] }) {
      const body = "productIds" in input ? { product_ids: input.productIds } : { sku_ids: input.skuIds };
      return (await request({ method: "POST", path: "/product/202309/inventory/search", shopScoped: true, body, schema: inventorySearchDataSchema })).inventory;
    },

    async getShopWebhooks() {
      return (await request({ method: "GET", path: "/event/202309/webhooks", shopScoped: true, schema: shopWebhooksDataSchema })).webhooks;
    },

    async updateShopWebhook(input: { eventType: WebhookEventType; address: string }): Promise<void> {
      await request({ method: "PUT", path: "/event/202309/webhooks", shopScoped: true, body: { address: input.address, event_type: input.eventType }, schema: envelopeDataAny });
    },

    async deleteShopWebhook(eventType: WebhookEventType): Promise<void> {
      await request({ method: "DELETE", path: "/event/202309/webhooks", shopScoped: true, body: { event_type: eventType }, schema: envelopeDataAny });
    },
  };
}

export type TikTokShopClient = ReturnType<typeof createTikTokShopClient>;
