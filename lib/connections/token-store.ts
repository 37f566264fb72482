import { and, eq, sql } from "drizzle-orm";
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
      set: { ...values, version: sql`${oauthTokens.version} + 1`, updatedAt: sql`now()` },
    })
    .returning({ id: oauthTokens.id });
  return row!.id;
}

/**
 * The database token store. `withRefreshLock` holds `SELECT … FOR UPDATE` on
 * the chain's row for the length of the refresh, so of several processes that
 * find the token expiring, one refreshes and the others, once the lock is
 * theirs, read the rotated tokens instead of presenting the dead refresh token.
 */
export function createDbTokenStore(db: Db, ref: { workspaceId: string; tokenId: string }): TokenStore {
  const where = and(eq(oauthTokens.id, ref.tokenId), eq(oauthTokens.workspaceId, ref.workspaceId));
  return {
    async get() {
      const [row] = await db.select().from(oauthTokens).where(where);
      return decode(row);
    },
    async withRefreshLock(refresh) {
      return db.transaction(async (tx) => {
        const [row] = await tx.select().from(oauthTokens).where(where).for("update");
        const current = decode(row);
        const next = await refresh(current);
        if (!next || !row) return current;
        await tx
          .update(oauthTokens)
          .set({ ...encode(next), version: sql`${oauthTokens.version} + 1`, updatedAt: sql`now()` })
          .where(where);
        return next;
      });
    },
    async clear() {
      await db.delete(oauthTokens).where(where);
    },
  };
}
