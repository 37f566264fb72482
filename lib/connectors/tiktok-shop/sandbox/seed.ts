import { DEMO_SELLER, SHOPS } from "../fixtures";
import type { ProductState, SandboxConfig, SandboxState } from "./state";
import { nowSec, toCents } from "./state";

/** A fresh sandbox world built from fixtures.ts (used at start and on reset). */
export function createSeededState(config: SandboxConfig): SandboxState {
  const state: SandboxState = {
    config,
    seller: { openId: DEMO_SELLER.openId, name: DEMO_SELLER.name, baseRegion: DEMO_SELLER.baseRegion, email: DEMO_SELLER.email, shopIds: SHOPS.map((s) => s.id) },
    shops: new Map(),
    products: new Map(),
    orders: new Map(),
    packages: new Map(),
    cancellations: new Map(),
    returns: new Map(),
    grants: new Map(),
    grantsByRefresh: new Map(),
    authCodes: new Map(),
    webhooks: new Map(),
    deliveries: [],
    faults: [],
    pageTokens: new Map(),
    rateWindows: new Map(),
    log: [],
    idCounter: BigInt(Date.now()) * BigInt(1000),
  };
  const created = nowSec() - 90 * 86400;
  // seeded ids are stable across restarts so the hub's bindings survive a sandbox restart
  let seq = BigInt("1729592969712207000");
  const seedId = () => String((seq += BigInt(7)));
  for (const shop of SHOPS) {
    state.shops.set(shop.id, {
      id: shop.id,
      name: shop.name,
      region: shop.region,
      currency: shop.currency,
      cipher: shop.cipher,
      code: shop.code,
      onHold: shop.onHold,
      taxRate: shop.taxRate,
      retailDeliveryFeeCents: Object.fromEntries(Object.entries(shop.retailDeliveryFees ?? {}).map(([st, fee]) => [st, toCents(fee)])),
      warehouses: shop.warehouses.map((w) => ({ id: w.id, name: w.name, isDefault: w.isDefault, city: w.city, state: w.state, postalCode: w.postalCode })),
      deliveryOptions: shop.deliveryOptions.map((d) => ({
        id: d.id,
        name: d.name,
        description: d.description,
        type: d.type,
        shippingFeeCents: toCents(d.shippingFee),
        providers: d.providers,
        warehouseIds: shop.warehouses.map((w) => w.id),
      })),
    });
    const warehouseId = (key: string) => shop.warehouses.find((w) => w.key === key)?.id;
    for (const p of shop.products) {
      const productId = seedId();
      const product: ProductState = {
        id: productId,
        shopId: shop.id,
        title: p.title,
        description: `<p>${p.title}</p>`,
        categoryId: p.categoryId,
        status: "ACTIVATE",
        createTime: created,
        updateTime: created,
        createdByApi: false,
        skus: p.skus.map((s) => {
          const inventory: Record<string, number> = {};
          for (const [key, qty] of Object.entries(s.stock)) {
            const id = warehouseId(key);
            if (id) inventory[id] = qty;
          }
          return { id: seedId(), productId, sellerSku: s.sellerSku, name: s.name, priceCents: toCents(s.price), inventory };
        }),
      };
      state.products.set(productId, product);
    }
  }
  return state;
}
