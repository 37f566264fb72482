import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import type { Provider } from "@/lib/db/schema";
import { connections } from "@/lib/db/schema";

/**
 * The one rule for "this authorization is gone": the vendor refused the token
 * chain (revoked, expired, seller deauthorized). Every connection on the chain
 * stops syncing until the merchant connects again; the message says how.
 */
const LOST: Record<Provider, { status: "deauthorized" | "error"; message: (why: LostReason) => string }> = {
  tiktok_shop: {
    status: "deauthorized",
    message: (why) =>
      why === "seller_deauthorized"
        ? "The seller withdrew the authorization in TikTok Shop. Click Reconnect."
        : "TikTok Shop no longer accepts this authorization. Click Reconnect.",
  },
  acumatica: {
    status: "error",
    message: () => "Acumatica no longer accepts this authorization (expired or revoked). Click Connect to authorise again.",
  },
};

export type LostReason = "refused" | "seller_deauthorized";

export async function markAuthorizationLost(
  db: DbOrTx,
  p: { workspaceId: string; provider: Provider; tokenId?: string; connectionIds?: string[]; reason?: LostReason },
): Promise<void> {
  const rule = LOST[p.provider];
  const target = p.tokenId ? eq(connections.oauthTokenId, p.tokenId) : inArray(connections.id, p.connectionIds ?? []);
  await db
    .update(connections)
    .set({ status: rule.status, statusMessage: rule.message(p.reason ?? "refused"), updatedAt: sql`now()` })
    .where(and(eq(connections.workspaceId, p.workspaceId), eq(connections.provider, p.provider), target));
}

/** Whether a connection's stored status lets jobs call the vendor with it. */
export const canSyncWith = (status: string) => status === "connected";
