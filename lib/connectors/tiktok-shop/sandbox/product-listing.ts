import type { ApiContext, ApiRoute } from "./http";
import { ApiError, BAD_PARAM, optionalString } from "./http";
import type { ProductState, ShopState, SkuState, SandboxState } from "./state";
import { nextId, nowSec, toCents } from "./state";

/**
 * The listing rules Create Product and Partial Edit Product share (spec §7.2,
 * the US/UK figures): title 1–255 characters, at most 100 SKUs, seller_sku
 * at most 50 characters and unique in the product, custom sales attributes
 * (≤ 3 names of ≤ 20 characters, values ≤ 50), imperial package units for US
 * shops only.
 */
export const LISTING_CODES = {
  title: 12019001,
  skuCount: 12019002,
  sellerSkuLength: 12019003,
  sellerSkuDuplicate: 12019004,
  packageWeightUnit: 12019060,
  salesAttribute: 12019005,
  skuNotOfProduct: 12052035,
  productMissing: 12052001,
} as const;

const MAX_SKUS = 100;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function checkTitle(title: string): void {
  if (title.length < 1 || title.length > 255) throw new ApiError(LISTING_CODES.title, "The title must be 1-255 characters for US and UK shops.", 400);
}

/** `package_weight {value, unit}`: POUND only for US local products (12019060), KILOGRAM anywhere. */
export function checkPackageWeight(shop: ShopState, body: Record<string, unknown>): void {
  const w = body.package_weight;
  if (w === undefined || w === null) return;
  if (!isRecord(w) || typeof w.value !== "string" || !/^\d+(\.\d{1,3})?$/.test(w.value) || Number(w.value) <= 0) {
    throw new ApiError(BAD_PARAM, "package_weight.value must be a positive decimal string", 400);
  }
  if (w.unit !== "KILOGRAM" && w.unit !== "POUND") throw new ApiError(BAD_PARAM, "package_weight.unit must be KILOGRAM or POUND", 400);
  if (w.unit === "POUND" && shop.region !== "US") throw new ApiError(LISTING_CODES.packageWeightUnit, "Imperial units (POUND) are only for US local products: send the package weight in KILOGRAM.", 400);
}

/**
 * Reads `skus[]` of a create or partial edit. With `product`, an `id` names an
 * existing SKU of it (kept, its values replaced); a SKU without one is new.
 */
export function readSkus(state: SandboxState, shop: ShopState, productId: string, rawSkus: unknown, product?: ProductState): SkuState[] {
  if (!Array.isArray(rawSkus) || rawSkus.length === 0) throw new ApiError(BAD_PARAM, "param skus is required", 400);
  if (rawSkus.length > MAX_SKUS) throw new ApiError(LISTING_CODES.skuCount, "A product in a US or UK shop can have at most 100 SKUs.", 400);
  const seen = new Set<string>();
  const attributeNames = new Set<string>();
  return rawSkus.map((raw, i) => {
    if (!isRecord(raw)) throw new ApiError(BAD_PARAM, `skus[${i}] must be an object`, 400);
    const id = optionalString(raw, "id");
    const existing = id ? product?.skus.find((s) => s.id === id) : undefined;
    if (id && !existing) throw new ApiError(LISTING_CODES.skuNotOfProduct, `The SKU ${id} does not belong to this product.`, 400);
    const sellerSku = optionalString(raw, "seller_sku") ?? existing?.sellerSku ?? "";
    if (!sellerSku) throw new ApiError(BAD_PARAM, `skus[${i}].seller_sku is required`, 400);
    if (sellerSku.length > 50) throw new ApiError(LISTING_CODES.sellerSkuLength, `seller_sku ${sellerSku} is longer than 50 characters.`, 400);
    if (seen.has(sellerSku)) throw new ApiError(LISTING_CODES.sellerSkuDuplicate, `seller_sku ${sellerSku} is duplicated in the product.`, 400);
    seen.add(sellerSku);
    const price = raw.price;
    if (!isRecord(price) || typeof price.amount !== "string" || !/^\d+(\.\d{1,2})?$/.test(price.amount) || Number(price.amount) <= 0) {
      throw new ApiError(BAD_PARAM, `skus[${i}].price.amount must be a positive decimal string`, 400);
    }
    if (price.currency !== shop.currency) throw new ApiError(BAD_PARAM, `skus[${i}].price.currency must be ${shop.currency}`, 400);
    const inventory: Record<string, number> = {};
    const inv = raw.inventory;
    if (!Array.isArray(inv) || inv.length === 0) throw new ApiError(BAD_PARAM, `skus[${i}].inventory is required`, 400);
    for (const entry of inv) {
      if (!isRecord(entry) || typeof entry.warehouse_id !== "string" || typeof entry.quantity !== "number") throw new ApiError(BAD_PARAM, `skus[${i}].inventory entries need warehouse_id and quantity`, 400);
      if (!shop.warehouses.some((w) => w.id === entry.warehouse_id)) throw new ApiError(12052530, `The warehouse ${entry.warehouse_id} does not belong to the shop.`, 400);
      if (!Number.isInteger(entry.quantity) || entry.quantity < 0 || entry.quantity > 99999) throw new ApiError(12019024, "The stock quantity must be an integer between 0 and 99999.", 400);
      inventory[entry.warehouse_id] = entry.quantity;
    }
    const attrs = Array.isArray(raw.sales_attributes) ? raw.sales_attributes.filter(isRecord) : [];
    for (const a of attrs) {
      const name = String(a.name ?? "");
      const value = String(a.value_name ?? "");
      if (!name || name.length > 20) throw new ApiError(LISTING_CODES.salesAttribute, "A custom sales attribute name is 1-20 characters.", 400);
      if (!value || value.length > 50) throw new ApiError(LISTING_CODES.salesAttribute, "A sales attribute value is 1-50 characters.", 400);
      attributeNames.add(name);
    }
    if (attributeNames.size > 3) throw new ApiError(LISTING_CODES.salesAttribute, "A product has at most 3 sales attributes.", 400);
    if (rawSkus.length > 1 && attrs.length === 0) throw new ApiError(LISTING_CODES.salesAttribute, `skus[${i}] needs sales_attributes: a product with several SKUs tells them apart by their attributes.`, 400);
    const name = attrs.map((a) => String(a.value_name ?? "")).filter(Boolean).join(", ") || "Default";
    return {
      id: existing?.id ?? nextId(state, "17"),
      productId,
      sellerSku,
      name,
      priceCents: toCents(price.amount),
      inventory,
      ...(typeof raw.external_sku_id === "string" ? { externalSkuId: raw.external_sku_id } : existing?.externalSkuId ? { externalSkuId: existing.externalSkuId } : {}),
    };
  });
}

/**
 * Partial Edit Product (`POST /product/202309/products/{id}/partial_edit`):
 * only the fields sent change. With `skus`, each SKU with an `id` is edited,
 * one without is added, and a SKU of the product left out is deleted.
 */
function partialEditProduct(ctx: ApiContext) {
  const { state, shop, body, params } = ctx;
  const product = params.product_id ? state.products.get(params.product_id) : undefined;
  if (!product || product.shopId !== shop!.id || product.status === "DELETED") throw new ApiError(LISTING_CODES.productMissing, "The product does not exist in this shop.", 200);
  const title = optionalString(body, "title");
  if (title !== undefined) checkTitle(title);
  const description = optionalString(body, "description");
  checkPackageWeight(shop!, body);
  const skus = body.skus === undefined ? undefined : readSkus(state, shop!, product.id, body.skus, product);
  if (title !== undefined) product.title = title;
  if (description !== undefined) product.description = description;
  if (skus) product.skus = skus;
  product.updateTime = nowSec();
  return { product_id: product.id, skus: product.skus.map((s) => ({ id: s.id, seller_sku: s.sellerSku, sales_attributes: [] })), warnings: [] };
}

export const productListingRoutes: ApiRoute[] = [{ method: "POST", path: "/product/202309/products/:product_id/partial_edit", shopCipher: "required", handle: partialEditProduct }];
