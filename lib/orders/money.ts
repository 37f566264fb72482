/**
 * Money in the hub: decimal strings at the edges (TikTok payloads, the
 * database's numeric columns), exact integer arithmetic inside. Amounts are
 * scaled to ten-thousandths so every currency's minor unit (0, 2 or 3
 * decimals) and TikTok's strings are represented exactly; safe to ~9e11.
 */
const SCALE = 10_000;

/** "21.99" → 219900. Throws on anything but a plain decimal with at most 4 decimals. */
export function toUnits(amount: string | number | null | undefined): number {
  if (amount === null || amount === undefined || amount === "") return 0;
  const text = typeof amount === "number" ? amount.toFixed(4) : amount.trim();
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`Not a decimal amount: ${String(amount)}`);
  const frac = (m[3] ?? "").padEnd(4, "0");
  if (frac.length > 4 && /[1-9]/.test(frac.slice(4))) throw new Error(`${text} has more than 4 decimals`);
  const value = Number(m[2]) * SCALE + Number(frac.slice(0, 4));
  return m[1] && value !== 0 ? -value : value;
}

/** 219900 → "21.99" (2 decimals by default; more only when needed). */
export function fromUnits(units: number, minDecimals = 2): string {
  if (!Number.isInteger(units)) throw new Error(`Not an exact amount: ${units}`);
  const sign = units < 0 ? "-" : "";
  const abs = Math.abs(units);
  let frac = String(abs % SCALE).padStart(4, "0");
  while (frac.length > minDecimals && frac.endsWith("0")) frac = frac.slice(0, -1);
  return `${sign}${Math.floor(abs / SCALE)}${frac ? `.${frac}` : ""}`;
}

/** Sum of decimal strings, as a decimal string. */
export function addMoney(...amounts: Array<string | null | undefined>): string {
  return fromUnits(amounts.reduce((s: number, a) => s + toUnits(a), 0));
}

export function subMoney(a: string, b: string): string {
  return fromUnits(toUnits(a) - toUnits(b));
}

export function mulMoney(amount: string, quantity: number): string {
  if (!Number.isInteger(quantity)) throw new Error(`Quantity must be whole: ${quantity}`);
  return fromUnits(toUnits(amount) * quantity);
}

export const moneyEquals = (a: string, b: string) => toUnits(a) === toUnits(b);
export const isZero = (a: string | null | undefined) => toUnits(a) === 0;

/** For JSON payloads that want a number (Acumatica's DecimalValue): exact for any decimal with ≤ 4 places. */
export const moneyToNumber = (a: string) => Number(fromUnits(toUnits(a)));
