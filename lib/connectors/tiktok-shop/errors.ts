/** Vendor error codes the client branches on (TikTok Shop Open API 202309+). */
export const TIKTOK_CODES = {
  OK: 0,
  RATE_LIMITED: 36009002,
  INTERNAL_ERROR: 36009003,
  BAD_REQUEST: 36009004,
  REQUEST_TIMEOUT: 36009007,
  INVALID_PATH: 36009009,
  INVALID_METHOD: 36009010,
  INVALID_CONTENT_TYPE: 36009022,
  AUTH_EXPIRED: 105002,
  ACCESS_DENIED: 105005,
  INVALID_SIGN: 106001,
  MISSING_SHOP_CIPHER: 106013,
  INVALID_CIPHER_OR_TOKEN: 101000,
  REFRESH_TOKEN_EXPIRED: 36004001,
  INVALID_AUTH_CODE: 36004004,
  AUTH_RECORD_NOT_FOUND: 36004005,
  ORDER_NOT_FOUND: 21008111,
  ALREADY_SHIPPED: 21011006,
  PACKAGE_ALREADY_SHIPPED: 21008099,
  DUPLICATE_TRACKING_NUMBER: 21011025,
  TRACKING_UPDATE_WINDOW_CLOSED: 21011050,
  ITEM_HAS_AFTERSALE: 21011007,
  FULFILLMENT_REGION_NOT_SUPPORTED: 21008106,
  /** Cancel Order: the reason is not one a seller may give for the order's status (or the order can no longer be cancelled). */
  CANCEL_REASON_NOT_MATCH_STATUS: 25001021,
  /** Return & refund answers (Approve/Reject Cancellation, Approve/Reject Return, Get Reject Reasons). */
  AFTERSALE_INVALID_PARAM: 25001001,
  AFTERSALE_NOT_FOUND: 25007006,
  REJECT_REASON_UNKNOWN: 25001014,
  REJECT_REASON_NOT_MATCH_ACTION: 25001016,
  REQUEST_CANNOT_BE_REJECTED: 25011011,
  REQUEST_CANNOT_BE_APPROVED: 25011012,
  DECISION_NOT_MATCH_STATUS: 25020003,
  DECISION_NOT_MATCH_TYPE: 25020004,
  REQUEST_ALREADY_CANCELLED: 25020009,
  REQUEST_ALREADY_APPROVED: 25020010,
  /** Approve Cancellation: the order has shipped and the courier cannot be stopped. */
  ORDER_SHIPPED_CANNOT_CANCEL: 25001045,
  /** Ship Package: the package has been shipped already. */
  SHIP_PACKAGE_ALREADY_SHIPPED: 11006021,
  /** Sandbox-chosen: Create Product called for a shop outside the US/UK (real code undocumented). */
  PRODUCT_REGION_NOT_SUPPORTED: 12052700,
} as const;

export type TikTokErrorKind =
  | "auth_expired"
  | "deauthorized"
  | "rate_limited"
  | "invalid_request"
  | "invalid_signature"
  | "permission_denied"
  | "region_not_supported"
  | "not_found"
  | "conflict"
  | "server"
  | "network"
  | "invalid_response";

/** Every failure the TikTok Shop connector raises. */
export class TikTokShopError extends Error {
  override readonly name = "TikTokShopError";
  /** Numeric vendor code (0 when the failure has none, e.g. network). */
  readonly code: number;
  readonly kind: TikTokErrorKind;
  readonly retryable: boolean;
  readonly requestId: string | null;
  readonly httpStatus: number | null;
  /** Vendor `data` on the failed envelope, if any (per-item detail). */
  readonly detail: unknown;
  /** Server-requested wait before retrying (Retry-After), if sent. */
  readonly retryAfterMs: number | null;

  constructor(init: {
    message: string;
    code: number;
    kind: TikTokErrorKind;
    retryable?: boolean;
    requestId?: string | null;
    httpStatus?: number | null;
    detail?: unknown;
    retryAfterMs?: number | null;
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.kind = init.kind;
    this.retryable = init.retryable ?? (init.kind === "rate_limited" || init.kind === "server" || init.kind === "network");
    this.requestId = init.requestId ?? null;
    this.httpStatus = init.httpStatus ?? null;
    this.detail = init.detail;
    this.retryAfterMs = init.retryAfterMs ?? null;
  }
}

const TOKEN_MESSAGE = /access[_ -]?token|x-tts-access-token|credential/i;

/** Maps a vendor envelope code (+ message, HTTP status) to the error kind. */
export function classifyVendorError(code: number, message: string, httpStatus: number | null): TikTokErrorKind {
  switch (code) {
    case TIKTOK_CODES.AUTH_EXPIRED:
      return "auth_expired";
    case TIKTOK_CODES.RATE_LIMITED:
      return "rate_limited";
    case TIKTOK_CODES.INTERNAL_ERROR:
    case TIKTOK_CODES.REQUEST_TIMEOUT:
      return "server";
    case TIKTOK_CODES.INVALID_SIGN:
      return "invalid_signature";
    case TIKTOK_CODES.ACCESS_DENIED:
      return "permission_denied";
    case TIKTOK_CODES.REFRESH_TOKEN_EXPIRED:
    case TIKTOK_CODES.AUTH_RECORD_NOT_FOUND:
    case TIKTOK_CODES.INVALID_CIPHER_OR_TOKEN:
      return "deauthorized";
    case TIKTOK_CODES.FULFILLMENT_REGION_NOT_SUPPORTED:
    case TIKTOK_CODES.PRODUCT_REGION_NOT_SUPPORTED:
      return "region_not_supported";
    case TIKTOK_CODES.ORDER_NOT_FOUND:
    case TIKTOK_CODES.AFTERSALE_NOT_FOUND:
      return "not_found";
    // the request is no longer in a state this answer applies to (answered, withdrawn)
    case TIKTOK_CODES.REQUEST_CANNOT_BE_REJECTED:
    case TIKTOK_CODES.REQUEST_CANNOT_BE_APPROVED:
    case TIKTOK_CODES.DECISION_NOT_MATCH_STATUS:
    case TIKTOK_CODES.REQUEST_ALREADY_CANCELLED:
    case TIKTOK_CODES.REQUEST_ALREADY_APPROVED:
    case TIKTOK_CODES.SHIP_PACKAGE_ALREADY_SHIPPED:
    case TIKTOK_CODES.ALREADY_SHIPPED:
    case TIKTOK_CODES.PACKAGE_ALREADY_SHIPPED:
    case TIKTOK_CODES.DUPLICATE_TRACKING_NUMBER:
      return "conflict";
    case TIKTOK_CODES.BAD_REQUEST:
      return TOKEN_MESSAGE.test(message) && !/app_key/i.test(message) ? "deauthorized" : "invalid_request";
    default:
      if (httpStatus === 429) return "rate_limited";
      if (httpStatus !== null && httpStatus >= 500) return "server";
      return "invalid_request";
  }
}
