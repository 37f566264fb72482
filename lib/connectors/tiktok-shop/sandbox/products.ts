import type { ApiContext, ApiRoute } from "./http";
import { ApiError, BAD_PARAM, optionalInt, optionalString, optionalStringArray, pageSize, requiredString } from "./http";
import { compareBy, paginate, queryFingerprint } from "./paging";
import type { ProductState, SandboxState, SkuState } from "./state";
import { fromCents, nextId, nowSec } from "./state";
import { checkPackageWeight, checkTitle, readSkus } from "./product-listing";

/** Create Product (US/UK local shops only), Search/Get Products, Update Inventory. */

const CREATE_PRODUCT_REGIONS = new Set(["US", "GB"]);
export const PRODUCT_REGION_NOT_SUPPORTED = 12052700;

function renderProduct(p: ProductState, currency: string) {
  return {
    id: p.id,
    title: p.title,
    status: p.status,
    create_time: p.createTime,
    update_time: p.updateTime,
    skus: p.skus.map((s) => ({
      id: s.id,
      seller_sku: s.sellerSku,
      ...(s.externalSkuId ? { external_sku_id: s.externalSkuId } : {}),
      price: { currency, sale_price: fromCents(s.priceCents), tax_exclusive_price: fromCents(s.priceCents) },
      inventory: Object.entries(s.inventory).map(([warehouse_id, quantity]) => ({ warehouse_id, quantity })),
    })),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function createProduct(ctx: ApiContext) {
  const { state, shop, body } = ctx;
  if (!CREATE_PRODUCT_REGIONS.has(shop!.region)) {
    throw new ApiError(PRODUCT_REGION_NOT_SUPPORTED, `Create Product is not available for ${shop!.region} shops of this seller; manage the catalog in TikTok Shop Seller Center or use global products.`);
  }
  const idempotencyKey = optionalString(body, "idempotency_key");
  if (idempotencyKey) {
    const existing = [...state.products.values()].find((p) => p.shopId === shop!.id && p.idempotencyKey === idempotencyKey);
    if (existing) return { product_id: existing.id, skus: existing.skus.map((s) => ({ id: s.id, seller_sku: s.sellerSku })), warnings: [] };
  }
  const title = requiredString(body, "title");
  checkTitle(title);
  const description = requiredString(body, "description");
  const categoryId = requiredString(body, "category_id");
  checkPackageWeight(shop!, body);
  const productId = nextId(state, "17");
  const skus: SkuState[] = readSkus(state, shop!, productId, body.skus);
  const now = nowSec();
  const draft = body.save_mode === "AS_DRAFT";
  const product: ProductState = { id: productId, shopId: shop!.id, title, description, categoryId, status: draft ? "DRAFT" : "ACTIVATE", createTime: now, updateTime: now, skus, createdByApi: true, ...(idempotencyKey ? { idempotencyKey } : {}) };
  state.products.set(productId, product);
  if (!draft) {
    // the audit passes at once; this topic's live payload carries product_id as a JSON number
    ctx.events.emit(shop!.id, "PRODUCT_STATUS_CHANGE", { product_id: productId, status: "PRODUCT_AUDIT_SUCCESS", suspended_reason: "", update_time: now }, ["product_id"]);
  }
  return { product_id: productId, skus: skus.map((s) => ({ id: s.id, seller_sku: s.sellerSku, sales_attributes: [] })), warnings: [] };
}

function searchProducts(ctx: ApiContext, sellerSkusMax: number) {
  const { state, shop, query, body, req } = ctx;
  const size = pageSize(query, 1, 100);
  const status = optionalString(body, "status");
  const sellerSkus = optionalStringArray(body, "seller_skus");
  if (sellerSkus && sellerSkus.length > sellerSkusMax) throw new ApiError(BAD_PARAM, `param seller_skus can contain at most ${sellerSkusMax} values`, 400);
  const updateGe = optionalInt(body, "update_time_ge");
  const updateLe = optionalInt(body, "update_time_le");
  const all = [...state.products.values()].filter(
    (p) =>
      p.shopId === shop!.id &&
      p.status !== "DELETED" &&
      (!status || status === "ALL" || p.status === status) &&
      (!sellerSkus || p.skus.some((s) => sellerSkus.includes(s.sellerSku))) &&
      (updateGe === undefined || p.updateTime >= updateGe) &&
      (updateLe === undefined || p.updateTime <= updateLe),
  );
  all.sort(compareBy((p) => p.createTime, "DESC", (p) => p.id));
  const { page, nextPageToken } = paginate(state, all, size, query.get("page_token"), queryFingerprint(req.url.pathname, shop!.id, query, body));
  return { products: page.map((p) => renderProduct(p, shop!.currency)), next_page_token: nextPageToken, total_count: all.length };
}

function productOf(state: SandboxState, shopId: string, id: string | undefined): ProductState {
  const p = id ? state.products.get(id) : undefined;
  if (!p || p.shopId !== shopId || p.status === "DELETED") throw new ApiError(12052001, "The product does not exist in this shop.", 200);
  return p;
}

function updateInventory(ctx: ApiContext) {
  const { state, shop, body, params } = ctx;
  const product = productOf(state, shop!.id, params.product_id);
  if (product.status !== "ACTIVATE") throw new ApiError(12052023, `Inventory can only be updated for live (ACTIVATE) products; this one is ${product.status}.`);
  const rawSkus = body.skus;
  if (!Array.isArray(rawSkus) || rawSkus.length === 0) throw new ApiError(BAD_PARAM, "param skus is required", 400);
  const errors: Array<{ code: number; message: string; detail: { sku_id: string; extra_errors: Array<{ warehouse_id?: string; code: number; message: string }> } }> = [];
  for (const raw of rawSkus) {
    if (!isRecord(raw) || typeof raw.id !== "string") throw new ApiError(12052036, "The SKU id is required.", 400);
    const sku = product.skus.find((s) => s.id === raw.id);
    if (!sku) {
      errors.push({ code: 12052035, message: "The SKU does not belong to this product.", detail: { sku_id: raw.id, extra_errors: [] } });
      continue;
    }
    const inv = Array.isArray(raw.inventory) ? raw.inventory.filter(isRecord) : [];
    const assigned = Object.keys(sku.inventory);
    const extra: Array<{ warehouse_id?: string; code: number; message: string }> = [];
    const next: Record<string, number> = {};
    for (const entry of inv) {
      const wid = typeof entry.warehouse_id === "string" ? entry.warehouse_id : assigned.length === 1 ? assigned[0] : undefined;
      if (!wid) {
        extra.push({ code: 12052037, message: "warehouse_id is required when the SKU is stocked in several warehouses." });
        continue;
      }
      if (!assigned.includes(wid)) {
        extra.push({ warehouse_id: wid, code: 12019028, message: "The warehouse is not assigned to this SKU." });
        continue;
      }
      const q = entry.quantity;
      if (typeof q !== "number" || !Number.isInteger(q) || q < 0 || q > 99999) {
        extra.push({ warehouse_id: wid, code: 12019024, message: "The stock quantity must be an integer between 0 and 99999." });
        continue;
      }
      next[wid] = q;
    }
    for (const wid of assigned) {
      if (!(wid in next) && !extra.some((e) => e.warehouse_id === wid)) extra.push({ warehouse_id: wid, code: 12052533, message: "Every warehouse of the SKU must be listed." });
    }
    if (extra.length > 0) {
      errors.push({ code: 12052533, message: "The inventory of this SKU was not updated.", detail: { sku_id: sku.id, extra_errors: extra } });
      continue;
    }
    sku.inventory = next;
  }
  product.updateTime = nowSec();
  return errors.length > 0 ? { errors } : {};
}

/** Units ordered but not shipped yet, per SKU and warehouse. */
function committedUnits(state: SandboxState, skuId: string, warehouseId: string): number {
  let n = 0;
  for (const o of state.orders.values()) {
    if (o.warehouseId !== warehouseId || !["ON_HOLD", "AWAITING_SHIPMENT", "PARTIALLY_SHIPPING"].includes(o.status)) continue;
    for (const l of o.lines) {
      const shipped = l.packageId !== undefined && state.packages.get(l.packageId)?.shippedAt !== undefined;
      if (l.skuId === skuId && !l.cancelled && !shipped) n++;
    }
  }
  return n;
}

function searchInventory(ctx: ApiContext) {
  const { state, shop, body } = ctx;
  const productIds = optionalStringArray(body, "product_ids");
  const skuIds = optionalStringArray(body, "sku_ids");
  if ((!productIds || productIds.length === 0) === (!skuIds || skuIds.length === 0)) throw new ApiError(BAD_PARAM, "Exactly one of product_ids or sku_ids is required", 400);
  if ((productIds?.length ?? 0) > 100 || (skuIds?.length ?? 0) > 600) throw new ApiError(BAD_PARAM, "Too many ids", 400);
  // Sets: a 600-id search over a large catalog stays linear.
  const wantProducts = productIds ? new Set(productIds) : null;
  const wantSkus = skuIds ? new Set(skuIds) : null;
  const products = [...state.products.values()].filter((p) => p.shopId === shop!.id && p.status !== "DELETED" && (wantProducts ? wantProducts.has(p.id) : p.skus.some((s) => wantSkus!.has(s.id))));
  return {
    inventory: products.map((p) => ({
      product_id: p.id,
      skus: p.skus
        .filter((s) => !wantSkus || wantSkus.has(s.id))
        .map((s) => {
          const warehouses = Object.entries(s.inventory).map(([warehouse_id, quantity]) => ({ warehouse_id, available_quantity: quantity, committed_quantity: committedUnits(state, s.id, warehouse_id) }));
          return {
            id: s.id,
            seller_sku: s.sellerSku,
            total_available_quantity: warehouses.reduce((t, w) => t + w.available_quantity, 0),
            total_committed_quantity: warehouses.reduce((t, w) => t + w.committed_quantity, 0),
            warehouse_inventory: warehouses,
          };
        }),
    })),
  };
}

export const productRoutes: ApiRoute[] = [
  { method: "POST", path: "/product/202309/inventory/search", shopCipher: "required", handle: searchInventory },
  { method: "POST", path: "/product/202309/products", shopCipher: "required", handle: createProduct },
  { method: "POST", path: "/product/202309/products/search", shopCipher: "required", handle: (ctx) => searchProducts(ctx, 100) },
  { method: "POST", path: "/product/202502/products/search", shopCipher: "required", handle: (ctx) => searchProducts(ctx, 10) },
  {
    method: "GET",
    path: "/product/202309/products/:product_id",
    shopCipher: "required",
    handle({ state, shop, params }) {
      return renderProduct(productOf(state, shop!.id, params.product_id), shop!.currency);
    },
  },
  { method: "POST", path: "/product/202309/products/:product_id/inventory/update", shopCipher: "required", handle: updateInventory },
];
