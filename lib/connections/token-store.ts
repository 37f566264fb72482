import { randomUUID } from "node:crypto";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/client";
import type { Provider } from "@/lib/db/schema";
import { oauthTokens } from "@/lib/db/schema";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secrets";
import type { OAuthTokens, TokenStore } from "@/lib/connectors/shared/token-store";

type Row = typeof oauthTokens.$inferSelect;

function decode(row: Row | undefined): OAuthTokens | null {
  if (!row) return null;
  return {
    accessToken: decryptSecret(row.accessTokenEnc),
    refreshToken: row.refreshTokenEnc ? decryptSecret(row.refreshTokenEnc) : null,
    accessExpiresAt: row.accessExpiresAt,
    refreshExpiresAt: row.refreshExpiresAt,
    scope: row.scope,
    extra: row.extra,
  };
}

function encode(tokens: OAuthTokens) {
  return {
    accessTokenEnc: encryptSecret(tokens.accessToken),
    refreshTokenEnc: tokens.refreshToken ? encryptSecret(tokens.refreshToken) : null,
    accessExpiresAt: tokens.accessExpiresAt,
    refreshExpiresAt: tokens.refreshExpiresAt,
    scope: tokens.scope ?? null,
    extra: tokens.extra ?? {},
  };
}

/**
 * Stores a fresh grant (after an authorization-code exchange) and returns its id.
 * A second authorization by the same vendor subject replaces the chain in place.
 */
export async function saveGrantTokens(
  db: DbOrTx,
  grant: { workspaceId: string; provider: Provider; subject: string; tokens: OAuthTokens },
): Promise<string> {
  const values = encode(grant.tokens);
  const [row] = await db
    .insert(oauthTokens)
    .values({ workspaceId: grant.workspaceId, provider: grant.provider, subject: grant.subject, ...values })
    .onConflictDoUpdate({
      target: [oauthTokens.workspaceId, oauthTokens.provider, oauthTokens.subject],
      // A new grant replaces the chain; a refresh of the old chain still in flight will see the version move and not write.
      set: { ...values, version: sql`${oauthTokens.version} + 1`, refreshLeaseId: null, refreshLeaseUntil: null, updatedAt: sql`now()` },
    })
    .returning({ id: oauthTokens.id });
  return row!.id;
}

/** How long a store remembers what it read (a few seconds: the calls of one batch share one read). */
export const TOKEN_MEMO_MS = 5_000;

/** Longer than any refresh call with its retries; a holder that died frees the chain after this. */
export const REFRESH_LEASE_MS = 300_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The database token store. `withRefreshLock` takes a lease on the chain's row
 * (one conditional UPDATE), calls the vendor with no transaction open, then
 * writes the rotated tokens and frees the lease. Of several processes that
 * find the token expiring, one refreshes; the others wait for the lease and
 * then read the rotated tokens instead of presenting the dead refresh token.
 * Holding no transaction across the HTTP call keeps pool connections free,
 * and keeps the embedded database (which serialises transactions) responsive.
 */
export function createDbTokenStore(db: Db, ref: { workspaceId: string; tokenId: string }, opts: { memoMs?: number } = {}): TokenStore {
  const where = and(eq(oauthTokens.id, ref.tokenId), eq(oauthTokens.workspaceId, ref.workspaceId));
  // Reads are remembered briefly (every call of a client asks for its token): another process's refresh leaves the
  // remembered access token valid until its own expiry, a refused token goes through withRefreshLock (which reads
  // the row afresh), and a refresh here replaces what is remembered.
  const memoMs = opts.memoMs ?? TOKEN_MEMO_MS;
  let memo: { tokens: OAuthTokens | null; at: number } | null = null;

  async function claim(leaseId: string): Promise<Row | null | "missing"> {
    const [claimed] = await db
      .update(oauthTokens)
      .set({ refreshLeaseId: leaseId, refreshLeaseUntil: sql`now() + make_interval(secs => ${REFRESH_LEASE_MS / 1000})` })
      .where(and(where, or(isNull(oauthTokens.refreshLeaseUntil), lt(oauthTokens.refreshLeaseUntil, sql`now()`))))
      .returning();
    if (claimed) return claimed;
    const [exists] = await db.select({ id: oauthTokens.id }).from(oauthTokens).where(where);
    return exists ? null : "missing";
  }

  return {
    async get() {
      if (memo && Date.now() - memo.at < memoMs) return memo.tokens;
      const [row] = await db.select().from(oauthTokens).where(where);
      const tokens = decode(row);
      memo = tokens ? { tokens, at: Date.now() } : null;
      return tokens;
    },
    async withRefreshLock(refresh) {
      memo = null;
      const leaseId = randomUUID();
      const giveUpAt = Date.now() + REFRESH_LEASE_MS + 10_000;
      let row: Row | null = null;
      for (let delay = 20; ; delay = Math.min(delay * 2, 400)) {
        const claimed = await claim(leaseId);
        if (claimed === "missing") {
          // No chain (disconnected): let the caller's refresh decide what to report.
          await refresh(null);
          return null;
        }
        if (claimed) {
          row = claimed;
          break;
        }
        if (Date.now() > giveUpAt) throw new Error("Timed out waiting for another process to finish refreshing the token");
        await sleep(delay);
      }
      try {
        const current = decode(row)!;
        const next = await refresh(current);
        if (!next) return current;
        // Only over the chain we refreshed: a reconnect that stored a new grant meanwhile (version moved) wins.
        const [saved] = await db
          .update(oauthTokens)
          .set({ ...encode(next), version: sql`${oauthTokens.version} + 1`, updatedAt: sql`now()` })
          .where(and(where, eq(oauthTokens.version, row.version)))
          .returning({ id: oauthTokens.id });
        if (saved) {
          memo = { tokens: next, at: Date.now() };
          return next;
        }
        const [latest] = await db.select().from(oauthTokens).where(where);
        return decode(latest);
      } finally {
        // Free the lease only if it is still ours; a failure here must not hide the refresh's own outcome.
        await db
          .update(oauthTokens)
          .set({ refreshLeaseId: null, refreshLeaseUntil: null })
          .where(and(where, eq(oauthTokens.refreshLeaseId, leaseId)))
          .catch(() => undefined);
      }
    },
    async clear() {
      memo = null;
      await db.delete(oauthTokens).where(where);
    },
  };
}
