/**
 * The constraint a unique violation (SQLSTATE 23505) hit — "" when unnamed —
 * or null for any other error. drizzle wraps driver errors, so the cause is
 * looked at too.
 */
export function uniqueViolation(err: unknown): string | null {
  for (const e of [err, (err as { cause?: unknown } | null)?.cause] as Array<{ code?: string; constraint?: string } | null | undefined>) {
    if (e?.code === "23505") return e.constraint ?? "";
  }
  return null;
}
