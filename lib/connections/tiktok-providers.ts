import type { Db } from "@/lib/db/client";
import { getTikTokShopClient } from "./clients";
import { TikTokShopError } from "@/lib/connectors/tiktok-shop/errors";
import { AppError } from "@/lib/errors";

export interface ShopProviders {
  connected: boolean;
  message: string | null;
  /** Every shipping provider of the shop's delivery options (TikTok's live list). */
  providers: Array<{ id: string; name: string; deliveryOptions: string[] }>;
}

/** The shop's shipping providers, read live: warehouses → delivery options → providers. */
export async function listShopProviders(db: Db, workspaceId: string, connectionId: string): Promise<ShopProviders> {
  try {
    const client = await getTikTokShopClient(db, workspaceId, connectionId);
    const byId = new Map<string, { id: string; name: string; deliveryOptions: string[] }>();
    for (const w of await client.getWarehouses()) {
      if (w.type !== "SALES_WAREHOUSE" || w.effect_status === "DISABLED") continue;
      for (const option of await client.getDeliveryOptions(w.id)) {
        let providers: Array<{ id: string; name: string }>;
        try {
          providers = await client.getShippingProviders(option.id);
        } catch (err) {
          // A TikTok-fulfilled option has no providers to pick.
          if (err instanceof TikTokShopError && !err.retryable) continue;
          throw err;
        }
        for (const p of providers) {
          const cur = byId.get(p.id) ?? { id: p.id, name: p.name, deliveryOptions: [] };
          if (!cur.deliveryOptions.includes(option.name)) cur.deliveryOptions.push(option.name);
          byId.set(p.id, cur);
        }
      }
    }
    return { connected: true, message: null, providers: [...byId.values()].sort((a, b) => a.name.localeCompare(b.name)) };
  } catch (err) {
    if (err instanceof AppError) return { connected: false, message: err.message, providers: [] };
    if (err instanceof TikTokShopError) return { connected: true, message: `TikTok Shop did not list the providers: ${err.message}`, providers: [] };
    throw err;
  }
}
