import { createHash } from "node:crypto";

/**
 * What a hub product looks like as a TikTok Shop listing (pure): one TikTok
 * product per hub product, or per matrix template with its variants as SKUs;
 * `seller_sku` is always the master SKU (Step 5: TikTok SKUs must equal it).
 * The US/UK rules of Create Product apply (spec §7.2): title 1–255
 * characters, at most 100 SKUs, seller_sku at most 50 characters, package
 * weight in pounds for US shops and kilograms for UK ones.
 */
export interface ListingProduct {
  id: string;
  sku: string;
  name: string;
  description: string | null;
  active: boolean;
  price: string | null;
  weight: string | null;
  weightUnit: string | null;
  attributes: Record<string, string>;
}

export interface ListingSku {
  productId: string;
  sellerSku: string;
  price: string;
  salesAttributes: Array<{ name: string; valueName: string }>;
}

export interface ListingContent {
  title: string;
  description: string;
  packageWeight: { value: string; unit: "KILOGRAM" | "POUND" };
  skus: ListingSku[];
}

export const LISTING_LIMITS = { titleMax: 255, skusMax: 100, sellerSkuMax: 50, attributeNameMax: 20, attributeValueMax: 50, attributesMax: 3 } as const;

const CURRENCIES: Record<string, string> = { US: "USD", GB: "GBP", UK: "GBP" };
export const currencyOf = (region: string) => CURRENCIES[region.toUpperCase()] ?? "USD";

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Kilograms per unit of the weight units Acumatica items use. */
const KG_PER: Record<string, number> = { KG: 1, KGS: 1, KILOGRAM: 1, G: 0.001, GRAM: 0.001, LB: 0.45359237, LBS: 0.45359237, POUND: 0.45359237, OZ: 0.028349523125, OUNCE: 0.028349523125 };

/** The package weight TikTok takes for the shop's region: pounds in the US, kilograms elsewhere (imperial units are US-only). */
export function packageWeightFor(region: string, weight: string | null, unit: string | null): ListingContent["packageWeight"] | null {
  const value = weight === null ? NaN : Number(weight);
  if (!(value > 0)) return null;
  const perUnit = KG_PER[(unit ?? "LB").trim().toUpperCase()];
  if (perUnit === undefined) return null;
  const kg = value * perUnit;
  const us = region.toUpperCase() === "US";
  const out = us ? kg / KG_PER.LB! : kg;
  return { value: (Math.max(0.001, Math.round(out * 1000) / 1000)).toFixed(3).replace(/\.?0+$/, ""), unit: us ? "POUND" : "KILOGRAM" };
}

const money = (v: string | null) => {
  const n = v === null ? NaN : Number(v);
  return n > 0 ? n.toFixed(2) : null;
};

const titleCase = (id: string) => id.toLowerCase().replace(/(^|[\s_-])([a-z])/g, (_, sep: string, c: string) => `${sep === "_" ? " " : sep}${c.toUpperCase()}`);

/** Sales attributes that tell the variants apart: the attributes all of them carry (up to 3), else one "Variant" named by SKU. */
function salesAttributesOf(variants: ListingProduct[]): Map<string, Array<{ name: string; valueName: string }>> {
  const out = new Map<string, Array<{ name: string; valueName: string }>>();
  if (variants.length <= 1) {
    for (const v of variants) out.set(v.id, []);
    return out;
  }
  const shared = Object.keys(variants[0]!.attributes)
    .filter((k) => variants.every((v) => (v.attributes[k] ?? "") !== ""))
    .sort()
    .slice(0, LISTING_LIMITS.attributesMax);
  const combos = new Set(variants.map((v) => shared.map((k) => v.attributes[k]).join("\u0000")));
  const usable = shared.length > 0 && combos.size === variants.length && variants.every((v) => shared.every((k) => v.attributes[k]!.length <= LISTING_LIMITS.attributeValueMax));
  for (const v of variants) {
    out.set(
      v.id,
      usable ? shared.map((k) => ({ name: titleCase(k).slice(0, LISTING_LIMITS.attributeNameMax), valueName: v.attributes[k]! })) : [{ name: "Variant", valueName: v.sku.slice(0, LISTING_LIMITS.attributeValueMax) }],
    );
  }
  return out;
}

/** The listing of `product` (with its active variants when it is a template), or why it cannot be listed. */
export function listingContent(product: ListingProduct, variants: ListingProduct[] | null, region: string): { content: ListingContent } | { error: string } {
  const title = (product.name.trim() || product.sku).trim();
  if (title.length > LISTING_LIMITS.titleMax) return { error: `The name is ${title.length} characters; TikTok Shop takes at most ${LISTING_LIMITS.titleMax} for US and UK shops.` };
  const units = variants ? variants.filter((v) => v.active) : [product];
  if (units.length === 0) return { error: "No active variant to list." };
  if (units.length > LISTING_LIMITS.skusMax) return { error: `${units.length} active variants: a TikTok Shop product in a US or UK shop has at most ${LISTING_LIMITS.skusMax} SKUs.` };
  const tooLong = units.find((u) => u.sku.length > LISTING_LIMITS.sellerSkuMax);
  if (tooLong) return { error: `The SKU ${tooLong.sku} is longer than ${LISTING_LIMITS.sellerSkuMax} characters, TikTok's limit for a seller SKU.` };
  const weightSource = [product, ...units].find((u) => packageWeightFor(region, u.weight, u.weightUnit));
  const packageWeight = weightSource ? packageWeightFor(region, weightSource.weight, weightSource.weightUnit) : null;
  if (!packageWeight) return { error: "The product has no weight (or an unknown weight unit): TikTok Shop needs the package weight. Set it on the item in Acumatica." };
  const attributes = salesAttributesOf(variants ? units : []);
  const skus: ListingSku[] = [];
  for (const u of units) {
    const price = money(u.price) ?? money(product.price);
    if (!price) return { error: `${u.sku} has no price: set the item's default price in Acumatica.` };
    skus.push({ productId: u.id, sellerSku: u.sku, price, salesAttributes: attributes.get(u.id) ?? [] });
  }
  const description = product.description?.trim() ? product.description : `<p>${escapeHtml(title)}</p>`;
  return { content: { title, description, packageWeight, skus } };
}

/** What the listing's content hash covers: what OrderBridge sends (not stock, which the inventory sync owns). */
export function contentHash(c: { content: ListingContent } | { error: string }): string {
  return createHash("sha256").update(JSON.stringify(c)).digest("hex").slice(0, 32);
}

/** The Create Product idempotency_key of a product in a shop: the same for every attempt, UUID-shaped as TikTok recommends. */
export function listingIdempotencyKey(productId: string, connectionId: string): string {
  const h = createHash("sha256").update(`orderbridge:listing:${productId}:${connectionId}`).digest("hex");
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
