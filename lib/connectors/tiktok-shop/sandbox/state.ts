import { randomBytes } from "node:crypto";

/** In-memory world of the TikTok Shop sandbox. Money is kept in minor units (cents). */

export interface SandboxConfig {
  appKey: string;
  appSecret: string;
  serviceId: string;
  redirectUri: string;
  /** Requests per second allowed per (app, shop). */
  qps: number;
  /** Delays (ms) between webhook redeliveries; TikTok uses 2 min, 30 min, 3 h, 12 h. */
  webhookSchedule: number[];
  /** A delivery that takes longer than this counts as failed (TikTok: 3 s). */
  webhookTimeoutMs: number;
  accessTokenTtlSec: number;
  refreshTokenTtlSec: number;
  authCodeTtlSec: number;
  /** Remorse window after payment for ON_HOLD shops. */
  onHoldMs: number;
  /** Tracking can be corrected this long after shipping. */
  shippingInfoUpdateWindowSec: number;
}

export interface ShopState {
  id: string;
  name: string;
  region: string;
  currency: string;
  cipher: string;
  code: string;
  onHold: boolean;
  taxRate: string;
  /** Retail delivery fee (cents) per recipient state name. */
  retailDeliveryFeeCents: Record<string, number>;
  warehouses: Array<{ id: string; name: string; isDefault: boolean; city: string; state: string; postalCode: string }>;
  deliveryOptions: Array<{ id: string; name: string; description: string; type: string; shippingFeeCents: number; providers: Array<{ id: string; name: string }>; warehouseIds: string[] }>;
}

export interface SkuState {
  id: string;
  productId: string;
  sellerSku: string;
  name: string;
  priceCents: number;
  externalSkuId?: string;
  /** Absolute sellable quantity per warehouse id. */
  inventory: Record<string, number>;
}

export interface ProductState {
  id: string;
  shopId: string;
  title: string;
  description: string;
  categoryId: string;
  status: "DRAFT" | "PENDING" | "FAILED" | "ACTIVATE" | "SELLER_DEACTIVATED" | "PLATFORM_DEACTIVATED" | "FREEZE" | "DELETED";
  createTime: number;
  updateTime: number;
  skus: SkuState[];
  idempotencyKey?: string;
  createdByApi: boolean;
}

export type OrderStatusValue =
  | "UNPAID"
  | "ON_HOLD"
  | "AWAITING_SHIPMENT"
  | "PARTIALLY_SHIPPING"
  | "AWAITING_COLLECTION"
  | "IN_TRANSIT"
  | "DELIVERED"
  | "COMPLETED"
  | "CANCELLED";

export interface LineState {
  id: string;
  skuId: string;
  productId: string;
  productName: string;
  skuName: string;
  sellerSku: string;
  originalPriceCents: number;
  sellerDiscountCents: number;
  platformDiscountCents: number;
  taxCents: number;
  packageId?: string;
  cancelled: boolean;
  cancelUser?: string;
  cancelReason?: string;
  afterSale: boolean;
}

export interface OrderState {
  id: string;
  shopId: string;
  status: OrderStatusValue;
  createTime: number;
  updateTime: number;
  paidTime?: number;
  paidAtMs?: number;
  rtsTime?: number;
  collectionTime?: number;
  deliveryTime?: number;
  cancelTime?: number;
  userId: string;
  buyerEmail: string;
  buyerMessage: string;
  deliveryOptionId: string;
  warehouseId: string;
  /** Fee of the delivery option before discounts (payment.original_shipping_fee). */
  shippingFeeCents: number;
  shippingFeeSellerDiscountCents: number;
  shippingFeePlatformDiscountCents: number;
  retailDeliveryFeeCents: number;
  currency: string;
  taxRate: string;
  address: { firstName: string; lastName: string; phone: string; line1: string; line2: string; city: string; state: string; postalCode: string; country: string; regionCode: string };
  lines: LineState[];
  packageIds: string[];
  isBuyerRequestCancel: boolean;
  cancellationInitiator?: string;
  cancelReason?: string;
  /** SELLER (default: the seller's own carrier) or TIKTOK (TikTok Shipping issues the label; see tiktok-shipping.ts). */
  shippingType?: "SELLER" | "TIKTOK";
}

export interface PackageState {
  id: string;
  orderId: string;
  shopId: string;
  lineIds: string[];
  status: "TO_FULFILL" | "PROCESSING" | "FULFILLING" | "COMPLETED" | "CANCELLED";
  shippingProviderId?: string;
  shippingProviderName?: string;
  trackingNumber?: string;
  /** Unix seconds when the seller marked it shipped. */
  shippedAt?: number;
  createTime: number;
  updateTime: number;
  trackingUpdates: Array<{ at: number; trackingNumber: string; shippingProviderId: string }>;
  /** TikTok Shipping: how the package reaches the carrier (Ship Package's handover_method). */
  handoverMethod?: "PICKUP" | "DROP_OFF";
}

export interface CancellationState {
  id: string;
  orderId: string;
  shopId: string;
  type: "CANCEL" | "BUYER_CANCEL";
  /** Stored in the Search Cancellations spelling. */
  status: "CANCELLATION_REQUEST_PENDING" | "CANCELLATION_REQUEST_SUCCESS" | "CANCELLATION_REQUEST_COMPLETE" | "CANCELLATION_REQUEST_CANCEL";
  role: "BUYER" | "SELLER" | "SYSTEM" | "OPERATOR";
  reason: string;
  reasonText: string;
  createTime: number;
  updateTime: number;
  lineIds: string[];
}

export interface ReturnState {
  id: string;
  orderId: string;
  shopId: string;
  type: "REFUND" | "RETURN_AND_REFUND" | "REPLACEMENT";
  /** Stored in the Search Returns spelling. */
  status: string;
  role: "BUYER" | "SELLER" | "SYSTEM" | "OPERATOR";
  reason: string;
  reasonText: string;
  createTime: number;
  updateTime: number;
  lineIds: string[];
  trackingNumber?: string;
}

export interface GrantState {
  accessToken: string;
  refreshToken: string;
  sellerOpenId: string;
  shopIds: string[];
  accessExpiresAt: number;
  refreshExpiresAt: number;
  /** Refresh token already exchanged (tokens rotate). */
  refreshUsed: boolean;
  revoked: boolean;
  scopes: string[];
}

export interface AuthCodeState {
  code: string;
  sellerOpenId: string;
  shopIds: string[];
  expiresAt: number;
  used: boolean;
}

export interface WebhookSubscription {
  address: string;
  createTime: number;
  updateTime: number;
}

export interface DeliveryState {
  id: string;
  notificationId: string;
  shopId: string;
  eventType: string;
  address: string;
  body: string;
  signature: string;
  status: "pending" | "delivered" | "dropped";
  attempts: Array<{ at: number; httpStatus: number | null; error?: string }>;
  nextAttemptAt: number | null;
}

export type FaultKind = "latency" | "server_error" | "rate_limit" | "expire_token" | "deauthorize" | "drop_connection" | "drop_response";

export interface FaultState {
  id: string;
  kind: FaultKind;
  /** Only requests whose path contains this text. */
  pathContains?: string;
  /** How many matching requests it affects; Infinity until cleared. */
  remaining: number;
  latencyMs?: number;
  httpStatus?: number;
  retryAfterSec?: number;
}

export interface RequestLogEntry {
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  body: string;
  shopId: string | null;
  code: number;
  httpStatus: number;
}

export interface SandboxState {
  config: SandboxConfig;
  seller: { openId: string; name: string; baseRegion: string; email: string; shopIds: string[] };
  shops: Map<string, ShopState>;
  products: Map<string, ProductState>;
  orders: Map<string, OrderState>;
  packages: Map<string, PackageState>;
  cancellations: Map<string, CancellationState>;
  returns: Map<string, ReturnState>;
  grants: Map<string, GrantState>;
  grantsByRefresh: Map<string, GrantState>;
  authCodes: Map<string, AuthCodeState>;
  webhooks: Map<string, Map<string, WebhookSubscription>>;
  deliveries: DeliveryState[];
  faults: FaultState[];
  pageTokens: Map<string, { fingerprint: string; offset: number }>;
  rateWindows: Map<string, number[]>;
  log: RequestLogEntry[];
  /** Shipping events the operator can inspect. */
  idCounter: bigint;
}

export const nowSec = () => Math.floor(Date.now() / 1000);

/** 19-digit numeric id (beyond 2^53, like TikTok's). */
export function nextId(state: SandboxState, prefix = "57"): string {
  state.idCounter += BigInt(1 + Math.floor(Math.random() * 97));
  const body = state.idCounter.toString().padStart(17, "0").slice(-17);
  return prefix + body;
}

export function randomToken(prefix: string, bytes = 24): string {
  return prefix + randomBytes(bytes).toString("base64url");
}

export function requestId(): string {
  const d = new Date();
  const stamp = d.toISOString().replace(/[-:TZ.]/g, "").slice(0, 14);
  return stamp + randomBytes(10).toString("hex").toUpperCase();
}

export function findShopByCipher(state: SandboxState, cipher: string): ShopState | undefined {
  for (const shop of state.shops.values()) if (shop.cipher === cipher) return shop;
  return undefined;
}

export function findSku(state: SandboxState, shopId: string, match: { skuId?: string; sellerSku?: string }): { product: ProductState; sku: SkuState } | undefined {
  for (const product of state.products.values()) {
    if (product.shopId !== shopId) continue;
    for (const sku of product.skus) {
      if ((match.skuId && sku.id === match.skuId) || (match.sellerSku && sku.sellerSku === match.sellerSku)) return { product, sku };
    }
  }
  return undefined;
}

export const toCents = (amount: string): number => Math.round(Number(amount) * 100);

/** Shipping the buyer pays: the option's fee less seller and platform shipping discounts. */
export const shippingPaidCents = (order: OrderState): number => order.shippingFeeCents - order.shippingFeeSellerDiscountCents - order.shippingFeePlatformDiscountCents;
export const fromCents = (cents: number): string => (cents / 100).toFixed(2);
