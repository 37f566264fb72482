import { lookup as dnsLookup } from "node:dns";
import type { LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { Readable } from "node:stream";
import type { AllowList } from "./address-rules";
import { forbiddenReason, isAddressAllowed, isHostAllowed } from "./address-rules";

/**
 * Outbound calls to URLs a merchant typed in (the Acumatica instance) go
 * through this fetch only. It refuses URLs whose host resolves to a
 * non-public address (unless the operator allows it), connects to the very
 * address it checked (the check runs inside the socket's own lookup, so a DNS
 * answer cannot change between check and connect), never follows redirects,
 * and allows plain http only for hosts the operator lists.
 */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export interface OutboundPolicy {
  allow: AllowList;
  /** Host name → addresses; the system resolver by default (tests inject their own). */
  resolve?: Resolver;
}

/** Why an outbound URL was refused. Messages never carry the resolved address or other internal detail. */
export class OutboundBlockedError extends Error {
  constructor(
    readonly reason: "scheme" | "http_not_allowed" | "credentials_in_url" | "forbidden_address" | "unresolvable",
    message: string,
  ) {
    super(message);
    this.name = "OutboundBlockedError";
  }
}

const systemResolve: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

const BLOCKED_MESSAGE =
  "The API URL points to a private or reserved network address. OrderBridge only connects to public addresses; an operator can allow a host on the local network with OUTBOUND_ALLOWED_HOSTS.";

/** Checks scheme, credentials and (for IP literals) the address of a URL, without any network access. */
export function assertUrlShapeAllowed(url: URL, policy: OutboundPolicy): void {
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new OutboundBlockedError("scheme", "The API URL must start with https://.");
  if (url.username || url.password) throw new OutboundBlockedError("credentials_in_url", "The API URL must not contain a user name or password.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const allowedHost = isHostAllowed(policy.allow, host);
  if (url.protocol === "http:" && !allowedHost) {
    throw new OutboundBlockedError("http_not_allowed", "The API URL must start with https://. Plain http:// is only used for hosts an operator allows (OUTBOUND_ALLOWED_HOSTS).");
  }
  if (isIP(host) && !allowedHost && forbiddenReason(host)) throw new OutboundBlockedError("forbidden_address", BLOCKED_MESSAGE);
}

/** Resolves a host and keeps only the addresses policy allows; refuses when any answer is forbidden. */
export async function resolveAllowed(hostname: string, policy: OutboundPolicy): Promise<LookupAddress[]> {
  const host = hostname.replace(/^\[|\]$/g, "");
  const family = isIP(host);
  const addresses = family ? [{ address: host, family }] : await (policy.resolve ?? systemResolve)(host).catch((err: unknown) => {
    throw Object.assign(new OutboundBlockedError("unresolvable", "The API URL's host name could not be found."), { cause: err });
  });
  if (addresses.length === 0) throw new OutboundBlockedError("unresolvable", "The API URL's host name could not be found.");
  if (isHostAllowed(policy.allow, host)) return addresses;
  // One forbidden answer taints the name: an attacker's DNS could otherwise mix a public and a private address.
  for (const a of addresses) {
    if (forbiddenReason(a.address) && !isAddressAllowed(policy.allow, a.address)) throw new OutboundBlockedError("forbidden_address", BLOCKED_MESSAGE);
  }
  return addresses;
}

/** Checks a URL completely (shape, then DNS): for saving a setting before any call is made. */
export async function checkOutboundUrl(raw: string, policy: OutboundPolicy): Promise<void> {
  const url = new URL(raw);
  assertUrlShapeAllowed(url, policy);
  await resolveAllowed(url.hostname, policy);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function guardedLookup(policy: OutboundPolicy) {
  return (hostname: string, options: { all?: boolean; family?: number } | number, callback: LookupCallback) => {
    resolveAllowed(hostname, policy).then(
      (addresses) => {
        const opts = typeof options === "number" ? { family: options } : options;
        const wanted = opts.family ? addresses.filter((a) => a.family === opts.family) : addresses;
        const list = wanted.length ? wanted : addresses;
        if (opts.all) callback(null, list);
        else callback(null, list[0]!.address, list[0]!.family);
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, ""),
    );
  };
}

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

function bodyBytes(body: RequestInit["body"]): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string" || body instanceof URLSearchParams) return Buffer.from(body.toString());
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  throw new TypeError("guarded fetch sends string, URLSearchParams or byte bodies only");
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * A fetch for merchant URLs under `policy`, on node:http(s) with the guarded
 * lookup (the socket connects to the address the guard checked). It never
 * follows redirects: a 3xx comes back as it is (Location intact) for the
 * caller to report, since following it would carry the client secret or the
 * bearer token to wherever the first server points.
 */
export function createGuardedFetch(policy: OutboundPolicy): FetchLike {
  const lookup = guardedLookup(policy) as never;
  const agents = {
    "http:": new http.Agent({ keepAlive: true, lookup } as http.AgentOptions),
    "https:": new https.Agent({ keepAlive: true, lookup } as https.AgentOptions),
  };
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input.toString());
      assertUrlShapeAllowed(url, policy);
      const signal = init.signal ?? undefined;
      if (signal?.aborted) return reject(signal.reason);
      const payload = bodyBytes(init.body);
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, key) => (headers[key] = value));
      if (payload) headers["content-length"] = String(payload.length);
      const secure = url.protocol === "https:";
      const req = (secure ? https : http).request(
        url,
        { method: init.method ?? "GET", headers, agent: agents[secure ? "https:" : "http:"] },
        (res) => {
          const out = new Headers();
          for (const [key, value] of Object.entries(res.headers)) {
            if (Array.isArray(value)) value.forEach((v) => out.append(key, v));
            else if (value !== undefined) out.set(key, value);
          }
          const status = res.statusCode ?? 502;
          const body = NULL_BODY_STATUSES.has(status) || init.method === "HEAD" ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
          if (!body) res.resume();
          resolve(new Response(body, { status, statusText: res.statusMessage ?? "", headers: out }));
        },
      );
      const onAbort = () => req.destroy(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
      signal?.addEventListener("abort", onAbort, { once: true });
      req.on("close", () => signal?.removeEventListener("abort", onAbort));
      req.on("error", reject);
      req.end(payload);
    });
}

/** The target of a redirect answer, or null when the response is not a redirect. */
export function redirectTarget(res: { status: number; headers: Headers }, base: string): string | null {
  if (res.status < 300 || res.status >= 400) return null;
  const location = res.headers.get("location");
  if (!location) return null;
  try {
    return new URL(location, base).toString();
  } catch {
    return location;
  }
}
