import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { DUMMY_HASH, verifyPassword } from "./password";
import { signInSchema } from "./sign-in-schema";
import { beginLoginAttempt, finishLoginAttempt } from "./throttle";

export class SignInError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs = 0,
  ) {
    super(message);
    this.name = "SignInError";
  }
}

export const INVALID_CREDENTIALS = "Wrong e-mail or password.";

function describeWait(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s < 90 ? `${s} seconds` : `${Math.ceil(s / 60)} minutes`;
}

/**
 * Checks e-mail and password, with throttling per e-mail and per address.
 * The same message answers an unknown e-mail and a wrong password, and both
 * spend one scrypt verification, so neither the text nor the timing tells
 * which accounts exist.
 */
export async function authenticate(db: Db, raw: unknown, ip: string | null): Promise<{ id: string; email: string }> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) throw new SignInError(parsed.error.issues[0]?.message ?? INVALID_CREDENTIALS);
  const { email, password } = parsed.data;

  const attempt = await beginLoginAttempt(db, email, ip);
  if ("waitMs" in attempt) {
    throw new SignInError(`Too many failed sign-in attempts. Try again in ${describeWait(attempt.waitMs)}.`, attempt.waitMs);
  }

  const [user] = await db
    .select({ id: users.id, email: users.email, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.email, email));
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  const succeeded = Boolean(user && ok && !user.disabledAt);
  await finishLoginAttempt(db, attempt.attemptId, succeeded);
  if (!succeeded || !user) throw new SignInError(INVALID_CREDENTIALS);
  return { id: user.id, email: user.email };
}

/**
 * The client address for throttling, or null when none can be trusted.
 * X-Forwarded-For is written by whoever sends the request; only the entries
 * appended by our own reverse proxies are trustworthy, so with
 * TRUSTED_PROXY_HOPS = n the address is the n-th entry from the end. With no
 * proxy configured (n = 0) the header is ignored and only the per-e-mail
 * throttle applies.
 */
export function clientIp(headers: Record<string, string | string[] | undefined> | Headers | undefined, trustedProxyHops: number): string | null {
  if (trustedProxyHops <= 0 || !headers) return null;
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const entries = (Array.isArray(raw) ? raw.join(",") : (raw ?? ""))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return entries.at(-trustedProxyHops) ?? null;
}
