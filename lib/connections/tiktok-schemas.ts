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
  /** "Push inventory"; absent = unchanged (a form without the toggle keeps the stored value). */
  pushInventory: z.boolean().optional(),
});
export type TikTokShopToggles = z.infer<typeof tiktokShopTogglesSchema>;

export type { TikTokShopSettings } from "./stored-settings";

export const TIKTOK_TOGGLE_DEFAULTS = { pullOrders: true, pushFulfillments: true, pushProducts: false, pushInventory: false } as const;

/** How OrderBridge answers buyers' requests in one shop (Connectors → TikTok Shop → Buyer requests). */
export const tiktokBuyerRequestsSchema = z.object({
  connectionId: z.string().uuid(),
  buyerCancellations: z.enum(["leave", "approveIfNotShipped"]),
  buyerReturns: z.enum(["leave", "approve"]),
});
export type TikTokBuyerRequests = z.infer<typeof tiktokBuyerRequestsSchema>;

export const BUYER_REQUEST_DEFAULTS = { buyerCancellations: "leave", buyerReturns: "leave" } as const;

export const BUYER_REQUEST_LABELS = {
  buyerCancellations: "Buyer cancellation requests",
  buyerReturns: "Buyer return requests",
} as const;

export const BUYER_REQUEST_CHOICES = {
  buyerCancellations: [
    { value: "leave", label: "Leave to Seller Center", hint: "Nothing is answered from OrderBridge; the order's timeline says the buyer asked." },
    {
      value: "approveIfNotShipped",
      label: "Approve if not shipped in Acumatica",
      hint: "Approved while Acumatica has no shipment of the order (TikTok then cancels it, and so does Acumatica); once shipped, an exception asks you to answer in Seller Center.",
    },
  ],
  buyerReturns: [
    { value: "leave", label: "Leave to Seller Center", hint: "Nothing is answered from OrderBridge; the order's timeline says the buyer asked." },
    { value: "approve", label: "Approve automatically", hint: "Each pending return or refund request is approved once; refunds then follow TikTok's flow." },
  ],
} as const;
