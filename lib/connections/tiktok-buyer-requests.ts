import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections } from "@/lib/db/schema";
import type { RequestContext } from "@/lib/auth/context-types";
import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/workspaces/service";
import { parseStoredSettings, tiktokShopSettingsSchema } from "./stored-settings";
import type { TikTokBuyerRequests } from "./tiktok-schemas";

const SCREEN = "Connectors → TikTok Shop → Buyer requests";

/**
 * Saves how one shop's buyer requests are answered (owners and admins), with
 * its audit row, in one transaction. The answers follow from the next request
 * TikTok reports; requests already answered stay as they are.
 */
export async function updateTikTokBuyerRequests(db: Db, ctx: RequestContext, input: TikTokBuyerRequests) {
  assertCan(ctx, "connectors:write");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(connections)
      .where(and(eq(connections.workspaceId, ctx.workspaceId), eq(connections.id, input.connectionId), eq(connections.provider, "tiktok_shop")))
      .for("update");
    if (!row) throw new AppError("not_found", "That TikTok shop is not connected to this workspace.");
    if (row.status !== "connected") throw new AppError("validation", "This shop is not connected. Click Reconnect first.", undefined, SCREEN);
    const settings = parseStoredSettings(tiktokShopSettingsSchema, row.settings, SCREEN);
    const next = { ...settings, buyerCancellations: input.buyerCancellations, buyerReturns: input.buyerReturns };
    await tx.update(connections).set({ settings: next as Record<string, unknown>, updatedAt: sql`now()` }).where(eq(connections.id, row.id));
    await writeAudit(tx, ctx, "connection.tiktok_shop.buyer_requests", row.id, {
      from: { buyerCancellations: settings.buyerCancellations, buyerReturns: settings.buyerReturns },
      to: { buyerCancellations: input.buyerCancellations, buyerReturns: input.buyerReturns },
    });
    return { connectionId: row.id };
  });
}
