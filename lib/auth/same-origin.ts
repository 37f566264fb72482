/**
 * The path (with query) of `target` if it resolves to `origin`, else null.
 * Resolving rather than checking the first characters also refuses the forms
 * browsers turn into another host, such as `//evil.example` or `/\evil.example`.
 */
export function sameOriginPath(target: string | null | undefined, origin: string): string | null {
  if (!target) return null;
  try {
    const url = new URL(target, origin);
    if (url.origin !== origin) return null;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return null;
  }
}

/**
 * Whether a state-changing request comes from this site's own pages. Browsers
 * send Origin on every POST and Sec-Fetch-Site on every request; a request
 * with neither is not from a browser (no ambient cookies to abuse) and passes.
 * Server actions do this check inside Next.js; signed webhooks do not need it.
 */
export function isSameOriginRequest(headers: Headers, appOrigin: string): boolean {
  const origin = headers.get("origin");
  if (origin && origin !== "null") return origin === appOrigin;
  if (origin === "null") return false;
  const site = headers.get("sec-fetch-site");
  return !site || site === "same-origin" || site === "none";
}
