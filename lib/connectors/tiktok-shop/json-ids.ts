/**
 * JSON parsing that never loses digits of big numeric ids.
 *
 * TikTok ids are 18–19 digit numbers; the APIs send them as strings but some
 * webhook bodies carry them as JSON numbers, which `JSON.parse` would round
 * (2^53 ≈ 9.007e15). Integer literals outside the safe range are turned into
 * strings before parsing; everything else parses as usual.
 */
export function quoteUnsafeIntegers(text: string): string {
  let out = "";
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // skip a string literal, honouring escapes
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === 34) {
          i++;
          break;
        } else i++;
      }
      continue;
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      const start = i;
      i++;
      while (i < n && /[0-9eE.+-]/.test(text.charAt(i))) i++;
      const literal = text.slice(start, i);
      if (/^-?\d+$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
        out += text.slice(last, start) + '"' + literal + '"';
        last = i;
      }
      continue;
    }
    i++;
  }
  return out + text.slice(last);
}

/** `JSON.parse` with unsafe integers kept as exact decimal strings. */
export function parseJsonKeepingIds(text: string): unknown {
  return JSON.parse(quoteUnsafeIntegers(text));
}
