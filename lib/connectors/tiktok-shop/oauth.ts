import type { OAuthTokens } from "../shared/token-store";
import { envelopeSchema, tokenDataSchema } from "./api-types";
import type { TokenData } from "./api-types";
import { TikTokShopError, classifyVendorError } from "./errors";
import { parseJsonKeepingIds } from "./json-ids";

/**
 * Seller authorization and the (unsigned, GET) token endpoints.
 * `authorizeUrl` is the full page URL (e.g. https://services.tiktokshop.com/open/authorize);
 * `authBaseUrl` is the token host (e.g. https://auth.tiktok-shops.com).
 */
export function buildAuthorizeUrl(input: { authorizeUrl: string; serviceId: string; state: string }): string {
  const url = new URL(input.authorizeUrl);
  url.searchParams.set("service_id", input.serviceId);
  url.searchParams.set("state", input.state);
  return url.toString();
}

export interface TokenRequestBase {
  authBaseUrl: string;
  appKey: string;
  appSecret: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Converts the vendor token payload (absolute-second expiries) to the hub's token shape. */
export function toOAuthTokens(data: TokenData): OAuthTokens {
  return {
    accessToken: data.access_token,
    refreshToken: data.refresh_token,
    accessExpiresAt: new Date(data.access_token_expire_in * 1000),
    refreshExpiresAt: new Date(data.refresh_token_expire_in * 1000),
    scope: data.granted_scopes.join(" "),
    extra: {
      openId: data.open_id,
      sellerName: data.seller_name,
      sellerBaseRegion: data.seller_base_region,
      userType: data.user_type,
    },
  };
}

async function callTokenEndpoint(base: TokenRequestBase, path: string, params: Record<string, string>): Promise<OAuthTokens> {
  const url = new URL(path, base.authBaseUrl.replace(/\/?$/, "/"));
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const doFetch = base.fetch ?? fetch;
  let res: Response;
  let text: string;
  try {
    res = await doFetch(url, { method: "GET", signal: AbortSignal.timeout(base.timeoutMs ?? 15_000) });
    text = await res.text();
  } catch (err) {
    throw new TikTokShopError({ message: `TikTok token endpoint unreachable: ${(err as Error).message}`, code: 0, kind: "network", cause: err });
  }
  let envelope;
  try {
    envelope = envelopeSchema.parse(parseJsonKeepingIds(text));
  } catch (err) {
    const kind = res.status >= 500 ? "server" : "invalid_response";
    throw new TikTokShopError({ message: `TikTok token endpoint answered HTTP ${res.status} without an envelope`, code: 0, kind, httpStatus: res.status, cause: err });
  }
  if (envelope.code !== 0) {
    let kind = classifyVendorError(envelope.code, envelope.message, res.status);
    // a refused refresh token means the chain is dead: the seller has to authorize again
    if (params.grant_type === "refresh_token" && kind === "invalid_request") kind = "deauthorized";
    throw new TikTokShopError({
      message: `TikTok token request failed: ${envelope.message} (${envelope.code})`,
      code: envelope.code,
      kind,
      requestId: envelope.request_id,
      httpStatus: res.status,
    });
  }
  const data = tokenDataSchema.safeParse(envelope.data);
  if (!data.success) {
    throw new TikTokShopError({ message: `Unexpected token payload: ${data.error.message}`, code: 0, kind: "invalid_response", requestId: envelope.request_id });
  }
  return toOAuthTokens(data.data);
}

/** Exchanges the `code` from the authorization redirect (single use, 30 minutes). */
export function exchangeAuthCode(input: TokenRequestBase & { code: string }): Promise<OAuthTokens> {
  return callTokenEndpoint(input, "api/v2/token/get", {
    app_key: input.appKey,
    app_secret: input.appSecret,
    auth_code: input.code,
    grant_type: "authorized_code",
  });
}

/** Trades a refresh token for a new pair; the response carries a new refresh token — persist both. */
export function refreshAccessToken(input: TokenRequestBase & { refreshToken: string }): Promise<OAuthTokens> {
  return callTokenEndpoint(input, "api/v2/token/refresh", {
    app_key: input.appKey,
    app_secret: input.appSecret,
    refresh_token: input.refreshToken,
    grant_type: "refresh_token",
  });
}
