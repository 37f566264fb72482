import { z } from "zod";
import { AppError } from "@/lib/errors";

/**
 * The shape of `connections.settings` per provider, parsed on every read: a
 * setting that is missing or malformed is reported by name, never cast.
 */
export const acumaticaConnectionSettingsSchema = z.object({
  apiUrl: z.string().url().optional(),
  endpoint: z.string().min(1).optional(),
  clientId: z.string().min(1).optional(),
});
export type AcumaticaConnectionSettings = z.infer<typeof acumaticaConnectionSettingsSchema>;

export const tiktokShopSettingsSchema = z.object({
  shopName: z.string().optional(),
  region: z.string().optional(),
  cipher: z.string().optional(),
  shopCode: z.string().optional(),
  sellerType: z.string().optional(),
  pullOrders: z.boolean().default(true),
  pushFulfillments: z.boolean().default(true),
  pushProducts: z.boolean().default(false),
  /** Push inventory: hub available quantities → this shop's TikTok warehouses mapped to locations. */
  pushInventory: z.boolean().default(false),
  /** TikTok leaf category of the listings OrderBridge creates in this shop (Products → TikTok Shop listings). */
  listingCategoryId: z.string().optional(),
  webhooksRegistered: z.boolean().optional(),
  /** A buyer's cancellation request: left to Seller Center, or approved while Acumatica has not shipped the order. */
  buyerCancellations: z.enum(["leave", "approveIfNotShipped"]).default("leave"),
  /** A buyer's return or refund request: left to Seller Center, or approved. */
  buyerReturns: z.enum(["leave", "approve"]).default("leave"),
});
export type TikTokShopSettings = z.infer<typeof tiktokShopSettingsSchema>;

/** Parses stored settings with `schema`; a bad value becomes an AppError naming the setting and where to fix it. */
export function parseStoredSettings<S extends z.ZodType>(schema: S, raw: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "settings"] ??= []).push(issue.message);
  const names = Object.keys(fieldErrors).join(", ");
  throw new AppError("validation", `The stored setting ${names} is invalid. Open ${where} and save it again.`, fieldErrors, where);
}
