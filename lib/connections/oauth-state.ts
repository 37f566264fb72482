import { randomBytes } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import type { Provider } from "@/lib/db/schema";
import { oauthStates } from "@/lib/db/schema";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secrets";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/auth/context-types";

const STATE_TTL_MS = 15 * 60_000;

/** Remembers one authorization attempt: the state sent to the vendor and the PKCE verifier to finish it. */
export async function createOAuthState(
  db: DbOrTx,
  ctx: RequestContext,
  p: { provider: Provider; redirectUri: string; connectionId?: string; codeVerifier?: string; fingerprint?: string },
): Promise<string> {
  const state = randomBytes(24).toString("base64url");
  await db.delete(oauthStates).where(lt(oauthStates.expiresAt, new Date()));
  await db.insert(oauthStates).values({
    state,
    workspaceId: ctx.workspaceId,
    userId: ctx.userId,
    provider: p.provider,
    connectionId: p.connectionId ?? null,
    codeVerifierEnc: p.codeVerifier ? encryptSecret(p.codeVerifier) : null,
    redirectUri: p.redirectUri,
    fingerprint: p.fingerprint ?? null,
    expiresAt: new Date(Date.now() + STATE_TTL_MS),
  });
  return state;
}

/**
 * Takes (and deletes) the attempt named by `state`. It must have been started
 * by the same person in the same workspace, for the same provider, within 15 minutes;
 * anything else is a forged or replayed callback. Ownership is part of the
 * delete's condition, so someone else holding the state cannot burn it.
 */
export async function consumeOAuthState(db: DbOrTx, ctx: RequestContext, provider: Provider, state: string | null) {
  if (!state) throw new AppError("validation", "The authorization answer carries no state. Start Connect again.", undefined, undefined, "state_invalid");
  const [row] = await db
    .delete(oauthStates)
    .where(and(eq(oauthStates.state, state), eq(oauthStates.provider, provider), eq(oauthStates.workspaceId, ctx.workspaceId), eq(oauthStates.userId, ctx.userId)))
    .returning();
  if (!row) {
    throw new AppError("validation", "This authorization answer does not belong to a Connect you started here. Start Connect again.", undefined, undefined, "state_invalid");
  }
  if (row.expiresAt.getTime() < Date.now()) {
    throw new AppError("validation", "The authorization took longer than 15 minutes. Start Connect again.", undefined, undefined, "state_invalid");
  }
  return { ...row, codeVerifier: row.codeVerifierEnc ? decryptSecret(row.codeVerifierEnc) : undefined };
}
