import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/client";
import { connections } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { createAcumaticaClient } from "@/lib/connectors/acumatica/client";
import { createTikTokShopClient } from "@/lib/connectors/tiktok-shop/client";
import { openJson } from "@/lib/crypto/secrets";
import { merchantFetch } from "@/lib/net/outbound-policy";
import { markAuthorizationLost } from "./connection-status";
import { createDbRateBudget } from "./db-rate-budget";
import { acumaticaConnectionSettingsSchema, parseStoredSettings, tiktokShopSettingsSchema } from "./stored-settings";
import { createDbTokenStore } from "./token-store";

/**
 * The vendor clients of a workspace, for jobs and server code alike: each on
 * its stored token chain, the shared rate budget, and (Acumatica) the guarded
 * fetch for merchant URLs. No request context is needed or forged.
 */
export const ACUMATICA_CONNECTION_SCREEN = "Connectors → Acumatica → Connection";
export const TIKTOK_SCREEN = "Connectors → TikTok Shop";

/** The workspace's Acumatica connection row with its settings parsed and its secret opened. */
export async function loadAcumaticaConnection(db: DbOrTx, workspaceId: string) {
  const [row] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.workspaceId, workspaceId), eq(connections.provider, "acumatica"), eq(connections.externalId, "")));
  if (!row) throw new AppError("validation", "Fill in and Save the Connection form first.", undefined, ACUMATICA_CONNECTION_SCREEN);
  const s = parseStoredSettings(acumaticaConnectionSettingsSchema, row.settings, ACUMATICA_CONNECTION_SCREEN);
  const secrets = openJson(row.secretsEnc);
  const missing: Record<string, string[]> = {};
  if (!s.apiUrl) missing.apiUrl = ["Enter the API URL"];
  if (!s.endpoint) missing.endpoint = ["Enter the API EndPoint"];
  if (!s.clientId) missing.clientId = ["Enter the API Client ID"];
  if (!secrets.clientSecret) missing.clientSecret = ["Enter the API Client Secret"];
  if (Object.keys(missing).length) throw new AppError("validation", "The Connection form is incomplete.", missing, ACUMATICA_CONNECTION_SCREEN);
  return { row, apiUrl: s.apiUrl!, endpoint: s.endpoint!, clientId: s.clientId!, clientSecret: secrets.clientSecret! };
}

/** The licence's pace (ACUMATICA_REQUESTS_PER_SECOND, ACUMATICA_MAX_CONCURRENT_REQUESTS), shared through the database by every process. */
export function acumaticaBudget() {
  const e = env();
  return { perSecond: e.ACUMATICA_REQUESTS_PER_SECOND, burst: Math.max(1, Math.ceil(e.ACUMATICA_REQUESTS_PER_SECOND * 2)), concurrency: e.ACUMATICA_MAX_CONCURRENT_REQUESTS };
}

/** The Acumatica client of a workspace; "not connected" is an AppError the engine parks on. */
export interface AcumaticaClientTuning {
  budget?: { perSecond: number; burst: number; concurrency?: number };
  /** Give up waiting for one answer after this long (default 60 s). */
  timeoutMs?: number;
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Requests in flight at once from this client object. */
  maxConcurrency?: number;
}

export async function getAcumaticaClient(db: Db, workspaceId: string, opts: AcumaticaClientTuning = {}) {
  const c = await loadAcumaticaConnection(db, workspaceId);
  if (!c.row.oauthTokenId || c.row.status !== "connected") {
    throw new AppError("connector_error", "Acumatica is not connected. Click Connect.", undefined, ACUMATICA_CONNECTION_SCREEN);
  }
  return createAcumaticaClient({
    instanceUrl: c.apiUrl,
    endpoint: c.endpoint,
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    tokenStore: createDbTokenStore(db, { workspaceId, tokenId: c.row.oauthTokenId }),
    rateBudget: createDbRateBudget(db, opts.budget ?? acumaticaBudget()),
    fetch: merchantFetch() as typeof fetch,
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.retry ? { retry: opts.retry } : {}),
    maxConcurrency: opts.maxConcurrency ?? env().ACUMATICA_MAX_CONCURRENT_REQUESTS,
  });
}

/** The client of one connected shop, on the seller's token chain and the shop's shared QPS budget. */
export async function getTikTokShopClient(db: Db, workspaceId: string, connectionId: string) {
  const [row] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.workspaceId, workspaceId), eq(connections.id, connectionId), eq(connections.provider, "tiktok_shop")));
  if (!row?.oauthTokenId || row.status !== "connected") throw new AppError("connector_error", "This TikTok shop is not connected. Click Connect.", undefined, TIKTOK_SCREEN);
  const settings = parseStoredSettings(tiktokShopSettingsSchema, row.settings, TIKTOK_SCREEN);
  const t = env().tiktok;
  const tokenId = row.oauthTokenId;
  return createTikTokShopClient({
    apiBaseUrl: t.apiUrl,
    authBaseUrl: t.authUrl,
    appKey: t.appKey,
    appSecret: t.appSecret,
    shopCipher: settings.cipher,
    tokenStore: createDbTokenStore(db, { workspaceId, tokenId }),
    // The vendor counts a sliding one-second window per app + shop, so no bursts: a steady rate under its QPS.
    rateBudget: createDbRateBudget(db, { perSecond: 20, burst: 1 }),
    onAuthEvent: (event) => {
      if (event.type !== "deauthorized") return;
      void markAuthorizationLost(db, { workspaceId, provider: "tiktok_shop", tokenId }).catch((err: unknown) =>
        logger.error("could not mark tiktok connection deauthorized", { err }),
      );
    },
  });
}
