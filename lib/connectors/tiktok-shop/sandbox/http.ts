import type { IncomingMessage } from "node:http";
import type { SandboxState, ShopState, GrantState } from "./state";
import type { WebhookDispatcher } from "./webhooks";
import { requestId } from "./state";

/** A vendor error answered in the `{code, message, request_id, data}` envelope. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly httpStatus = 200,
    readonly data: unknown = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface SandboxResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function envelope(code: number, message: string, data: unknown, status = 200, headers: Record<string, string> = {}): SandboxResponse {
  return {
    status,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ code, message, request_id: requestId(), data }),
  };
}

export function json(status: number, value: unknown): SandboxResponse {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(value) };
}

export function html(status: number, body: string): SandboxResponse {
  return { status, headers: { "content-type": "text/html; charset=utf-8" }, body };
}

export function redirect(location: string): SandboxResponse {
  return { status: 302, headers: { location }, body: "" };
}

export interface RawRequest {
  method: string;
  url: URL;
  headers: IncomingMessage["headers"];
  rawBody: Buffer;
}

/** Context handed to an Open API handler after the request checks passed. */
export interface ApiContext {
  state: SandboxState;
  req: RawRequest;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body ({} when none). */
  body: Record<string, unknown>;
  grant: GrantState;
  /** Present on shop-scoped paths. */
  shop: ShopState | null;
  events: WebhookDispatcher;
}

export interface ApiRoute {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path with `:name` segments. */
  path: string;
  shopCipher: "required" | "forbidden";
  handle(ctx: ApiContext): unknown;
}

export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split("/");
  const b = path.split("/");
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    const p = a[i] ?? "";
    const v = b[i] ?? "";
    if (p.startsWith(":")) {
      if (!v) return null;
      params[p.slice(1)] = decodeURIComponent(v);
    } else if (p !== v) return null;
  }
  return params;
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Field helpers for handler bodies (TikTok answers type errors with the message seen in EcomPHP #23). */
export const BAD_PARAM = 36009004;

export function optionalInt(body: Record<string, unknown>, key: string): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new ApiError(BAD_PARAM, `param ${key} type invalid, actual type is:${typeof v}, expected type is:int64`, 400);
  }
  return v;
}

export function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new ApiError(BAD_PARAM, `param ${key} type invalid, actual type is:${typeof v}, expected type is:string`, 400);
  return v;
}

export function requiredString(body: Record<string, unknown>, key: string): string {
  const v = optionalString(body, key);
  if (v === undefined || v === "") throw new ApiError(BAD_PARAM, `param ${key} is required`, 400);
  return v;
}

export function optionalStringArray(body: Record<string, unknown>, key: string): string[] | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw new ApiError(BAD_PARAM, `param ${key} type invalid, expected type is:[]string`, 400);
  return v as string[];
}

export function pageSize(query: URLSearchParams, min: number, max: number): number {
  const raw = query.get("page_size");
  if (raw === null) throw new ApiError(BAD_PARAM, "param page_size is required", 400);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ApiError(BAD_PARAM, `param page_size must be between ${min} and ${max}`, 400);
  return n;
}
