import { timingSafeEqual } from "node:crypto";
import { computeSignature } from "../signing";
import type { ApiRoute, RawRequest } from "./http";
import { ApiError } from "./http";
import type { FaultState, GrantState, SandboxState, ShopState } from "./state";
import { findShopByCipher, nowSec } from "./state";

/**
 * The gate every Open API request passes, in the order the real service
 * reports problems: app key, signature presence, timestamp window, signature,
 * access token, shop cipher, rate limit.
 */
export const CODES = {
  BAD_REQUEST: 36009004,
  RATE_LIMITED: 36009002,
  INTERNAL: 36009003,
  INVALID_CONTENT_TYPE: 36009022,
  EXPIRED: 105002,
  INVALID_SIGN: 106001,
  MISSING_CIPHER: 106013,
  CIPHER_MISMATCH: 101000,
} as const;

function safeEqualHex(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export function checkSignature(state: SandboxState, req: RawRequest): void {
  const query = req.url.searchParams;
  const appKey = query.get("app_key");
  if (!appKey || appKey !== state.config.appKey) throw new ApiError(CODES.BAD_REQUEST, "Invalid credentials. The app_key is invalid or missing.", 400);
  const sign = query.get("sign");
  if (!sign) throw new ApiError(CODES.BAD_REQUEST, "Invalid credentials. The sign is missing.", 400);
  const tsRaw = query.get("timestamp");
  const ts = tsRaw !== null && /^-?\d+$/.test(tsRaw) ? Number(tsRaw) : NaN;
  if (!Number.isFinite(ts) || ts < 0) throw new ApiError(CODES.BAD_REQUEST, "Invalid timestamp. The timestamp must be a Unix timestamp in seconds.", 400);
  const now = nowSec();
  if (ts < now - 300) throw new ApiError(CODES.BAD_REQUEST, "Invalid timestamp. The timestamp is older than 5 minutes.", 400);
  if (ts > now + 30) throw new ApiError(CODES.BAD_REQUEST, "Invalid timestamp. The timestamp is more than 30 seconds ahead of the server time.", 400);
  const expected = computeSignature({
    appSecret: state.config.appSecret,
    path: req.url.pathname,
    query, // decoded values, sign/access_token dropped inside
    body: req.rawBody.length > 0 ? req.rawBody : null,
    contentType: headerValue(req, "content-type"),
  });
  if (!safeEqualHex(expected, sign)) throw new ApiError(CODES.INVALID_SIGN, "Invalid sign. Please check the signature algorithm and the parameters signed.", 401);
}

export function headerValue(req: RawRequest, name: string): string | null {
  const v = req.headers[name];
  if (Array.isArray(v)) return v[0] ?? null;
  return v ?? null;
}

export function checkContentType(req: RawRequest): void {
  if (req.method === "GET" || req.rawBody.length === 0) return;
  const ct = (headerValue(req, "content-type") ?? "").toLowerCase();
  if (!ct.startsWith("application/json") && !ct.startsWith("multipart/form-data")) {
    throw new ApiError(CODES.INVALID_CONTENT_TYPE, "The content-type must be application/json or multipart/form-data.", 400);
  }
}

export function checkAccessToken(state: SandboxState, req: RawRequest): GrantState {
  const token = headerValue(req, "x-tts-access-token");
  const invalid = () => new ApiError(CODES.BAD_REQUEST, "Invalid credentials. The x-tts-access-token header is invalid.", 401);
  if (!token) throw invalid();
  const grant = state.grants.get(token);
  if (!grant || grant.revoked) throw invalid();
  if (grant.accessExpiresAt <= nowSec()) throw new ApiError(CODES.EXPIRED, "Expired credentials. The access token is expired, please refresh it.", 401);
  return grant;
}

export function checkShopCipher(state: SandboxState, req: RawRequest, route: ApiRoute, grant: GrantState): ShopState | null {
  const cipher = req.url.searchParams.get("shop_cipher");
  if (route.shopCipher === "forbidden") {
    if (cipher !== null) throw new ApiError(CODES.BAD_REQUEST, "Unexpected identifier. The shop_cipher is not required for this API; remove it.", 400);
    return null;
  }
  if (!cipher) throw new ApiError(CODES.MISSING_CIPHER, "The shop_cipher is required for this API.", 400);
  const shop = findShopByCipher(state, cipher);
  if (!shop || !grant.shopIds.includes(shop.id)) {
    throw new ApiError(CODES.CIPHER_MISMATCH, "Invalid shop_cipher. The shop_cipher does not belong to a shop authorized for this access token.", 400);
  }
  return shop;
}

/** Sliding one-second window per (app, shop) — or (app, seller) for calls without a shop. */
export function checkRateLimit(state: SandboxState, key: string): void {
  const now = Date.now();
  const window = (state.rateWindows.get(key) ?? []).filter((t) => t > now - 1000);
  if (window.length >= state.config.qps) {
    state.rateWindows.set(key, window);
    throw new ApiError(CODES.RATE_LIMITED, "Too many requests. The request rate exceeds the limit for this app and shop.", 429);
  }
  window.push(now);
  state.rateWindows.set(key, window);
}

/** Takes the next matching fault of one of `kinds`, counting it down. */
export function takeFault(state: SandboxState, path: string, kinds: FaultState["kind"][]): FaultState | undefined {
  const fault = state.faults.find((f) => kinds.includes(f.kind) && f.remaining > 0 && (!f.pathContains || path.includes(f.pathContains)));
  if (!fault) return undefined;
  fault.remaining -= 1;
  if (fault.remaining <= 0) state.faults = state.faults.filter((f) => f !== fault);
  return fault;
}
