import { createHmac } from "node:crypto";

/**
 * TikTok Shop Open API (202309+) request signing — the one implementation used
 * by the client and by the sandbox.
 *
 * sign = hex(HMAC-SHA256(app_secret, app_secret + path + Σ sorted(key + value) + body + app_secret))
 * - query values are the decoded values, `sign` and `access_token` excluded;
 * - keys sorted by code unit (ASCII order);
 * - the body is the raw bytes as sent (never a re-serialisation), skipped for multipart;
 * - lowercase hex.
 */
export type SignableQuery = URLSearchParams | Record<string, string | undefined> | Iterable<[string, string]>;

const EXCLUDED_KEYS = new Set(["sign", "access_token"]);

function queryEntries(query: SignableQuery): Array<[string, string]> {
  if (query instanceof URLSearchParams) return [...query.entries()];
  if (Symbol.iterator in query) return [...(query as Iterable<[string, string]>)];
  const out: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(query)) if (v !== undefined) out.push([k, v]);
  return out;
}

/** True when the body takes no part in the signature (multipart uploads). */
export function isMultipart(contentType: string | null | undefined): boolean {
  return (contentType ?? "").toLowerCase().split(";")[0]?.trim() === "multipart/form-data";
}

/** The text between the two secrets, without the body: path + sorted key/value pairs. */
export function buildSignBase(path: string, query: SignableQuery): string {
  const entries = queryEntries(query).filter(([k]) => !EXCLUDED_KEYS.has(k));
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return path + entries.map(([k, v]) => k + v).join("");
}

export interface SignInput {
  appSecret: string;
  /** URL path only, e.g. `/order/202309/orders/search`. */
  path: string;
  /** Decoded query parameters as sent. */
  query: SignableQuery;
  /** The exact body bytes sent (string is taken as UTF-8). */
  body?: string | Uint8Array | null;
  contentType?: string | null;
}

export function computeSignature(input: SignInput): string {
  const hmac = createHmac("sha256", input.appSecret);
  hmac.update(input.appSecret + buildSignBase(input.path, input.query), "utf8");
  if (input.body != null && !isMultipart(input.contentType)) {
    hmac.update(typeof input.body === "string" ? Buffer.from(input.body, "utf8") : input.body);
  }
  hmac.update(input.appSecret, "utf8");
  return hmac.digest("hex");
}

/** Webhook `Authorization` header: hex(HMAC-SHA256(app_secret, app_key + raw body)). */
export function computeWebhookSignature(appKey: string, appSecret: string, rawBody: string | Uint8Array): string {
  const hmac = createHmac("sha256", appSecret);
  hmac.update(appKey, "utf8");
  hmac.update(typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody);
  return hmac.digest("hex");
}
