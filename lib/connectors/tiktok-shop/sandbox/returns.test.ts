import { describe, expect, it } from "vitest";
import { SHOPS } from "../fixtures";
import type { ApiContext } from "./http";
import { ApiError } from "./http";
import type { World } from "./lifecycle";
import { payOrder, placeOrder, releaseHold } from "./lifecycle";
import { returnRoutes } from "./returns";
import { createSeededState } from "./seed";
import type { SandboxConfig } from "./state";
import { createWebhookDispatcher } from "./webhooks";

const CONFIG = { appKey: "k", appSecret: "s", serviceId: "1", redirectUri: "http://127.0.0.1/cb", qps: 50, webhookSchedule: [], webhookTimeoutMs: 1000, accessTokenTtlSec: 3600, refreshTokenTtlSec: 3600, authCodeTtlSec: 60, onHoldMs: 1, shippingInfoUpdateWindowSec: 3600 } satisfies SandboxConfig;

function setup(shopKey: "US" | "UK" | "DE") {
  const state = createSeededState(CONFIG);
  const world: World = { state, events: createWebhookDispatcher(() => state) };
  const shop = state.shops.get(SHOPS.find((s) => s.key === shopKey)!.id)!;
  const route = returnRoutes.find((r) => r.method === "POST" && r.path === "/return_refund/202309/cancellations")!;
  const cancel = (body: Record<string, unknown>) => route.handle({ state, shop, body, events: world.events } as unknown as ApiContext) as { cancel_id: string; cancel_status: string };
  return { world, shop, cancel };
}

const apiError = (fn: () => unknown): ApiError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error("expected an ApiError");
};

describe("Cancel Order (seller-initiated) — POST /return_refund/202309/cancellations", () => {
  it("cancels the units named by skus: [{sku_id, quantity}]", () => {
    const { world, shop, cancel } = setup("US");
    const order = placeOrder(world, { shopId: shop.id, items: [{ sellerSku: "MUG-WHT", quantity: 3 }] });
    payOrder(world, order);
    releaseHold(world, order);
    const skuId = order.lines[0]!.skuId;
    expect(cancel({ order_id: order.id, cancel_reason: "seller_cancel_reason_out_of_stock", skus: [{ sku_id: skuId, quantity: 2 }] }).cancel_status).toBe("CANCELLATION_REQUEST_COMPLETE");
    expect(order.lines.map((l) => l.cancelled)).toEqual([true, true, false]);
    expect(order.status).toBe("AWAITING_SHIPMENT");
    expect(apiError(() => cancel({ order_id: order.id, cancel_reason: "seller_cancel_reason_out_of_stock", skus: [{ sku_id: skuId, quantity: 2 }] })).message).toMatch(/only 1 cancellable/);
  });

  it("takes the market's reason keys for the order's status, else 25001021", () => {
    const uk = setup("UK");
    const ukOrder = placeOrder(uk.world, { shopId: uk.shop.id, items: [{ sellerSku: "MUG-WHT", quantity: 1 }] });
    expect(apiError(() => uk.cancel({ order_id: ukOrder.id, cancel_reason: "seller_cancel_unpaid_reason_out_of_stock" })).code).toBe(25001021);
    expect(uk.cancel({ order_id: ukOrder.id, cancel_reason: "seller_cancel_unpaid_reason_out_of_stock_uk" }).cancel_status).toBe("CANCELLATION_REQUEST_SUCCESS");
    expect(ukOrder.status).toBe("CANCELLED");
    // a cancelled order has no reason left
    expect(apiError(() => uk.cancel({ order_id: ukOrder.id, cancel_reason: "seller_cancel_unpaid_reason_out_of_stock_uk" })).code).toBe(25001021);
  });

  it("cancels single items only in the US and UK", () => {
    const de = setup("DE");
    const order = placeOrder(de.world, { shopId: de.shop.id, items: [{ sellerSku: "MUG-BLK", quantity: 2 }] });
    payOrder(de.world, order);
    expect(apiError(() => de.cancel({ order_id: order.id, cancel_reason: "seller_cancel_reason_out_of_stock", order_line_item_ids: [order.lines[0]!.id] })).message).toMatch(/US and UK/);
    expect(apiError(() => de.cancel({ order_id: "999", cancel_reason: "seller_cancel_reason_out_of_stock" })).code).toBe(21008111);
  });
});
