import type { OrderSettings } from "@/lib/order-settings/schemas";
import type { Problem } from "@/lib/sync/exceptions/causes";
import type { HubOrder } from "@/lib/orders/types";
import type { OrderStatus } from "@/lib/db/schema";

/**
 * Why an order is or is not pushed to Acumatica, decided in one place for the
 * engine, the order screens ("Why isn't this order in Acumatica?"), the
 * preview and the test order. Pure: settings and the order in, reasons out.
 */
export interface Hold {
  /** Machine code for filters and tests. */
  code: "push_off" | "source_excluded" | "unpaid" | "on_hold" | "canceled" | "already_shipped" | "fulfilled_by_tiktok" | "buyer_cancel_pending" | "refunded";
  /** What a merchant reads. */
  message: string;
}

export interface GateInput {
  order: Pick<HubOrder, "channelStatus" | "fulfillmentType" | "flags"> & { status: OrderStatus };
  connectionId: string | null;
  settings: OrderSettings;
  /** A "Send as test order" push ignores the toggle and the source scope (the setup guide's test before full sync). */
  test?: boolean;
}

/** Reasons to leave the order alone for now; an empty list means it should be in Acumatica. No exception is raised for these. */
export function holdsOf({ order, connectionId, settings, test }: GateInput): Hold[] {
  const holds: Hold[] = [];
  const sync = settings.sync;
  if (!test && !sync.pushOrders) holds.push({ code: "push_off", message: "Push orders to Acumatica is off (Connectors → Acumatica → Sync settings)." });
  if (!test && sync.limitToSources && (!connectionId || !sync.sources.includes(connectionId))) {
    holds.push({ code: "source_excluded", message: "Push orders to Acumatica only for specific order sources excludes this TikTok shop." });
  }
  switch (order.channelStatus) {
    case "UNPAID":
      holds.push({ code: "unpaid", message: "The buyer has not paid yet: unpaid orders are not pushed." });
      break;
    case "ON_HOLD":
      holds.push({ code: "on_hold", message: "On hold on TikTok Shop (the buyer's cancellation window, about an hour after payment): pushed once TikTok releases it." });
      break;
    case "CANCELLED":
      holds.push({ code: "canceled", message: "Canceled on TikTok Shop." });
      break;
    case "AWAITING_SHIPMENT":
      break;
    default:
      holds.push({ code: "already_shipped", message: `Already ${order.channelStatus.replace(/_/g, " ").toLowerCase()} on TikTok Shop: only orders awaiting shipment are sent to Acumatica for fulfillment.` });
  }
  if (order.status === "refunded") holds.push({ code: "refunded", message: "Fully refunded on TikTok Shop." });
  if (order.fulfillmentType === "FULFILLMENT_BY_TIKTOK") holds.push({ code: "fulfilled_by_tiktok", message: "Fulfilled by TikTok (FBT): TikTok ships it, so it is not sent to Acumatica." });
  if (order.flags.buyerRequestedCancel) holds.push({ code: "buyer_cancel_pending", message: "The buyer asked to cancel: waiting until the request is approved or rejected." });
  return holds;
}

/** The Acumatica order type of an order: a `channel:orderType` entry (shop code first, then `tiktok`) when that option is on, else the default. */
export function orderTypeFor(settings: OrderSettings, shopCode: string | null): string {
  const t = settings.orderTypes;
  if (t.useChannelOrderTypes) {
    const entries = new Map(t.entries.map((e) => [e.split(":")[0]!.toLowerCase(), e.split(":")[1]!.toUpperCase()]));
    const byShop = shopCode ? entries.get(shopCode.toLowerCase()) : undefined;
    const found = byShop ?? entries.get("tiktok");
    if (found) return found;
  }
  return t.defaultOrderType;
}

/** Problems the settings alone reveal (no Acumatica call): each becomes an exception naming its fix. */
export function settingsProblemsOf(order: HubOrder, settings: OrderSettings): Problem[] {
  const problems: Problem[] = [];
  if (!settings.customer.genericCustomerId) {
    problems.push({ cause: "generic_customer_missing", message: "No Generic Customer Id is set: every TikTok Shop order needs the Acumatica customer it is booked to (Step 4)." });
  }
  if (order.shippingOption && !settings.mapping.shipVia[order.shippingOption.id]) {
    problems.push({
      cause: "shipping_option_unmapped",
      subject: order.shippingOption.id,
      message: `TikTok shipping option '${order.shippingOption.name}' has no Acumatica ship via — map it in Orders to Acumatica.`,
    });
  }
  if (!settings.mapping.paymentMethod) {
    problems.push({ cause: "payment_method_unmapped", message: "No Acumatica payment method is mapped for TikTok Shop orders (e.g. TTS) — map it in Orders to Acumatica." });
  }
  if (order.amounts.otherFees !== "0.00" && order.amounts.otherFees !== "0") {
    problems.push({
      cause: "totals_mismatch",
      subject: "fees",
      message: `TikTok charged ${order.amounts.otherFees} ${order.currency} in fees OrderBridge cannot place on the sales order, so its total would differ from TikTok's ${order.amounts.total}.`,
    });
  }
  return problems;
}
