import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { answerRoutes } from "./aftersale-answers";
import { authorizationRoutes, handleTokenEndpoint, renderAuthorizePage, submitAuthorizePage } from "./auth";
import { fulfillmentRoutes } from "./fulfillment";
import type { ApiRoute, RawRequest, SandboxResponse } from "./http";
import { ApiError, envelope, matchPath, readBody } from "./http";
import type { World } from "./lifecycle";
import { releaseExpiredHolds } from "./lifecycle";
import { deauthorize, expireAccessTokens, handleOperator } from "./operator";
import { orderRoutes } from "./orders";
import { productListingRoutes } from "./product-listing";
import { productRoutes } from "./products";
import { CODES, checkAccessToken, checkContentType, checkRateLimit, checkShopCipher, checkSignature, takeFault } from "./request-checks";
import { returnRoutes } from "./returns";
import { createSeededState } from "./seed";
import type { SandboxConfig, SandboxState } from "./state";
import { createWebhookDispatcher, webhookRoutes } from "./webhooks";

export interface TikTokSandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  appKey: string;
  appSecret: string;
  serviceId: string;
  /** The app's redirect URL, fixed per app as in Partner Center. */
  redirectUri: string;
  /** Requests per second per (app, shop); default 50. */
  qps?: number;
  /** ms between webhook redeliveries; default TikTok's 2 min, 30 min, 3 h, 12 h. */
  webhookSchedule?: number[];
  webhookTimeoutMs?: number;
  /** Access token lifetime (default 7 days). */
  accessTokenTtlSec?: number;
  /** Refresh token / authorization lifetime (default 365 days). */
  refreshTokenTtlSec?: number;
  authCodeTtlSec?: number;
  /** Remorse window for ON_HOLD orders (default 1 hour; the operator can end it early). */
  onHoldMs?: number;
  shippingInfoUpdateWindowSec?: number;
  /** Log each request to stdout. */
  verbose?: boolean;
}

export interface TikTokSandbox {
  url: string;
  port: number;
  /** The live sandbox world (tests may inspect it). */
  state(): SandboxState;
  reset(): void;
  /** Resolves when no webhook delivery is in flight. */
  webhooksIdle(): Promise<void>;
  close(): Promise<void>;
}

const API_ROUTES: ApiRoute[] = [...authorizationRoutes, ...orderRoutes, ...fulfillmentRoutes, ...returnRoutes, ...answerRoutes, ...productRoutes, ...productListingRoutes, ...webhookRoutes];

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function parseJsonBody(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {};
  let v: unknown;
  try {
    v = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new ApiError(CODES.BAD_REQUEST, "Invalid request body. The body must be valid JSON.", 400);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ApiError(CODES.BAD_REQUEST, "Invalid request body. The body must be a JSON object.", 400);
  return v as Record<string, unknown>;
}

export async function startTikTokSandbox(opts: TikTokSandboxOptions): Promise<TikTokSandbox> {
  const config: SandboxConfig = {
    appKey: opts.appKey,
    appSecret: opts.appSecret,
    serviceId: opts.serviceId,
    redirectUri: opts.redirectUri,
    qps: opts.qps ?? 50,
    webhookSchedule: opts.webhookSchedule ?? [120_000, 1_800_000, 10_800_000, 43_200_000],
    webhookTimeoutMs: opts.webhookTimeoutMs ?? 3_000,
    accessTokenTtlSec: opts.accessTokenTtlSec ?? 7 * 86400,
    refreshTokenTtlSec: opts.refreshTokenTtlSec ?? 365 * 86400,
    authCodeTtlSec: opts.authCodeTtlSec ?? 30 * 60,
    onHoldMs: opts.onHoldMs ?? 3_600_000,
    shippingInfoUpdateWindowSec: opts.shippingInfoUpdateWindowSec ?? 72 * 3600,
  };
  let state = createSeededState(config);
  let events = createWebhookDispatcher(() => state);
  const world = (): World => ({ state, events });
  const reset = () => {
    events.close();
    state = createSeededState(config);
    events = createWebhookDispatcher(() => state);
  };

  async function handleApi(req: RawRequest, drop: () => void): Promise<SandboxResponse | null> {
    const path = req.url.pathname;
    const candidates = API_ROUTES.flatMap((r) => {
      const params = matchPath(r.path, path);
      return params ? [{ r, params }] : [];
    });
    if (candidates.length === 0) throw new ApiError(36009009, "Invalid path. The API path does not exist.", 404);
    const hit = candidates.find((c) => c.r.method === req.method);
    if (!hit) throw new ApiError(36009010, "Invalid method for this API path.", 405);
    const { r: route, params } = hit;

    const tokenFault = takeFault(state, path, ["expire_token", "deauthorize"]);
    if (tokenFault?.kind === "expire_token") expireAccessTokens(state);
    if (tokenFault?.kind === "deauthorize") deauthorize(world(), []);

    checkSignature(state, req);
    checkContentType(req);
    const grant = checkAccessToken(state, req);
    const shop = checkShopCipher(state, req, route, grant);
    checkRateLimit(state, `${config.appKey}:${shop?.id ?? `seller:${grant.sellerOpenId}`}`);

    const fault = takeFault(state, path, ["latency", "server_error", "rate_limit", "drop_connection", "drop_response"]);
    if (fault?.kind === "latency") await sleep(fault.latencyMs ?? 1000);
    if (fault?.kind === "drop_connection") {
      drop();
      return null;
    }
    if (fault?.kind === "rate_limit") {
      throw new ApiError(CODES.RATE_LIMITED, "Too many requests. The request rate exceeds the limit for this app and shop.", 429, null, fault.retryAfterSec !== undefined ? { "retry-after": String(fault.retryAfterSec) } : {});
    }
    if (fault?.kind === "server_error") {
      const status = fault.httpStatus ?? 500;
      // 503 comes from the load balancer, not the platform: no envelope
      if (status === 503) return { status, headers: { "content-type": "text/plain" }, body: "Service Unavailable" };
      throw new ApiError(CODES.INTERNAL, "Internal error. Please retry.", status);
    }
    const body = parseJsonBody(req.rawBody);
    const data = await route.handle({ state, req, params, query: req.url.searchParams, body, grant, shop, events });
    if (fault?.kind === "drop_response") {
      drop();
      return null;
    }
    return envelope(0, "Success", data ?? {});
  }

  const server = createServer(async (nodeReq, nodeRes) => {
    let response: SandboxResponse | null;
    const raw: RawRequest = {
      method: nodeReq.method ?? "GET",
      url: new URL(nodeReq.url ?? "/", "http://sandbox.local"),
      headers: nodeReq.headers,
      rawBody: await readBody(nodeReq).catch(() => Buffer.alloc(0)),
    };
    const path = raw.url.pathname;
    const isApi = !path.startsWith("/_sandbox") && !/^\/(oauth|open)\/authorize\/?$/.test(path) && !path.startsWith("/api/v2/token/");
    try {
      if (path.startsWith("/_sandbox")) response = await handleOperator({ world, reset }, raw);
      else if (/^\/(oauth|open)\/authorize\/?$/.test(path)) response = raw.method === "POST" ? submitAuthorizePage(state, raw) : renderAuthorizePage(state, raw);
      else if (path === "/api/v2/token/get") response = handleTokenEndpoint(state, raw, "get");
      else if (path === "/api/v2/token/refresh") response = handleTokenEndpoint(state, raw, "refresh");
      else response = await handleApi(raw, () => nodeReq.socket.destroy());
    } catch (err) {
      if (err instanceof ApiError) response = envelope(err.code, err.message, err.data, err.httpStatus, err.headers);
      else {
        console.error("[tiktok-sandbox]", err);
        response = envelope(CODES.INTERNAL, "Internal error.", null, 500);
      }
    }
    if (response === null) return;
    if (isApi) {
      let code = 0;
      try {
        code = (JSON.parse(response.body) as { code?: number }).code ?? 0;
      } catch {
        code = -1;
      }
      const shopCipher = raw.url.searchParams.get("shop_cipher");
      state.log.push({
        at: Date.now(),
        method: raw.method,
        path,
        query: Object.fromEntries(raw.url.searchParams),
        body: raw.rawBody.toString("utf8"),
        shopId: shopCipher ? ([...state.shops.values()].find((s) => s.cipher === shopCipher)?.id ?? null) : null,
        code,
        httpStatus: response.status,
      });
      if (state.log.length > 2000) state.log.splice(0, state.log.length - 2000);
      if (opts.verbose) console.log(`[tiktok-sandbox] ${raw.method} ${path} → ${response.status} code=${code}`);
    }
    nodeRes.writeHead(response.status, response.headers);
    nodeRes.end(response.body);
  });

  const sweep = setInterval(() => releaseExpiredHolds(world()), 1000);
  sweep.unref();

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${hostForUrl === "0.0.0.0" ? "127.0.0.1" : hostForUrl}:${address.port}`;

  return {
    url,
    port: address.port,
    state: () => state,
    reset,
    webhooksIdle: () => events.idle(),
    async close() {
      clearInterval(sweep);
      events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
