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

/** The columns of the Channel SKU CSV (import and export). */
export const CHANNEL_SKU_CSV_COLUMNS = { sku: "sku", channelSku: "acumatica_channel_sku" } as const;
/** The export's extra columns (ignored on import, so an exported file can be edited and imported back). */
export const CATALOG_CSV_EXTRA_COLUMNS = ["name", "parent_sku", "status", "source"] as const;

export const channelSkuImportSchema = z.object({
  csv: z
    .string()
    .min(1, "Choose a CSV file, or paste its content")
    .max(5_000_000, "The file is larger than 5 MB: split it"),
});
export type ChannelSkuImportInput = z.infer<typeof channelSkuImportSchema>;

export const startCatalogResyncSchema = z.object({});

export const pushListingsSchema = z.object({
  connectionId: z.string().uuid(),
  /** One product (its page's Push now), or the whole catalog of the shop. */
  productId: z.string().uuid().optional(),
});

/** A TikTok leaf category id (digits) for new listings of one shop. */
export const listingDefaultsSchema = z.object({
  connectionId: z.string().uuid(),
  categoryId: z
    .string()
    .trim()
    .regex(/^\d{1,20}$/, "A TikTok category id is a number, e.g. 601226 (a leaf category from TikTok Shop Seller Center)")
    .or(z.literal("")),
});
