import { randomBytes } from "node:crypto";
import { ApiError, BAD_PARAM } from "./http";
import type { SandboxState } from "./state";

/**
 * Opaque cursor paging like TikTok's: `next_page_token` is standard base64 and,
 * deliberately, always contains `+`, `/` and `=` so a client that forgets to
 * URL-encode it (or signs the encoded form) fails the way it would live.
 */
function mintToken(): string {
  // 0xfb 0xff 0xbf encodes as "+/+/"; 11 bytes in total leave one "=" of padding
  return Buffer.concat([Buffer.from([0xfb, 0xff, 0xbf]), randomBytes(8)]).toString("base64");
}

export function paginate<T>(
  state: SandboxState,
  items: T[],
  size: number,
  token: string | null,
  fingerprint: string,
): { page: T[]; nextPageToken: string } {
  let offset = 0;
  if (token) {
    const entry = state.pageTokens.get(token);
    if (!entry || entry.fingerprint !== fingerprint) throw new ApiError(BAD_PARAM, "Invalid page_token. The page_token does not match this query or has expired.", 400);
    offset = entry.offset;
  }
  const page = items.slice(offset, offset + size);
  let nextPageToken = "";
  if (offset + size < items.length) {
    nextPageToken = mintToken();
    state.pageTokens.set(nextPageToken, { fingerprint, offset: offset + size });
    // a long-running dev sandbox forgets the oldest cursors
    if (state.pageTokens.size > 10_000) state.pageTokens.delete(state.pageTokens.keys().next().value ?? "");
  }
  return { page, nextPageToken };
}

/** Identifies a query (path + filters + sort) so a token cannot be reused for another one. */
export function queryFingerprint(path: string, shopId: string, query: URLSearchParams, body: unknown): string {
  return JSON.stringify([path, shopId, query.get("sort_field"), query.get("sort_order"), body]);
}

export function compareBy<T>(field: (t: T) => number, order: "ASC" | "DESC", tieBreak: (t: T) => string) {
  return (a: T, b: T) => {
    const d = field(a) - field(b);
    if (d !== 0) return order === "ASC" ? d : -d;
    return tieBreak(a) < tieBreak(b) ? -1 : tieBreak(a) > tieBreak(b) ? 1 : 0;
  };
}
