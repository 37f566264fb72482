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
