import type { ApiRoute, RawRequest, SandboxResponse } from "./http";
import { envelope, html, redirect } from "./http";
import type { GrantState, SandboxState } from "./state";
import { nowSec, randomToken } from "./state";

/** Seller authorization page, token endpoints and Get Authorized Shops. */

const SCOPES = [
  "seller.authorization.info",
  "seller.shop.info",
  "seller.order.info",
  "seller.fulfillment.basic",
  "seller.fulfillment.package.write",
  "seller.logistics",
  "seller.product.basic",
  "seller.product.write",
  "seller.return_refund.basic",
];

const REGION_NAMES: Record<string, string> = { US: "United States", GB: "United Kingdom", DE: "Germany" };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** GET /oauth/authorize, /open/authorize (service_id=…&state=…; legacy app_key=… also accepted). */
export function renderAuthorizePage(state: SandboxState, req: RawRequest, error?: string): SandboxResponse {
  const q = req.url.searchParams;
  const serviceId = q.get("service_id");
  const appKey = q.get("app_key");
  if (serviceId !== state.config.serviceId && appKey !== state.config.appKey) {
    return html(400, `<!doctype html><title>Authorization error</title><h1>Authorization link is invalid</h1><p>Unknown service_id.</p>`);
  }
  const stateParam = q.get("state") ?? "";
  const shops = state.seller.shopIds.map((id) => state.shops.get(id)).filter((s) => s !== undefined);
  const options = shops
    .map((s) => {
      const region = REGION_NAMES[s.region] ?? s.region;
      return `<li><input type="checkbox" id="shop-${s.id}" name="shop_id" value="${s.id}" checked> <label for="shop-${s.id}">${escapeHtml(s.name)} (${s.region} — ${escapeHtml(region)})</label></li>`;
    })
    .join("\n");
  const scopes = SCOPES.map((s) => `<li><code>${s}</code></li>`).join("");
  return html(
    200,
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorize OrderBridge — TikTok Shop (sandbox)</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}ul{list-style:none;padding:0}li{margin:.4rem 0}button{padding:.5rem 1.2rem;margin-right:.5rem}.err{color:#b00020}</style></head>
<body>
<h1>TikTok Shop Seller Center (sandbox)</h1>
<p>Signed in as <strong>${escapeHtml(state.seller.name)}</strong> (${escapeHtml(state.seller.email)}).</p>
<p>The app with service id <code>${escapeHtml(state.config.serviceId)}</code> asks to access your shops.</p>
${error ? `<p class="err" role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="${escapeHtml(req.url.pathname)}">
<input type="hidden" name="service_id" value="${escapeHtml(state.config.serviceId)}">
<input type="hidden" name="state" value="${escapeHtml(stateParam)}">
<fieldset><legend>Shops to authorize</legend><ul>
${options}
</ul></fieldset>
<details><summary>Permissions requested</summary><ul>${scopes}</ul></details>
<p><button type="submit" name="decision" value="authorize">Authorize</button><button type="submit" name="decision" value="cancel">Cancel</button></p>
</form>
</body></html>`,
  );
}

/** POST of the authorization form: redirect to the app with `code` + `state`, or `error=auth_denied`. */
export function submitAuthorizePage(state: SandboxState, req: RawRequest): SandboxResponse {
  const form = new URLSearchParams(req.rawBody.toString("utf8"));
  const stateParam = form.get("state") ?? "";
  const target = new URL(state.config.redirectUri);
  if (form.get("decision") !== "authorize") {
    // as documented for a rejection: code=null&error=auth_denied
    target.searchParams.set("code", "null");
    target.searchParams.set("error", "auth_denied");
    target.searchParams.set("state", stateParam);
    return redirect(target.toString());
  }
  const shopIds = form.getAll("shop_id").filter((id) => state.seller.shopIds.includes(id));
  if (shopIds.length === 0) {
    const again = new URL(req.url.toString());
    again.search = new URLSearchParams({ service_id: state.config.serviceId, state: stateParam }).toString();
    return renderAuthorizePage(state, { ...req, url: again }, "Choose at least one shop to authorize.");
  }
  const code = randomToken("", 32);
  state.authCodes.set(code, { code, sellerOpenId: state.seller.openId, shopIds, expiresAt: nowSec() + state.config.authCodeTtlSec, used: false });
  target.searchParams.set("code", code);
  target.searchParams.set("state", stateParam);
  return redirect(target.toString());
}

function issueGrant(state: SandboxState, sellerOpenId: string, shopIds: string[]): GrantState {
  const now = nowSec();
  const grant: GrantState = {
    accessToken: randomToken("TTP_", 30),
    refreshToken: randomToken("TTP_", 30),
    sellerOpenId,
    shopIds,
    accessExpiresAt: now + state.config.accessTokenTtlSec,
    refreshExpiresAt: now + state.config.refreshTokenTtlSec,
    refreshUsed: false,
    revoked: false,
    scopes: SCOPES,
  };
  state.grants.set(grant.accessToken, grant);
  state.grantsByRefresh.set(grant.refreshToken, grant);
  return grant;
}

function tokenPayload(state: SandboxState, g: GrantState) {
  return {
    access_token: g.accessToken,
    access_token_expire_in: g.accessExpiresAt,
    refresh_token: g.refreshToken,
    refresh_token_expire_in: g.refreshExpiresAt,
    open_id: g.sellerOpenId,
    seller_name: state.seller.name,
    seller_base_region: state.seller.baseRegion,
    user_type: 0,
    granted_scopes: g.scopes,
  };
}

/** GET /api/v2/token/get and /api/v2/token/refresh (unsigned; secret in the query). */
export function handleTokenEndpoint(state: SandboxState, req: RawRequest, kind: "get" | "refresh"): SandboxResponse {
  if (req.method !== "GET") return envelope(36009010, "Invalid method. Use GET.", null, 405);
  const q = req.url.searchParams;
  if (q.get("app_key") !== state.config.appKey || q.get("app_secret") !== state.config.appSecret) {
    return envelope(36009004, "Invalid credentials. The app_key or app_secret is invalid.", null, 400);
  }
  const grantType = q.get("grant_type");
  if (kind === "get") {
    if (grantType !== "authorized_code") return envelope(36004003, "Invalid grant_type. Expected authorized_code.", null);
    const code = state.authCodes.get(q.get("auth_code") ?? "");
    if (!code || code.used || code.expiresAt <= nowSec()) {
      if (code) code.used = true;
      return envelope(36004004, "Invalid auth code.", null);
    }
    code.used = true;
    return envelope(0, "success", tokenPayload(state, issueGrant(state, code.sellerOpenId, code.shopIds)));
  }
  if (grantType !== "refresh_token") return envelope(36004003, "Invalid grant_type. Expected refresh_token.", null);
  const old = state.grantsByRefresh.get(q.get("refresh_token") ?? "");
  if (!old || old.revoked || old.refreshUsed) return envelope(36004005, "can not find related auth record", null);
  if (old.refreshExpiresAt <= nowSec()) return envelope(36004001, "rt has expired", null);
  // refresh tokens rotate: the presented one is spent; the previous access token stays valid until it expires
  old.refreshUsed = true;
  const next = issueGrant(state, old.sellerOpenId, old.shopIds);
  next.refreshExpiresAt = old.refreshExpiresAt;
  return envelope(0, "success", tokenPayload(state, next));
}

export const authorizationRoutes: ApiRoute[] = [
  {
    method: "GET",
    path: "/authorization/202309/shops",
    shopCipher: "forbidden",
    handle({ state, grant }) {
      return {
        shops: grant.shopIds
          .map((id) => state.shops.get(id))
          .filter((s) => s !== undefined)
          .map((s) => ({ id: s.id, name: s.name, region: s.region, seller_type: "CROSS_BORDER", cipher: s.cipher, code: s.code })),
      };
    },
  },
  {
    method: "GET",
    path: "/seller/202309/shops",
    shopCipher: "forbidden",
    handle({ state, grant }) {
      return {
        shops: grant.shopIds
          .map((id) => state.shops.get(id))
          .filter((s) => s !== undefined)
          .map((s) => ({ id: s.id, name: s.name, region: s.region, seller_type: "CROSS_BORDER", code: s.code })),
      };
    },
  },
];
