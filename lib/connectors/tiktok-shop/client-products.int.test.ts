import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TikTokShopClient } from "./client";
import { TikTokShopError } from "./errors";
import { SKU_MISMATCHES } from "./fixtures";
import type { TikTokSandbox } from "./sandbox/server";
import { connectedClient, operate, shopFixture, startTestSandbox } from "./sandbox/testing";

let sandbox: TikTokSandbox;
let us: TikTokShopClient;
let uk: TikTokShopClient;
let de: TikTokShopClient;
const [MAIN, EAST] = shopFixture("US").warehouses.map((w) => w.id) as [string, string];

beforeAll(async () => {
  sandbox = await startTestSandbox();
  ({ us, uk, de } = await connectedClient(sandbox));
});
afterAll(() => sandbox.close());

const newProduct = (sellerSku: string, currency = "USD", warehouses = [MAIN, EAST]) => ({
  title: "Enamel Pin",
  description: "<p>Pin</p>",
  categoryId: "601450",
  skus: [{ sellerSku, price: { amount: "7.50", currency }, inventory: warehouses.map((warehouseId) => ({ warehouseId, quantity: 10 })) }],
});

describe("products", () => {
  it("searches the seeded catalog by seller SKU, mismatched SKUs included", async () => {
    const hit = await us.searchProducts({ sellerSkus: ["MUG-WHT", "CAP-NAVY"] });
    expect(hit.items.map((p) => p.title).sort()).toEqual(["Baseball Cap", "Ceramic Mug 11 oz"]);
    expect(Object.values(SKU_MISMATCHES)).toContain("CAP-NVY");
    const all: string[] = [];
    for await (const page of us.searchProductPages({ pageSize: 4 })) all.push(...page.items.flatMap((p) => p.skus.map((s) => s.seller_sku)));
    expect(all).toContain("TSHIRT-WHT-M");
    expect(all).toContain("Socks-3PK");
    expect(all.sort()).toEqual(shopFixture("US").products.flatMap((p) => p.skus.map((s) => s.sellerSku)).sort());
  });

  it("finds SKUs by exact seller SKU across several search calls", async () => {
    const wanted = ["TSHIRT-BLK-S", "TSHIRT-BLK-M", "TSHIRT-BLK-L", "TSHIRT-WHT-S", "TSHIRT-WHT-M", "TSHIRT-WHT-L", "TSHIRT-RED-S", "TSHIRT-RED-M", "TSHIRT-RED-L", "MUG-WHT", "CAP-NAVY", "CAP-NVY", "socks-3pk"];
    const searchCalls = async () => (await operate<{ requests: unknown[] }>(sandbox, "GET", "/requests?path_contains=/product/202502/products/search")).requests.length;
    const before = await searchCalls();
    const found = await us.findSkusBySellerSku(wanted);
    // 13 seller SKUs → two calls (10 + 3)
    expect((await searchCalls()) - before).toBe(2);
    expect([...found.keys()].sort()).toEqual(wanted.filter((s) => !["CAP-NVY", "socks-3pk"].includes(s)).sort());
    const mug = found.get("MUG-WHT")!;
    expect(mug.skuId).toMatch(/^\d{19}$/);
    expect(mug.inventory.map((i) => i.warehouse_id).sort()).toEqual([MAIN, EAST].sort());
  });

  it("creates products in US and UK shops (idempotent on idempotency_key)", async () => {
    const created = await us.createProduct({ ...newProduct("PIN-ENAMEL"), idempotencyKey: "2b9c4c1e-5f7e-4d8a-9c61-0a7f2a1c3e55" });
    expect(created.product_id).toMatch(/^\d{19}$/);
    expect(created.skus[0]!.seller_sku).toBe("PIN-ENAMEL");
    const again = await us.createProduct({ ...newProduct("PIN-ENAMEL"), idempotencyKey: "2b9c4c1e-5f7e-4d8a-9c61-0a7f2a1c3e55" });
    expect(again.product_id).toBe(created.product_id);
    const product = await us.getProduct(created.product_id);
    expect(product.status).toBe("ACTIVATE");
    const ukWarehouse = shopFixture("UK").warehouses[0]!.id;
    expect((await uk.createProduct(newProduct("PIN-ENAMEL", "GBP", [ukWarehouse]))).product_id).toMatch(/^\d+$/);
    const recorded = await operate<{ products: Array<{ idempotencyKey?: string }> }>(sandbox, "GET", "/products?created_by_api=true");
    expect(recorded.products).toHaveLength(2);
    // the client supplies a key when the caller does not
    expect(recorded.products[1]!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers a shop outside the US/UK with a region error", async () => {
    const err = (await de.createProduct(newProduct("PIN-ENAMEL", "EUR", [shopFixture("DE").warehouses[0]!.id])).catch((e: unknown) => e)) as TikTokShopError;
    expect(err).toBeInstanceOf(TikTokShopError);
    expect(err.kind).toBe("region_not_supported");
    expect(err.retryable).toBe(false);
  });
});

describe("Update Inventory", () => {
  it("sets absolute quantities per warehouse and reports per-SKU errors inside data.errors", async () => {
    const [mug] = (await us.searchProducts({ sellerSkus: ["MUG-WHT"] })).items;
    const [cap] = (await us.searchProducts({ sellerSkus: ["CAP-BLK"] })).items;
    const mugSku = mug!.skus.find((s) => s.seller_sku === "MUG-WHT")!;
    const mugBlk = mug!.skus.find((s) => s.seller_sku === "MUG-BLK")!;
    const result = await us.updateInventory(mug!.id, [
      { skuId: mugSku.id, inventory: [{ warehouseId: MAIN, quantity: 7 }, { warehouseId: EAST, quantity: 0 }] },
      // only one of two warehouses listed → rejected for this SKU only
      { skuId: mugBlk.id, inventory: [{ warehouseId: MAIN, quantity: 3 }] },
      // a SKU of another product
      { skuId: cap!.skus[0]!.id, inventory: [{ warehouseId: MAIN, quantity: 1 }] },
    ]);
    expect(result.errors).toHaveLength(2);
    const blkError = result.errors.find((e) => e.detail?.sku_id === mugBlk.id)!;
    expect(blkError.detail!.extra_errors).toEqual([{ warehouse_id: EAST, code: 12052533, message: "Every warehouse of the SKU must be listed." }]);
    expect(result.errors.find((e) => e.detail?.sku_id === cap!.skus[0]!.id)?.code).toBe(12052035);

    const stock = await operate<{ inventory: Array<{ seller_sku: string; inventory: Record<string, number> }> }>(sandbox, "GET", `/inventory?shop_id=${shopFixture("US").id}`);
    expect(stock.inventory.find((s) => s.seller_sku === "MUG-WHT")!.inventory).toEqual({ [MAIN]: 7, [EAST]: 0 });
    expect(stock.inventory.find((s) => s.seller_sku === "MUG-BLK")!.inventory).toEqual({ [MAIN]: 80, [EAST]: 20 });
    const refreshed = await us.getProduct(mug!.id);
    expect(refreshed.skus.find((s) => s.id === mugSku.id)!.inventory).toEqual([{ warehouse_id: MAIN, quantity: 7 }, { warehouse_id: EAST, quantity: 0 }]);
  });

  it("reads stock per warehouse with units committed to unshipped orders", async () => {
    const [tote] = (await us.searchProducts({ sellerSkus: ["TOTE-NAT"] })).items;
    const skuId = tote!.skus[0]!.id;
    await operate(sandbox, "POST", "/orders", { region: "US", items: [{ seller_sku: "TOTE-NAT", quantity: 2 }], pay: true });
    const bySku = await us.searchInventory({ skuIds: [skuId] });
    expect(bySku).toHaveLength(1);
    const sku = bySku[0]!.skus[0]!;
    expect(sku).toMatchObject({ seller_sku: "TOTE-NAT", total_available_quantity: 95, total_committed_quantity: 2 });
    expect(sku.warehouse_inventory.find((w) => w.warehouse_id === MAIN)).toEqual({ warehouse_id: MAIN, available_quantity: 95, committed_quantity: 2 });
    const byProduct = await us.searchInventory({ productIds: [tote!.id] });
    expect(byProduct[0]!.product_id).toBe(tote!.id);
  });

  it("rejects out-of-range quantities per warehouse", async () => {
    const [bottle] = (await us.searchProducts({ sellerSkus: ["BOTTLE-STEEL-750"] })).items;
    const result = await us.updateInventory(bottle!.id, [{ skuId: bottle!.skus[0]!.id, inventory: [{ warehouseId: MAIN, quantity: 100000 }, { warehouseId: EAST, quantity: 1 }] }]);
    expect(result.errors[0]!.detail!.extra_errors[0]).toMatchObject({ warehouse_id: MAIN, code: 12019024 });
  });
});
