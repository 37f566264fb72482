import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { DUMMY_HASH, verifyPassword } from "./password";
import { signInSchema } from "./sign-in-schema";
import { getLoginWaitMs, recordLoginAttempt } from "./throttle";

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
export async function authenticate(db: Db, raw: unknown, ip: string): Promise<{ id: string; email: string }> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) throw new SignInError(parsed.error.issues[0]?.message ?? INVALID_CREDENTIALS);
  const { email, password } = parsed.data;

  const wait = await getLoginWaitMs(db, email, ip);
  if (wait > 0) {
    throw new SignInError(`Too many failed sign-in attempts. Try again in ${describeWait(wait)}.`, wait);
  }

  const [user] = await db
    .select({ id: users.id, email: users.email, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.email, email));
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  const succeeded = Boolean(user && ok && !user.disabledAt);
  await recordLoginAttempt(db, email, ip, succeeded);
  if (!succeeded || !user) throw new SignInError(INVALID_CREDENTIALS);
  return { id: user.id, email: user.email };
}

/**
 * The client address for throttling. Next.js appends the socket's address to
 * X-Forwarded-For, so the last entry is the one our own server saw; earlier
 * entries are whatever the client claimed and are not trusted.
 */
export function clientIp(headers: Record<string, string | string[] | undefined> | Headers | undefined): string {
  const get = (name: string): string | undefined => {
    if (!headers) return undefined;
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v.join(",") : v;
  };
  const forwarded = get("x-forwarded-for");
  const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
  return last ?? get("x-real-ip") ?? "unknown";
}
