import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { loadContract } from "./contract";
import type { ConnectedApp, HttpAnswer, RequestAuth } from "./identity";
import { LoginLimitError, createIdentity } from "./identity";
import type { LicenseLimits } from "./limits";
import { RequestDeclinedError, createRequestLimiter } from "./limits";
import type { Faults } from "./operator";
import { NO_FAULTS, createOperator, processingTime } from "./operator";
import { NOT_FOUND_PAGE } from "./pages";
import { createRestHandler, httpError, noResource } from "./rest";
import { seedStore } from "./seed";
import type { Store } from "./store";
import { createStore } from "./store";

export interface SandboxEndpoint {
  name: string;
  version: string;
  /** false = not published on this instance (requests answer like an unknown endpoint). */
  published?: boolean;
}

export interface AcumaticaSandboxOptions {
  /** 0 (default) = a free port. */
  port?: number;
  host?: string;
  /** Site path of the instance, default `/AcumaticaERP`. */
  instancePath?: string;
  connectedApps?: ConnectedApp[];
  limits?: Partial<LicenseLimits>;
  /** Endpoints of the instance; default Default/24.200.001 and the Pipe17/001 extension (same contract). */
  endpoints?: SandboxEndpoint[];
  /** How long actions run before their status URL answers 204; 0 = finish inside the request. Default 300 ms. */
  actionDurationMs?: number;
  accessTokenLifetimeSec?: number;
  refreshLifetimeSec?: number;
  cookieSessionIdleMs?: number;
}

export interface AcumaticaSandbox {
  /** Instance URL including the site path, e.g. http://127.0.0.1:4101/AcumaticaERP */
  url: string;
  /** Scheme, host and port only. */
  origin: string;
  /** Operator API base, `${origin}/_sandbox`. */
  operatorUrl: string;
  port: number;
  close(): Promise<void>;
  reset(): void;
  store(): Store;
  faults: Faults;
  identity: ReturnType<typeof createIdentity>;
  limiter: ReturnType<typeof createRequestLimiter>;
  setEndpointPublished(name: string, version: string, published: boolean): void;
  setActionDurationMs(ms: number): void;
}

export const DEFAULT_ENDPOINTS: SandboxEndpoint[] = [
  { name: "Default", version: "24.200.001", published: true },
  { name: "Pipe17", version: "001", published: true },
];

const SYSTEM_ENDPOINTS = new Set(["Default"]);
const BUILD_VERSION = "24.200.0168";

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > 10 * 1024 * 1024) throw new Error("Request body too large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Responses whose request is processed but whose answer is never sent (fault `dropResponse`). */
const DROP_AFTER_PROCESSING = new WeakSet<ServerResponse>();

function send(res: ServerResponse, answer: HttpAnswer): void {
  if (DROP_AFTER_PROCESSING.has(res)) {
    res.socket?.destroy();
    return;
  }
  // The client gave up (timeout, abort) while the request was still being processed.
  if (res.destroyed) return;
  const headers: Record<string, string | string[]> = { ...(answer.headers ?? {}) };
  let payload: string | Buffer | undefined = answer.body;
  if (answer.json !== undefined) {
    payload = JSON.stringify(answer.json);
    headers["Content-Type"] = "application/json; charset=utf-8";
  } else if (typeof payload === "string") {
    headers["Content-Type"] ??= "text/html; charset=utf-8";
  }
  headers["Cache-Control"] = "no-store";
  res.writeHead(answer.status, headers);
  res.end(payload);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a local imitation of one Acumatica instance (identity server + contract REST + operator API). */
export async function startAcumaticaSandbox(opts: AcumaticaSandboxOptions = {}): Promise<AcumaticaSandbox> {
  const instancePath = `/${(opts.instancePath ?? "/AcumaticaERP").replace(/^\/+|\/+$/g, "")}`.replace(/^\/$/, "");
  const contract = loadContract();
  let store = createStore();
  seedStore(store);
  const limiter = createRequestLimiter(opts.limits);
  const apps = [...(opts.connectedApps ?? [])];
  const identity = createIdentity(apps, {
    accessTokenLifetimeSec: opts.accessTokenLifetimeSec ?? 3600,
    refreshLifetimeSec: opts.refreshLifetimeSec ?? 30 * 24 * 3600,
    codeLifetimeSec: 300,
    cookieSessionIdleMs: opts.cookieSessionIdleMs ?? 10 * 60_000,
    maxApiUsers: () => limiter.limits().maxApiUsers,
  });
  const endpoints = (opts.endpoints ?? DEFAULT_ENDPOINTS).map((e) => ({ name: e.name, version: e.version, published: e.published !== false }));
  const actions = { durationMs: opts.actionDurationMs ?? 300 };
  const faults: Faults = structuredClone(NO_FAULTS);
  const rest = createRestHandler(() => store, contract, { durationMs: () => actions.durationMs });
  const reset = () => {
    store = createStore();
    seedStore(store);
  };
  const operator = createOperator({ store: () => store, reset, contract, identity, limiter, faults, endpoints, actions });

  const findEndpoint = (name: string, version: string) => endpoints.find((e) => e.published && e.name.toLowerCase() === name.toLowerCase() && e.version === version);

  /**
   * Applies injected faults; `handled` when the request was answered (or dropped) by the fault.
   * `slowCommitMs` is handed on to the processing of the request.
   */
  async function applyFaults(res: ServerResponse): Promise<{ handled: boolean; slowCommitMs: number }> {
    const oneShot = faults.next.shift();
    const slowCommitMs = Math.max(0, oneShot?.slowCommitMs ?? 0);
    if (oneShot?.dropResponse) DROP_AFTER_PROCESSING.add(res);
    const latency = (oneShot?.latencyMs ?? 0) + faults.latencyMs;
    if (latency > 0) await sleep(latency);
    if (oneShot?.drop) {
      res.socket?.destroy();
      return { handled: true, slowCommitMs };
    }
    if (oneShot?.conflict) {
      send(res, httpError(500, "Another process has updated the 'SOOrder' record. Your changes will be lost.", "PX.Data.PXLockViolationException"));
      return { handled: true, slowCommitMs };
    }
    const status = oneShot?.status ?? (faults.errorRate > 0 && Math.random() < faults.errorRate ? faults.errorStatus : undefined);
    if (status) {
      if (status === 429) send(res, { status: 429, body: "The custom error module does not recognize this error.", headers: { "Content-Type": "text/plain" } });
      else if (status === 401) send(res, { status: 401, json: { message: "You are not logged in." } });
      else if (status === 500) send(res, httpError(500, "Execution Timeout Expired. The timeout period elapsed prior to completion of the operation (injected fault).", "System.Data.SqlClient.SqlException"));
      else send(res, { status, body: `<h1>${status} Service Unavailable</h1><p>Injected fault.</p>` });
      return { handled: true, slowCommitMs };
    }
    return { handled: false, slowCommitMs };
  }

  async function handleEntity(req: IncomingMessage, res: ServerResponse, url: URL, rest_: string[], bodyBuf: Buffer): Promise<void> {
    const authz = req.headers.authorization;
    const cookie = req.headers.cookie;
    const method = req.method ?? "GET";
    if (rest_.length === 0 && method === "GET") {
      const known = identity.recognizes(authz, cookie);
      const visible = endpoints.filter((e) => e.published && (known || SYSTEM_ENDPOINTS.has(e.name)));
      send(res, {
        status: 200,
        json: {
          version: { acumaticaBuildVersion: BUILD_VERSION, databaseVersion: BUILD_VERSION },
          endpoints: visible.map((e) => ({ name: e.name, version: e.version, href: `${instancePath}/entity/${e.name}/${e.version}/` })),
        },
      });
      return;
    }
    if (rest_[0] === "auth" && method === "POST") {
      if (rest_[1] === "logout") return send(res, identity.logout(authz, cookie));
      if (rest_[1] === "login") {
        let body: Record<string, unknown> = {};
        try {
          body = req.headers["content-type"]?.includes("json") ? (JSON.parse(bodyBuf.toString("utf8") || "{}") as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(bodyBuf.toString("utf8")));
        } catch {
          return send(res, httpError(400, "The request body is not valid JSON."));
        }
        return send(res, identity.cookieLogin(body));
      }
    }
    const fault = await applyFaults(res);
    if (fault.handled) return;
    let auth: RequestAuth | null;
    try {
      auth = identity.authenticateRequest(authz, cookie);
    } catch (err) {
      if (err instanceof LoginLimitError) return send(res, { status: 429, json: { message: "An error has occurred.", exceptionMessage: "API Login Limit", exceptionType: "PX.Data.PXException" } });
      throw err;
    }
    if (!auth) return send(res, { status: 401, json: { message: "You are not logged in." } });
    const sessionCookie = auth.setCookie;
    const withCookie = (answer: HttpAnswer): HttpAnswer => (sessionCookie ? { ...answer, headers: { ...answer.headers, "Set-Cookie": sessionCookie } } : answer);
    const [name, version, ...segments] = rest_;
    if (!name || !version || !findEndpoint(name, version)) return send(res, withCookie(noResource(url.pathname)));
    let release: () => void;
    try {
      release = await limiter.admit();
    } catch (err) {
      if (err instanceof RequestDeclinedError) return send(res, { status: 429, json: { message: "An error has occurred.", exceptionMessage: err.message, exceptionType: "PX.Api.RequestLimitExceededException" } });
      throw err;
    }
    try {
      let body: unknown = undefined;
      if (bodyBuf.length > 0) {
        try {
          body = JSON.parse(bodyBuf.toString("utf8"));
        } catch {
          return send(res, httpError(400, "The request body is not valid JSON.", "Newtonsoft.Json.JsonReaderException"));
        }
      }
      const headers: Record<string, string | undefined> = {
        "if-match": req.headers["if-match"],
        "if-none-match": req.headers["if-none-match"],
      };
      // Processing time inside the licence slot, so concurrency limits and queueing show in benchmarks.
      const processingMs = processingTime(faults, method, segments[0]);
      if (processingMs > 0) await sleep(processingMs);
      // Only a PUT has a save to delay; other requests just take longer.
      if (method !== "PUT" && fault.slowCommitMs > 0) await sleep(fault.slowCommitMs);
      const commitDelayMs = method === "PUT" ? fault.slowCommitMs : 0;
      send(res, withCookie(await rest({ method, segments, query: url.searchParams, headers, body, basePath: `${instancePath}/entity/${name}/${version}`, commitDelayMs })));
    } finally {
      release();
    }
  }

  function handleIdentity(req: IncomingMessage, res: ServerResponse, url: URL, rest_: string[], bodyBuf: Buffer, origin: string): void {
    const method = req.method ?? "GET";
    const route = rest_.join("/");
    const issuer = `${origin}${instancePath}/identity`;
    const form = () => new URLSearchParams(bodyBuf.toString("utf8"));
    if (route === ".well-known/openid-configuration" && method === "GET") {
      return send(res, {
        status: 200,
        json: {
          issuer,
          authorization_endpoint: `${issuer}/connect/authorize`,
          token_endpoint: `${issuer}/connect/token`,
          revocation_endpoint: `${issuer}/connect/revocation`,
          userinfo_endpoint: `${issuer}/connect/userinfo`,
          end_session_endpoint: `${issuer}/connect/endsession`,
          scopes_supported: ["openid", "profile", "email", "phone", "api", "api:concurrent_access", "offline_access"],
          response_types_supported: ["code", "code id_token", "code token", "code id_token token"],
          grant_types_supported: ["authorization_code", "refresh_token", "password", "implicit"],
          code_challenge_methods_supported: ["plain", "S256"],
          token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["HS256"],
        },
      });
    }
    if (route === "connect/authorize" && method === "GET") return send(res, identity.authorizeEndpoint(url, req.headers.cookie, instancePath));
    if (route === "connect/authorize/consent" && method === "POST") return send(res, identity.consentEndpoint(form()));
    if (route === "login" && method === "GET") return send(res, identity.signInPage(url));
    if (route === "login" && method === "POST") return send(res, identity.signInSubmit(form(), url.pathname));
    if (route === "connect/token" && method === "POST") {
      if (!req.headers["content-type"]?.includes("application/x-www-form-urlencoded")) return send(res, { status: 400, json: { error: "invalid_request" } });
      return send(res, identity.tokenEndpoint(form(), req.headers.authorization, issuer));
    }
    if (route === "connect/revocation" && method === "POST") return send(res, identity.revoke(form(), req.headers.authorization));
    return send(res, { status: 404, body: NOT_FOUND_PAGE });
  }

  const server = createServer((req, res) => {
    void (async () => {
      const host = req.headers.host ?? "127.0.0.1";
      const origin = `http://${host}`;
      const url = new URL(req.url ?? "/", origin);
      const bodyBuf = await readBody(req);
      const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
      if (parts[0] === "_sandbox") {
        let body: Record<string, unknown> = {};
        try {
          body = bodyBuf.length ? (JSON.parse(bodyBuf.toString("utf8")) as Record<string, unknown>) : {};
        } catch {
          return send(res, { status: 400, json: { error: "Body must be JSON" } });
        }
        return send(res, operator(req.method ?? "GET", parts.slice(1), url.searchParams, body));
      }
      const instanceParts = instancePath.split("/").filter(Boolean);
      const inInstance = instanceParts.every((p, i) => parts[i]?.toLowerCase() === p.toLowerCase());
      if (!inInstance) return send(res, { status: 404, body: NOT_FOUND_PAGE });
      const [area, ...rest_] = parts.slice(instanceParts.length);
      if (area === "identity") return handleIdentity(req, res, url, rest_, bodyBuf, origin);
      if (area === "entity") return handleEntity(req, res, url, rest_, bodyBuf);
      if (!area) return send(res, { status: 302, headers: { Location: `${instancePath}/Main` } });
      return send(res, { status: 404, body: NOT_FOUND_PAGE });
    })().catch((err: unknown) => {
      if (!res.headersSent) send(res, httpError(500, err instanceof Error ? err.message : String(err), "System.Exception"));
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = (opts.host ?? "127.0.0.1") === "0.0.0.0" ? "127.0.0.1" : (opts.host ?? "127.0.0.1");
  const origin = `http://${hostForUrl}:${address.port}`;
  return {
    url: `${origin}${instancePath}`,
    origin,
    operatorUrl: `${origin}/_sandbox`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    reset,
    store: () => store,
    faults,
    identity,
    limiter,
    setEndpointPublished(name, version, published) {
      const e = endpoints.find((x) => x.name === name && x.version === version);
      if (e) e.published = published;
      else endpoints.push({ name, version, published });
    },
    setActionDurationMs(ms) {
      actions.durationMs = ms;
    },
  };
}
