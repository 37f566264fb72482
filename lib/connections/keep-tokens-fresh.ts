import { and, eq, isNotNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections, oauthTokens } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { AcumaticaError } from "@/lib/connectors/acumatica/errors";
import { refreshAccessToken as refreshAcumatica } from "@/lib/connectors/acumatica/oauth";
import { accessTokenNeedsRefresh } from "@/lib/connectors/shared/token-store";
import { TikTokShopError } from "@/lib/connectors/tiktok-shop/errors";
import { refreshAccessToken as refreshTikTok } from "@/lib/connectors/tiktok-shop/oauth";
import { openJson } from "@/lib/crypto/secrets";
import { merchantFetch } from "@/lib/net/outbound-policy";
import { markAuthorizationLost } from "./connection-status";
import { acumaticaConnectionSettingsSchema } from "./stored-settings";
import { createDbTokenStore } from "./token-store";

export interface KeepFreshOptions {
  now?: Date;
  /** Refresh access tokens that expire within this window. */
  refreshWithinMs?: number;
  /** Warn on the connection when the whole authorization ends within this window. */
  warnWithinMs?: number;
  tiktok?: { authUrl: string; appKey: string; appSecret: string };
}

export interface KeepFreshResult {
  refreshed: number;
  /** The vendor refused the chain: the merchant must connect again. */
  lost: number;
  /** Temporary failures (network, 5xx): tried again on the next run. */
  deferred: number;
  warned: number;
}

const DAY = 24 * 3600_000;
const dateOf = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Keeps every stored token chain alive between syncs: refreshes access tokens
 * about to expire (under the same cross-process lock the clients use), marks
 * connections whose chain the vendor refused, and warns ahead of the end of an
 * authorization that only the merchant can renew. Runs as a scheduled job.
 */
export async function keepTokensFresh(db: Db, opts: KeepFreshOptions = {}): Promise<KeepFreshResult> {
  const now = opts.now ?? new Date();
  const refreshWithin = opts.refreshWithinMs ?? 30 * 60_000;
  const warnWithin = opts.warnWithinMs ?? 7 * DAY;
  const tiktok = opts.tiktok ?? env().tiktok;
  const result: KeepFreshResult = { refreshed: 0, lost: 0, deferred: 0, warned: 0 };

  const due = await db
    .select({ token: oauthTokens, connectionId: connections.id, settings: connections.settings, secretsEnc: connections.secretsEnc })
    .from(oauthTokens)
    // Chains already refused wait for the merchant; only connected ones are kept alive.
    .innerJoin(
      connections,
      and(eq(connections.oauthTokenId, oauthTokens.id), eq(connections.workspaceId, oauthTokens.workspaceId), eq(connections.status, "connected")),
    )
    .where(
      or(
        lt(oauthTokens.accessExpiresAt, new Date(now.getTime() + refreshWithin)),
        and(isNotNull(oauthTokens.refreshExpiresAt), lt(oauthTokens.refreshExpiresAt, new Date(now.getTime() + warnWithin))),
      ),
    );
  // Several shops can share one TikTok chain: handle each chain once.
  const chains = new Map<string, (typeof due)[number][]>();
  for (const row of due) chains.set(row.token.id, [...(chains.get(row.token.id) ?? []), row]);

  for (const [tokenId, rows] of chains) {
    const { token } = rows[0]!;
    const connectionIds = rows.map((r) => r.connectionId);
    const markAll = (values: Partial<typeof connections.$inferInsert>) =>
      db.update(connections).set({ ...values, updatedAt: sql`now()` }).where(and(eq(connections.oauthTokenId, tokenId), eq(connections.workspaceId, token.workspaceId)));

    if (token.refreshExpiresAt && token.refreshExpiresAt.getTime() - now.getTime() < warnWithin) {
      const action = token.provider === "tiktok_shop" ? "Click Reconnect" : "Click Connect";
      await markAll({ statusMessage: `The authorization ends on ${dateOf(token.refreshExpiresAt)}. ${action} before then to keep syncing.` });
      result.warned++;
    }
    if (token.accessExpiresAt.getTime() - now.getTime() >= refreshWithin) continue;

    const store = createDbTokenStore(db, { workspaceId: token.workspaceId, tokenId });
    try {
      await store.withRefreshLock(async (current) => {
        if (!current || !accessTokenNeedsRefresh(current, now.getTime(), refreshWithin)) return null;
        if (!current.refreshToken) throw new Error("no refresh token");
        if (token.provider === "acumatica") {
          const s = acumaticaConnectionSettingsSchema.safeParse(rows[0]!.settings);
          const secret = openJson(rows[0]!.secretsEnc).clientSecret;
          if (!s.success || !s.data.apiUrl || !s.data.clientId || !secret) throw new AcumaticaError({ code: "invalid_client", message: "The Connection settings are incomplete." });
          return refreshAcumatica({
            instanceUrl: s.data.apiUrl,
            clientId: s.data.clientId,
            clientSecret: secret,
            refreshToken: current.refreshToken,
            previous: current,
            fetch: merchantFetch() as typeof fetch,
          });
        }
        return refreshTikTok({ authBaseUrl: tiktok.authUrl, appKey: tiktok.appKey, appSecret: tiktok.appSecret, refreshToken: current.refreshToken });
      });
      result.refreshed++;
    } catch (err) {
      const lost =
        (err instanceof AcumaticaError && ["invalid_grant", "invalid_client"].includes(err.code)) ||
        (err instanceof TikTokShopError && err.kind === "deauthorized") ||
        (err instanceof Error && err.message === "no refresh token");
      if (!lost) {
        logger.warn("token refresh deferred", { provider: token.provider, connectionIds, err });
        result.deferred++;
        continue;
      }
      await markAuthorizationLost(db, { workspaceId: token.workspaceId, provider: token.provider, tokenId });
      result.lost++;
    }
  }
  return result;
}
