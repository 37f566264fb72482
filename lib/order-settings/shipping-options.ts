import { and, asc, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/client";
import { channelShippingOptions, connections } from "@/lib/db/schema";
import type { RequestContext } from "@/lib/auth/context-types";
import { assertCan } from "@/lib/auth/permissions";
import { getTikTokShopClient } from "@/lib/connections/clients";
import { TikTokShopError } from "@/lib/connectors/tiktok-shop/errors";
import { logger } from "@/lib/logger";

export interface ShippingOptionRow {
  connectionId: string;
  shopName: string;
  optionId: string;
  name: string;
  /** "order": seen on an order; "shop": listed by the shop's delivery options. */
  source: string;
}

/** Every TikTok shipping option the hub has seen, per shop: the rows of the ship-via mapping (never hidden when unmapped). */
export async function listShippingOptions(db: DbOrTx, workspaceId: string): Promise<ShippingOptionRow[]> {
  return db
    .select({
      connectionId: channelShippingOptions.connectionId,
      shopName: connections.displayName,
      optionId: channelShippingOptions.optionId,
      name: channelShippingOptions.name,
      source: channelShippingOptions.source,
    })
    .from(channelShippingOptions)
    .innerJoin(connections, eq(connections.id, channelShippingOptions.connectionId))
    .where(eq(channelShippingOptions.workspaceId, workspaceId))
    .orderBy(asc(connections.displayName), asc(channelShippingOptions.name));
}

/**
 * Reads each connected shop's delivery options (per warehouse) from TikTok
 * Shop and records them, so options no order has used yet can be mapped too.
 * A shop that cannot be read is reported, the others still refresh.
 */
export async function refreshShippingOptions(db: Db, ctx: RequestContext): Promise<{ shops: number; options: number; failed: string[] }> {
  assertCan(ctx, "connectors:write");
  const shops = await db
    .select({ id: connections.id, name: connections.displayName })
    .from(connections)
    .where(and(eq(connections.workspaceId, ctx.workspaceId), eq(connections.provider, "tiktok_shop"), eq(connections.status, "connected")));
  const out = { shops: 0, options: 0, failed: [] as string[] };
  for (const shop of shops) {
    try {
      const client = await getTikTokShopClient(db, ctx.workspaceId, shop.id);
      const options = new Map<string, string>();
      for (const w of await client.getWarehouses()) {
        if (w.type !== "SALES_WAREHOUSE" || w.effect_status === "DISABLED") continue;
        for (const d of await client.getDeliveryOptions(w.id)) options.set(d.id, d.name);
      }
      if (options.size) {
        await db
          .insert(channelShippingOptions)
          .values([...options].map(([optionId, name]) => ({ workspaceId: ctx.workspaceId, connectionId: shop.id, optionId, name, source: "shop" })))
          .onConflictDoUpdate({
            target: [channelShippingOptions.workspaceId, channelShippingOptions.connectionId, channelShippingOptions.optionId],
            set: { name: sql`excluded.name`, lastSeenAt: sql`now()` },
          });
      }
      out.shops++;
      out.options += options.size;
    } catch (err) {
      if (!(err instanceof TikTokShopError)) throw err;
      logger.warn("could not read the shop's delivery options", { connectionId: shop.id, err });
      out.failed.push(shop.name);
    }
  }
  return out;
}
