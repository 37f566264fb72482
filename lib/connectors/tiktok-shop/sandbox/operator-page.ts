import { BUYERS } from "../fixtures";
import type { RawRequest, SandboxResponse } from "./http";
import { ApiError, html, redirect } from "./http";
import type { World } from "./lifecycle";
import { advanceOrder, buyerCancel, openReturn, payOrder, placeOrder, releaseHold, resolveCancellation, sellerCancel, sellerCancelReasons, setReturnStatus } from "./lifecycle";
import type { OrderState, OrderStatusValue, ShopState } from "./state";
import { fromCents } from "./state";

/**
 * A human console for the operator endpoints (GET /_sandbox/ui): place orders
 * as a buyer and push them through their life. Plain forms post back here and
 * redirect, so a browser (or Playwright) can drive a demo without scripts.
 */
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const hidden = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${esc(v)}">`)
    .join("");

const button = (action: string, label: string, fields: Record<string, string>) =>
  `<form method="post" action="/_sandbox/ui/action" style="display:inline">${hidden({ action, ...fields })}<button type="submit">${esc(label)}</button></form>`;

const NEXT_ACTIONS: Partial<Record<OrderStatusValue, Array<[string, string]>>> = {
  UNPAID: [["pay", "Pay"], ["buyer-cancel", "Buyer cancels"]],
  ON_HOLD: [["release-hold", "End remorse window"], ["buyer-cancel", "Buyer cancels"]],
  AWAITING_SHIPMENT: [["buyer-cancel", "Buyer requests cancel"]],
  AWAITING_COLLECTION: [["advance:IN_TRANSIT", "Carrier picks up"]],
  IN_TRANSIT: [["advance:DELIVERED", "Delivered"]],
  DELIVERED: [["advance:COMPLETED", "Complete"]],
};

/** Paid orders on which the buyer can ask for a refund or a return. */
const AFTER_SALE_STATUSES = new Set<OrderStatusValue>(["AWAITING_SHIPMENT", "PARTIALLY_SHIPPING", "AWAITING_COLLECTION", "IN_TRANSIT", "DELIVERED", "COMPLETED"]);

function orderForm(shop: ShopState, world: World): string {
  const { state } = world;
  const skus = [...state.products.values()].filter((p) => p.shopId === shop.id && p.status === "ACTIVATE").flatMap((p) => p.skus.map((s) => ({ p, s })));
  const rows = skus
    .map(({ p, s }) => `<tr><td><label for="q-${shop.id}-${s.id}">${esc(s.sellerSku)}</label></td><td>${esc(p.title)} — ${esc(s.name)}</td><td>${fromCents(s.priceCents)} ${shop.currency}</td><td><input id="q-${shop.id}-${s.id}" type="number" min="0" max="20" name="qty:${s.id}" value="0" style="width:4rem"></td></tr>`)
    .join("");
  const options = shop.deliveryOptions.map((d) => `<option value="${d.id}">${esc(d.name)} (${fromCents(d.shippingFeeCents)} ${shop.currency})</option>`).join("");
  const buyers = (BUYERS[shop.region] ?? [])
    .map((b, i) => {
      const fee = shop.retailDeliveryFeeCents[b.state];
      return `<option value="${i}">${esc(`${b.firstName} ${b.lastName} — ${b.city}, ${b.state}`)}${fee ? ` (retail delivery fee ${fromCents(fee)})` : ""}</option>`;
    })
    .join("");
  const money = (name: string, label: string) => `<label>${label} <input name="${name}" inputmode="decimal" pattern="\\d+(\\.\\d{1,2})?" placeholder="0.00" style="width:5rem"></label>`;
  return `<details><summary>Place an order in <strong>${esc(shop.name)}</strong> (${shop.region})</summary>
<form method="post" action="/_sandbox/ui/orders"><input type="hidden" name="shop_id" value="${shop.id}">
<table><tr><th>seller_sku</th><th>Product</th><th>Price</th><th>Qty</th></tr>${rows}</table>
<p><label for="b-${shop.id}">Buyer</label> <select id="b-${shop.id}" name="buyer_index">${buyers}</select>
<label for="do-${shop.id}">Shipping option</label> <select id="do-${shop.id}" name="delivery_option_id">${options}</select></p>
<p>Per unit: ${money("seller_discount_per_unit", "seller discount")} ${money("platform_discount_per_unit", "platform discount")}
Shipping: ${money("shipping_fee_seller_discount", "seller discount")} ${money("shipping_fee_platform_discount", "platform discount")}</p>
<p><label><input type="checkbox" name="shipping_type" value="TIKTOK"> TikTok Shipping (TikTok issues the label)</label></p>
<p><label><input type="checkbox" name="pay" value="1" checked> Pay now</label> <button type="submit">Place order</button></p></form></details>`;
}

function sellerCancelForm(world: World, o: OrderState): string {
  const reasons = Object.entries(sellerCancelReasons(world, o));
  if (reasons.length === 0) return "";
  const options = reasons.map(([key, text]) => `<option value="${key}">${esc(text)}</option>`).join("");
  return `<form method="post" action="/_sandbox/ui/action" style="display:inline">${hidden({ action: "seller-cancel", order_id: o.id })}<select name="reason" aria-label="Seller cancel reason for ${o.id}">${options}</select><button type="submit">Seller cancels</button></form>`;
}

/** Refund or return of chosen units (each line item is one unit). */
function afterSaleForm(o: OrderState): string {
  if (!AFTER_SALE_STATUSES.has(o.status)) return "";
  const eligible = o.lines.filter((l) => !l.cancelled && !l.afterSale);
  if (eligible.length === 0) return "";
  const units = eligible.map((l, i) => `<label><input type="checkbox" name="line_item_id" value="${l.id}"> ${esc(l.sellerSku)} #${i + 1}</label>`).join(" ");
  const type = o.status === "AWAITING_SHIPMENT" ? `<input type="hidden" name="type" value="REFUND">` : `<select name="type" aria-label="Request type for ${o.id}"><option value="REFUND">Refund only</option><option value="RETURN_AND_REFUND">Return and refund</option></select>`;
  return `<details style="display:inline-block"><summary>Buyer asks refund/return</summary><form method="post" action="/_sandbox/ui/action">${hidden({ action: "return-request", order_id: o.id })}${units} ${type} <button type="submit">Request</button></form></details>`;
}

export function renderOperatorPage(world: World): SandboxResponse {
  const { state } = world;
  const shopForms = [...state.shops.values()].map((shop) => orderForm(shop, world)).join("\n");
  const orders = [...state.orders.values()]
    .sort((a, b) => b.createTime - a.createTime || (a.id < b.id ? 1 : -1))
    .slice(0, 50)
    .map((o) => {
      const shop = state.shops.get(o.shopId);
      const counts = new Map<string, number>();
      for (const l of o.lines) if (!l.cancelled) counts.set(l.sellerSku, (counts.get(l.sellerSku) ?? 0) + 1);
      const items = [...counts].map(([sku, n]) => `${n}× ${esc(sku)}`).join(", ");
      const cancelled = o.lines.filter((l) => l.cancelled).length;
      const actions = [...(NEXT_ACTIONS[o.status] ?? []).map(([a, label]) => button(a, label, { order_id: o.id })), sellerCancelForm(world, o), afterSaleForm(o)].filter(Boolean).join(" ");
      const buyer = `${o.address.firstName} ${o.address.lastName}, ${o.address.state}`;
      return `<tr><td><code>${o.id}</code></td><td>${esc(shop?.name ?? "")}</td><td>${esc(buyer)}</td><td>${o.status}${o.isBuyerRequestCancel ? " (cancel requested)" : ""}</td><td>${items}${cancelled ? ` (${cancelled} cancelled)` : ""}</td><td>${actions}</td></tr>`;
    })
    .join("");
  const pendingCancels = [...state.cancellations.values()]
    .filter((c) => c.status === "CANCELLATION_REQUEST_PENDING")
    .map((c) => `<li>Cancellation <code>${c.id}</code> for order <code>${c.orderId}</code> ${button("cancel:approve", "Approve", { cancel_id: c.id })} ${button("cancel:reject", "Reject", { cancel_id: c.id })} ${button("cancel:withdraw", "Buyer withdraws", { cancel_id: c.id })}</li>`)
    .join("");
  const openReturns = [...state.returns.values()]
    .filter((r) => !/COMPLETE|CANCEL|REJECT/.test(r.status))
    .map((r) => `<li>${r.type} <code>${r.id}</code> for order <code>${r.orderId}</code> (${r.lineIds.length} unit(s)): ${r.status} ${button("return:RETURN_OR_REFUND_REQUEST_COMPLETE", "Refund completed", { return_id: r.id })} ${button("return:RETURN_OR_REFUND_REQUEST_CANCEL", "Buyer cancels", { return_id: r.id })}</li>`)
    .join("");
  return html(
    200,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>TikTok Shop sandbox — operator</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}details{margin:.5rem 0}</style></head><body>
<h1>TikTok Shop sandbox — operator</h1>
<p>JSON API: <a href="/_sandbox">/_sandbox</a>. ${button("reset", "Reset sandbox", {})}</p>
<h2>Buyer</h2>${shopForms}
<h2>Orders (latest 50)</h2><table><tr><th>Order</th><th>Shop</th><th>Buyer</th><th>Status</th><th>Items</th><th>Actions</th></tr>${orders}</table>
<h2>Pending cancellation requests</h2><ul>${pendingCancels || "<li>None</li>"}</ul>
<h2>Open returns</h2><ul>${openReturns || "<li>None</li>"}</ul>
</body></html>`,
  );
}

const optional = (form: URLSearchParams, name: string) => form.get(name) || undefined;

export function submitOperatorPage(world: World, reset: () => void, req: RawRequest): SandboxResponse {
  const form = new URLSearchParams(req.rawBody.toString("utf8"));
  const { state } = world;
  const back = redirect("/_sandbox/ui");
  try {
    if (req.url.pathname === "/_sandbox/ui/orders") {
      const items = [...form.entries()].filter(([k, v]) => k.startsWith("qty:") && Number(v) > 0).map(([k, v]) => ({ skuId: k.slice(4), quantity: Number(v) }));
      const order = placeOrder(world, {
        shopId: form.get("shop_id") ?? "",
        items,
        deliveryOptionId: optional(form, "delivery_option_id"),
        buyerIndex: form.get("buyer_index") ? Number(form.get("buyer_index")) : undefined,
        sellerDiscountPerUnit: optional(form, "seller_discount_per_unit"),
        platformDiscountPerUnit: optional(form, "platform_discount_per_unit"),
        shippingFeeSellerDiscount: optional(form, "shipping_fee_seller_discount"),
        shippingFeePlatformDiscount: optional(form, "shipping_fee_platform_discount"),
        shippingType: form.get("shipping_type") === "TIKTOK" ? "TIKTOK" : undefined,
      });
      if (form.get("pay")) payOrder(world, order);
      return back;
    }
    const action = form.get("action") ?? "";
    if (action === "reset") {
      reset();
      return back;
    }
    if (action.startsWith("cancel:")) {
      const c = state.cancellations.get(form.get("cancel_id") ?? "");
      if (c) resolveCancellation(world, c, action.slice(7) as "approve" | "reject" | "withdraw");
      return back;
    }
    if (action.startsWith("return:")) {
      const r = state.returns.get(form.get("return_id") ?? "");
      if (r) setReturnStatus(world, r, action.slice(7));
      return back;
    }
    const order = state.orders.get(form.get("order_id") ?? "");
    if (!order) return back;
    if (action === "pay") payOrder(world, order);
    else if (action === "release-hold") releaseHold(world, order);
    else if (action === "buyer-cancel") buyerCancel(world, order);
    else if (action === "seller-cancel") sellerCancel(world, order, { reason: form.get("reason") ?? "" });
    else if (action === "return-request") {
      const lineIds = form.getAll("line_item_id");
      if (lineIds.length === 0) throw new ApiError(0, "Choose at least one unit to refund or return.", 400);
      openReturn(world, order, { type: form.get("type") === "RETURN_AND_REFUND" ? "RETURN_AND_REFUND" : "REFUND", lineIds });
    } else if (action === "refund") openReturn(world, order, { type: "REFUND" });
    else if (action === "return") openReturn(world, order, { type: "RETURN_AND_REFUND" });
    else if (action.startsWith("advance:")) advanceOrder(world, order, action.slice(8) as OrderStatusValue);
    return back;
  } catch (err) {
    if (err instanceof ApiError) return html(400, `<!doctype html><p role="alert">${esc(err.message)}</p><p><a href="/_sandbox/ui">Back</a></p>`);
    throw err;
  }
}
