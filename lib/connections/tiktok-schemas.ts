import { z } from "zod";

/** Regions where TikTok Shop accepts product push (TikTok spells the UK "GB"). */
export const PRODUCT_PUSH_REGIONS = ["US", "GB", "UK"] as const;
export const PRODUCT_PUSH_REGION_NOTE =
  "TikTok Shop product push is US/UK only. Outside those regions, manage the TikTok catalog directly in TikTok Shop.";

export function productPushAllowed(region: string | undefined): boolean {
  return !!region && (PRODUCT_PUSH_REGIONS as readonly string[]).includes(region.toUpperCase());
}

/** The TikTok Shop connector's per-shop toggles, with the setup guide's labels. */
export const tiktokShopTogglesSchema = z.object({
  connectionId: z.string().uuid(),
  pullOrders: z.boolean(),
  pushFulfillments: z.boolean(),
  pushProducts: z.boolean(),
});
export type TikTokShopToggles = z.infer<typeof tiktokShopTogglesSchema>;

export type { TikTokShopSettings } from "./stored-settings";

export const TIKTOK_TOGGLE_DEFAULTS = { pullOrders: true, pushFulfillments: true, pushProducts: false } as const;
