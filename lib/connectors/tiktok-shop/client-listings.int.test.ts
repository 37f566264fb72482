import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreateProductInput, TikTokShopClient } from "./client";
import { TikTokShopError } from "./errors";
import type { TikTokSandbox } from "./sandbox/server";
import { connectedClient, shopFixture, startTestSandbox } from "./sandbox/testing";

/** Create Product's US/UK limits (spec §7.2) and Partial Edit Product, against the sandbox. */
let sandbox: TikTokSandbox;
let us: TikTokShopClient;
let uk: TikTokShopClient;
const MAIN = shopFixture("US").warehouses[0]!.id;
const UK_MAIN = shopFixture("UK").warehouses[0]!.id;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  ({ us, uk } = await connectedClient(sandbox));
});
afterAll(() => sandbox.close());

const sku = (sellerSku: string, i = 0, currency = "USD", warehouseId = MAIN) => ({
  sellerSku,
  price: { amount: "9.90", currency },
  inventory: [{ warehouseId, quantity: 5 }],
  salesAttributes: [{ name: "Size", valueName: `S${i}` }],
});
const product = (over: Partial<CreateProductInput> = {}): CreateProductInput => ({
  title: "Tee",
  description: "<p>Tee</p>",
  categoryId: "601226",
  packageWeight: { value: "0.4", unit: "POUND" },
  skus: [sku("LIST-A", 1), sku("LIST-B", 2)],
  ...over,
});
const codeOf = async (p: Promise<unknown>) => ((await p.catch((e: unknown) => e)) as TikTokShopError).code;

describe("Create Product limits for US and UK shops", () => {
  it("takes a 1-character title and 100 SKUs; refuses 256 characters, 101 SKUs, a 51-character or repeated seller_sku", async () => {
    expect((await us.createProduct(product({ title: "T", skus: Array.from({ length: 100 }, (_, i) => sku(`HUNDRED-${i}`, i)) }))).skus).toHaveLength(100);
    expect(await codeOf(us.createProduct(product({ title: "x".repeat(256) })))).toBe(12019001);
    expect(await codeOf(us.createProduct(product({ skus: Array.from({ length: 101 }, (_, i) => sku(`OVER-${i}`, i)) })))).toBe(12019002);
    expect(await codeOf(us.createProduct(product({ skus: [sku("x".repeat(51))] })))).toBe(12019003);
    expect(await codeOf(us.createProduct(product({ skus: [sku("TWICE", 1), sku("TWICE", 2)] })))).toBe(12019004);
  });

  it("takes pounds in the US only: a UK listing weighs in kilograms", async () => {
    const ukProduct = product({ skus: [sku("UK-LIST", 1, "GBP", UK_MAIN)] });
    const err = (await uk.createProduct(ukProduct).catch((e: unknown) => e)) as TikTokShopError;
    expect(err).toBeInstanceOf(TikTokShopError);
    expect(err.code).toBe(12019060);
    expect(err.retryable).toBe(false);
    expect((await uk.createProduct({ ...ukProduct, packageWeight: { value: "0.18", unit: "KILOGRAM" } })).product_id).toMatch(/^\d+$/);
  });
});

describe("Partial Edit Product", () => {
  it("changes only what is sent; SKUs keep their ids, a SKU without id is added, one left out is deleted", async () => {
    const created = await us.createProduct(product({ skus: [sku("EDIT-A", 1), sku("EDIT-B", 2)] }));
    const idOf = (s: string) => created.skus.find((x) => x.seller_sku === s)!.id;
    const edited = await us.partialEditProduct(created.product_id, {
      title: "Tee, new name",
      skus: [
        { id: idOf("EDIT-A"), sellerSku: "EDIT-A", price: { amount: "11.00", currency: "USD" }, inventory: [{ warehouseId: MAIN, quantity: 5 }], salesAttributes: [{ name: "Size", valueName: "S1" }] },
        { sellerSku: "EDIT-C", price: { amount: "12.00", currency: "USD" }, inventory: [{ warehouseId: MAIN, quantity: 0 }], salesAttributes: [{ name: "Size", valueName: "S3" }] },
      ],
    });
    expect(edited.product_id).toBe(created.product_id);
    const after = await us.getProduct(created.product_id);
    expect(after.title).toBe("Tee, new name");
    expect(after.skus.map((s) => s.seller_sku).sort()).toEqual(["EDIT-A", "EDIT-C"]);
    expect(after.skus.find((s) => s.seller_sku === "EDIT-A")!.id).toBe(idOf("EDIT-A"));
    expect(after.skus.find((s) => s.seller_sku === "EDIT-A")!.price?.sale_price).toBe("11.00");
    // The description was not sent: it stays.
    const titleOnly = await us.partialEditProduct(created.product_id, { title: "Tee" });
    expect(titleOnly.skus).toHaveLength(2);
  });

  it("refuses a SKU id of another product, and the US/UK limits apply to edits too", async () => {
    const a = await us.createProduct(product({ skus: [sku("OWN-A")] }));
    const b = await us.createProduct(product({ skus: [sku("OWN-B")] }));
    const foreign = { id: b.skus[0]!.id, sellerSku: "OWN-B", price: { amount: "1.00", currency: "USD" }, inventory: [{ warehouseId: MAIN, quantity: 1 }] };
    expect(await codeOf(us.partialEditProduct(a.product_id, { skus: [foreign] }))).toBe(12052035);
    expect(await codeOf(us.partialEditProduct(a.product_id, { title: "" }))).toBe(12019001);
    expect(await codeOf(us.partialEditProduct("1729000000000000000", { title: "Nope" }))).toBe(12052001);
  });
});
