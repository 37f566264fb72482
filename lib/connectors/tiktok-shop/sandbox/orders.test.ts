import { describe, expect, it } from "vitest";
import { SHOPS } from "../fixtures";
import type { PlaceOrderInput, World } from "./lifecycle";
import { payOrder, placeOrder, releaseHold } from "./lifecycle";
import { renderOrder } from "./orders";
import { createSeededState } from "./seed";
import type { SandboxConfig } from "./state";
import { createWebhookDispatcher } from "./webhooks";

const CONFIG: SandboxConfig = {
  appKey: "k",
  appSecret: "s",
  serviceId: "1",
  redirectUri: "http://127.0.0.1/cb",
  qps: 50,
  webhookSchedule: [],
  webhookTimeoutMs: 1000,
  accessTokenTtlSec: 3600,
  refreshTokenTtlSec: 3600,
  authCodeTtlSec: 60,
  onHoldMs: 3_600_000,
  shippingInfoUpdateWindowSec: 3600,
};

function newWorld(): World {
  const state = createSeededState(CONFIG);
  // no subscriptions: events go nowhere
  return { state, events: createWebhookDispatcher(() => state) };
}

const cents = (s: string | undefined) => {
  expect(s).toMatch(/^\d+\.\d{2}$/);
  return Math.round(Number(s) * 100);
};

type Rendered = ReturnType<typeof renderOrder>;

/** The invariants of spec §4.6 between an order's lines and its payment. */
function expectConsistent(o: Rendered) {
  const p = o.payment;
  const sum = (f: (l: Rendered["line_items"][number]) => number) => o.line_items.reduce((s, l) => s + f(l), 0);
  expect(sum((l) => cents(l.original_price))).toBe(cents(p.original_total_product_price));
  expect(sum((l) => cents(l.seller_discount))).toBe(cents(p.seller_discount));
  expect(sum((l) => cents(l.platform_discount))).toBe(cents(p.platform_discount));
  for (const l of o.line_items) expect(cents(l.sale_price)).toBe(cents(l.original_price) - cents(l.seller_discount) - cents(l.platform_discount));
  expect(cents(p.sub_total)).toBe(cents(p.original_total_product_price) - cents(p.seller_discount) - cents(p.platform_discount));
  expect(sum((l) => l.item_tax.reduce((t, x) => t + cents(x.tax_amount), 0))).toBe(cents(p.product_tax));
  expect(cents(p.tax)).toBe(cents(p.product_tax) + cents(p.shipping_fee_tax));
  expect(cents(p.shipping_fee)).toBe(cents(p.original_shipping_fee) - cents(p.shipping_fee_seller_discount) - cents(p.shipping_fee_platform_discount) - cents(p.shipping_fee_cofunded_discount));
  const rdf = p.retail_delivery_fee === undefined ? 0 : cents(p.retail_delivery_fee);
  expect(cents(p.total_amount)).toBe(cents(p.sub_total) + cents(p.shipping_fee) + cents(p.tax) + rdf);
}

/** Deterministic pseudo-random numbers, so a failure names a reproducible order. */
function prng(seed: number) {
  let x = seed;
  return (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
}

describe("order amounts (spec §4.6)", () => {
  it("keep lines and payment consistent over generated orders with discounts, shipping fees and buyers", () => {
    const world = newWorld();
    const rnd = prng(42);
    const discounts = [undefined, "0.50", "1.00", "2.25", "100.00"];
    for (const shop of SHOPS) {
      const skus = shop.products.flatMap((p) => p.skus.map((s) => s.sellerSku));
      for (let i = 0; i < 40; i++) {
        const items = Array.from({ length: 1 + rnd(3) }, () => ({ sellerSku: skus[rnd(skus.length)], quantity: 1 + rnd(3) }));
        const option = shop.deliveryOptions[rnd(shop.deliveryOptions.length)]!;
        const input: PlaceOrderInput = {
          shopId: shop.id,
          items,
          deliveryOptionId: option.id,
          buyerIndex: shop.key === "US" ? rnd(3) : 0,
          sellerDiscountPerUnit: discounts[rnd(discounts.length)],
          platformDiscountPerUnit: discounts[rnd(discounts.length)],
          shippingFeeSellerDiscount: discounts[rnd(discounts.length)],
          shippingFeePlatformDiscount: discounts[rnd(discounts.length)],
        };
        const order = placeOrder(world, input);
        payOrder(world, order);
        if (order.status === "ON_HOLD") releaseHold(world, order);
        expectConsistent(renderOrder(world.state, order));
      }
    }
  });

  it("charges the Colorado retail delivery fee and counts it in total_amount", () => {
    const world = newWorld();
    const us = SHOPS.find((s) => s.key === "US")!;
    const order = placeOrder(world, { shopId: us.id, items: [{ sellerSku: "MUG-WHT", quantity: 2 }], deliveryOptionId: "7091146663229654785", buyerIndex: 2 });
    payOrder(world, order);
    releaseHold(world, order);
    const o = renderOrder(world.state, order);
    expect(o.recipient_address).toMatchObject({ postal_code: "80202", district_info: expect.arrayContaining([{ address_level: "L1", address_level_name: "State", address_name: "Colorado" }]) });
    expect(o.payment).toMatchObject({ sub_total: "24.00", shipping_fee: "5.99", product_tax: "1.92", retail_delivery_fee: "0.28", total_amount: "32.19" });
    expectConsistent(o);
    const california = renderOrder(world.state, placeOrder(world, { shopId: us.id, items: [{ sellerSku: "MUG-WHT", quantity: 2 }], buyerIndex: 0 }));
    expect(california.payment.retail_delivery_fee).toBe("0.00");
    const uk = renderOrder(world.state, placeOrder(world, { shopId: SHOPS.find((s) => s.key === "UK")!.id, items: [{ sellerSku: "MUG-WHT", quantity: 1 }] }));
    expect(uk.payment).not.toHaveProperty("retail_delivery_fee");
  });

  it("splits seller and platform discounts per unit and on shipping, taxing what the buyer pays", () => {
    const world = newWorld();
    const us = SHOPS.find((s) => s.key === "US")!;
    const order = placeOrder(world, {
      shopId: us.id,
      items: [{ sellerSku: "TSHIRT-RED-L", quantity: 2 }],
      deliveryOptionId: "7091146663229654786",
      sellerDiscountPerUnit: "2.00",
      platformDiscountPerUnit: "1.00",
      shippingFeeSellerDiscount: "4.99",
      shippingFeePlatformDiscount: "20.00",
    });
    const o = renderOrder(world.state, order);
    expect(o.line_items[0]).toMatchObject({ original_price: "19.50", seller_discount: "2.00", platform_discount: "1.00", sale_price: "16.50", item_tax: [{ tax_type: "SALES_TAX", tax_amount: "1.32", tax_rate: "0.08" }] });
    // the platform covers what is left of the 14.99 express fee after the seller's 4.99
    expect(o.payment).toMatchObject({
      seller_discount: "4.00",
      platform_discount: "2.00",
      sub_total: "33.00",
      original_shipping_fee: "14.99",
      shipping_fee_seller_discount: "4.99",
      shipping_fee_platform_discount: "10.00",
      shipping_fee: "0.00",
      total_amount: "35.64",
    });
    expectConsistent(o);
  });

  it("refuses a buyer that does not exist and malformed amounts", () => {
    const world = newWorld();
    const us = SHOPS.find((s) => s.key === "US")!;
    expect(() => placeOrder(world, { shopId: us.id, items: [{ sellerSku: "MUG-WHT", quantity: 1 }], buyerIndex: 9 })).toThrow(/buyer_index/);
    expect(() => placeOrder(world, { shopId: us.id, items: [{ sellerSku: "MUG-WHT", quantity: 1 }], platformDiscountPerUnit: "-1" })).toThrow(/decimal/);
  });
});
