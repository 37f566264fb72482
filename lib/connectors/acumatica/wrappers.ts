import type { FieldError } from "./errors";

/**
 * The one place that converts between plain values and contract-version-4
 * value wrappers (`{"value": …}`), and reads field errors out of responses.
 */
const SYSTEM_KEYS = new Set(["id", "rowNumber", "delete", "custom", "_links", "files", "error"]);

export type PlainValue = string | number | boolean | null | Date;
export interface PlainRecord {
  [field: string]: PlainValue | PlainRecord | PlainRecord[] | undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Plain record → wrapped JSON: scalars become `{value}`, nested objects linked entities, arrays detail lines; `undefined` is left out. */
export function wrapRecord(plain: PlainRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(plain)) {
    if (value === undefined) continue;
    if (key === "id" || key === "delete" || key === "rowNumber") out[key] = value;
    else if (Array.isArray(value)) out[key] = value.map(wrapRecord);
    else if (isRecord(value)) out[key] = wrapRecord(value as PlainRecord);
    else out[key] = { value: value instanceof Date ? value.toISOString() : value };
  }
  return out;
}

/** Wrapped JSON → plain values (wrappers collapse to their value, `{}` to null); system fields other than id are dropped. */
export function unwrapRecord(raw: unknown): unknown {
  if (Array.isArray(raw)) return raw.map(unwrapRecord);
  if (!isRecord(raw)) return raw;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === "id") out.id = value;
    else if (SYSTEM_KEYS.has(key)) continue;
    else if (key === "note") out.note = isRecord(value) ? (value.value ?? null) : value;
    else if (Array.isArray(value)) out[key] = value.map(unwrapRecord);
    else if (isRecord(value) && !("id" in value) && Object.keys(value).every((k) => k === "value" || k === "error")) out[key] = value.value ?? null;
    else out[key] = unwrapRecord(value);
  }
  return out;
}

/** Every `error` in a response body (record, wrappers, linked entities, detail lines), with the path of the field. */
export function collectFieldErrors(raw: unknown, prefix = ""): FieldError[] {
  if (!isRecord(raw)) return [];
  const errors: FieldError[] = [];
  if (typeof raw.error === "string" && raw.error) errors.push({ path: prefix, message: raw.error });
  for (const [key, value] of Object.entries(raw)) {
    if (SYSTEM_KEYS.has(key)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(value)) value.forEach((line, i) => errors.push(...collectFieldErrors(line, `${path}[${i}]`)));
    else if (isRecord(value)) errors.push(...collectFieldErrors(value, path));
  }
  return errors;
}

/** Quotes a string for `$filter` (single quotes doubled). */
export function quoteODataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A `datetimeoffset'…'` literal for `$filter`. */
export function odataDateTimeOffset(date: Date): string {
  return `datetimeoffset'${date.toISOString()}'`;
}
