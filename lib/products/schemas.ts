import { z } from "zod";

export const CHANNEL_SKU_CONNECTORS = ["acumatica"] as const;

/** The seed's explanations on Channel Options, word for word. */
export const CHANNEL_OPTIONS_NOTES = {
  tiktokRow: "TikTok Shop doesn't support per-channel SKU mapping: TikTok SKUs must match the master SKU in the app directly.",
  parent: "The Channel SKU column is hidden on a parent product. Open a child or variant to set channel SKUs.",
} as const;

/** Channel SKU of a product on the Acumatica row; empty clears it (the master SKU is used). */
export const saveChannelSkuSchema = z
  .object({
    productId: z.string().uuid().optional(),
    /** Creates the product when it is not in the catalog yet (a SKU seen only on TikTok orders). */
    sku: z.string().min(1).max(100).optional(),
    channelSku: z
      .string()
      .max(30, "An Acumatica Inventory ID is at most 30 characters")
      .refine((v) => v === v.trim(), "The Channel SKU must not start or end with a space: Acumatica SKUs never do"),
  })
  .refine((v) => v.productId || v.sku, { message: "Name the product", path: ["productId"] });
export type SaveChannelSkuInput = z.infer<typeof saveChannelSkuSchema>;
