import { createHmac } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections, oauthTokens } from "@/lib/db/schema";
import type { RequestContext } from "@/lib/auth/context-types";
import { assertCan } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { AcumaticaError } from "@/lib/connectors/acumatica/errors";
import {
  buildAuthorizeUrl,
  createPkcePair,
  DEFAULT_SCOPE,
  exchangeAuthorizationCode,
  revokeToken,
} from "@/lib/connectors/acumatica/oauth";
import { merchantFetch } from "@/lib/net/outbound-policy";
import { ACUMATICA_CONNECTION_SCREEN, loadAcumaticaConnection } from "./clients";
import { consumeOAuthState, createOAuthState } from "./oauth-state";
import { createDbTokenStore, saveGrantTokens } from "./token-store";
import { writeAudit } from "@/lib/workspaces/service";
import { withJobTransaction } from "@/lib/jobs/transaction";
import { afterAcumaticaConnected } from "@/lib/sync/acumatica/recheck";

export const ACUMATICA_CALLBACK_PATH = "/api/connectors/acumatica/callback";
export const CONNECTION_SCREEN = ACUMATICA_CONNECTION_SCREEN;

export function acumaticaRedirectUri(): string {
  return `${env().appUrl}${ACUMATICA_CALLBACK_PATH}`;
}

/** What a merchant should do about each Acumatica failure, in the words of the setup guide's troubleshooting. */
export function explainAcumaticaError(err: AcumaticaError): string {
  switch (err.code) {
    case "invalid_client":
      return "Acumatica rejected the API Client ID or API Client Secret. Copy both again from your Connected Application (the Client ID ends with @Tenant) and Save.";
    case "redirect_uri_mismatch":
      return `The Connected Application's Redirect URI does not match. Register exactly ${acumaticaRedirectUri()} on its Redirect URIs tab.`;
    case "instance_not_found":
      return "No Acumatica instance answers at this API URL. Check the URL and the instance path (e.g. https://server_name/instance_name).";
    case "endpoint_not_found":
      return "The API EndPoint is not published on the instance. Use Default/24.200.001, or publish the customization project that provides the endpoint (e.g. Pipe17/001).";
    case "network":
    case "timeout":
      return "The API URL could not be reached. Check the URL and that the instance is online.";
    case "access_denied":
      return "Access was denied on Acumatica's consent page. Click Connect again and choose Allow.";
    case "invalid_grant":
      return "The authorization is no longer valid. Click Connect to authorise again.";
    case "login_limit":
      return "API Login Limit reached: all licensed API sessions are in use. Sign out unused integrations or wait up to an hour.";
    case "redirect":
    case "blocked_address":
      return err.message;
    default:
      return err.message;
  }
}

const loadAcumatica = (db: Db, ctx: RequestContext) => loadAcumaticaConnection(db, ctx.workspaceId);

/** Keyed hash of what a Connect depends on (no secret is stored in the clear, and equal settings give equal hashes). */
function settingsFingerprint(c: { apiUrl: string; endpoint: string; clientId: string; clientSecret: string }): string {
  return createHmac("sha256", env().encryptionKey).update(JSON.stringify([c.apiUrl, c.endpoint, c.clientId, c.clientSecret])).digest("base64url");
}

/** Starts Connect: remembers state + PKCE verifier, returns the instance's authorize URL to send the browser to. */
export async function startAcumaticaConnect(db: Db, ctx: RequestContext): Promise<{ authorizeUrl: string }> {
  assertCan(ctx, "connectors:write");
  const c = await loadAcumatica(db, ctx);
  const pkce = createPkcePair();
  const redirectUri = acumaticaRedirectUri();
  const state = await createOAuthState(db, ctx, {
    provider: "acumatica",
    redirectUri,
    connectionId: c.row.id,
    codeVerifier: pkce.codeVerifier,
    fingerprint: settingsFingerprint(c),
  });
  return {
    authorizeUrl: buildAuthorizeUrl({ instanceUrl: c.apiUrl, clientId: c.clientId, redirectUri, scope: DEFAULT_SCOPE, state, codeChallenge: pkce.codeChallenge }),
  };
}

/**
 * Finishes Connect from the callback: checks the state, exchanges the code and
 * stores the token chain. Failures are recorded on the connection and returned
 * as an AppError whose message says what to fix.
 */
export async function completeAcumaticaConnect(db: Db, ctx: RequestContext, params: URLSearchParams): Promise<void> {
  assertCan(ctx, "connectors:write");
  const attempt = await consumeOAuthState(db, ctx, "acumatica", params.get("state"));
  const c = await loadAcumatica(db, ctx);
  // The settings may have been saved anew while the merchant was on Acumatica's pages: never send this code
  // (and its verifier) to another URL or with other credentials than the Connect was started with.
  if (attempt.connectionId !== c.row.id || attempt.fingerprint !== settingsFingerprint(c)) {
    throw new AppError("validation", "The connection settings changed while you were signing in to Acumatica. Click Connect again.", undefined, CONNECTION_SCREEN, "settings_changed");
  }
  const error = params.get("error");
  if (error === "access_denied") {
    // Cancelling a Reconnect must not cost a working connection: nothing is touched.
    throw new AppError("connector_error", "Authorization was cancelled on Acumatica. Your previous connection (if any) is unchanged.", undefined, CONNECTION_SCREEN, "denied");
  }
  const wasConnected = c.row.status === "connected" && !!c.row.oauthTokenId;
  try {
    if (error) throw new AcumaticaError({ code: "bad_request", message: `Acumatica refused the authorization request (${error}). Check the Connected Application and click Connect again.` });
    const code = params.get("code");
    if (!code) throw new AcumaticaError({ code: "bad_request", message: "The answer from Acumatica carries no authorization code." });
    const tokens = await exchangeAuthorizationCode({
      instanceUrl: c.apiUrl,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      code,
      redirectUri: attempt.redirectUri,
      codeVerifier: attempt.codeVerifier,
      fetch: merchantFetch() as typeof fetch,
    });
    await withJobTransaction(db, async (jobTx) => {
      const tx = jobTx.db;
      const tokenId = await saveGrantTokens(tx, { workspaceId: ctx.workspaceId, provider: "acumatica", subject: `${c.apiUrl}#${c.clientId}`, tokens });
      await tx
        .update(connections)
        .set({ oauthTokenId: tokenId, status: "connected", statusMessage: null, connectedAt: sql`now()`, updatedAt: sql`now()` })
        .where(eq(connections.id, c.row.id));
      await writeAudit(tx, ctx, "connection.acumatica.connect", c.row.id, { apiUrl: c.apiUrl, endpoint: c.endpoint, scope: tokens.scope });
      // Orders that waited for Acumatica go now.
      await afterAcumaticaConnected(jobTx, ctx.workspaceId);
    });
  } catch (err) {
    if (!(err instanceof AcumaticaError)) throw err;
    const message = explainAcumaticaError(err);
    // A failed Reconnect leaves a working authorization in use; only a first Connect records the failure as the status.
    await db
      .update(connections)
      .set(
        wasConnected
          ? { statusMessage: `The last Reconnect failed: ${message} The previous authorization is still in use.`, updatedAt: sql`now()` }
          : { status: "error", statusMessage: message, updatedAt: sql`now()` },
      )
      .where(eq(connections.id, c.row.id));
    throw new AppError("connector_error", message, undefined, CONNECTION_SCREEN, "failed");
  }
}

/** Revokes the refresh token at the instance (best effort) and forgets the chain. */
export async function disconnectAcumatica(db: Db, ctx: RequestContext): Promise<void> {
  assertCan(ctx, "connectors:write");
  const c = await loadAcumatica(db, ctx).catch((err: unknown) => {
    // Nothing saved (or an incomplete form) means nothing to disconnect; anything else is a real failure.
    if (err instanceof AppError && err.code === "validation") return null;
    throw err;
  });
  if (!c) return;
  if (c.row.oauthTokenId) {
    const store = createDbTokenStore(db, { workspaceId: ctx.workspaceId, tokenId: c.row.oauthTokenId });
    const tokens = await store.get();
    if (tokens?.refreshToken) {
      await revokeToken({
        instanceUrl: c.apiUrl,
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        token: tokens.refreshToken,
        tokenTypeHint: "refresh_token",
        fetch: merchantFetch() as typeof fetch,
      }).catch((err: unknown) =>
        logger.warn("acumatica revoke failed; forgetting the tokens anyway", { err }),
      );
    }
  }
  await db.transaction(async (tx) => {
    if (c.row.oauthTokenId) await tx.delete(oauthTokens).where(and(eq(oauthTokens.id, c.row.oauthTokenId), eq(oauthTokens.workspaceId, ctx.workspaceId)));
    await tx
      .update(connections)
      .set({ status: "not_connected", statusMessage: null, connectedAt: null, oauthTokenId: null, updatedAt: sql`now()` })
      .where(eq(connections.id, c.row.id));
    await writeAudit(tx, ctx, "connection.acumatica.disconnect", c.row.id);
  });
}
