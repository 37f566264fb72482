import type { InventorySummary, SalesOrder, Shipment, StockItem } from "./api-types";
import type { SalesOrderInput } from "./client";

/** What the hub knows about a channel order when it pushes it to Acumatica. */
export interface HubOrderForErp {
  /** TikTok order id: the idempotency key (ExternalRef) and the Customer Order Nbr. */
  channelOrderId: string;
  placedAt: Date;
  shippingOptionId: string | null;
  currency: string;
  shippingFee: number;
  recipient: { name: string; phone?: string | null; email?: string | null; line1: string; line2?: string | null; city: string; state: string; postalCode: string; country: string } | null;
  lines: Array<{ sku: string; quantity: number; unitPrice: number; discount: number }>;
}

export interface ErpOrderSettings {
  customerId: string;
  orderType: string;
  paymentMethod: string;
  /** TikTok shipping option → Acumatica ShipVia code. */
  shipViaByOption: Record<string, string>;
  defaultShipVia?: string;
  warehouseId?: string;
  /** Hub SKU → Acumatica InventoryID when they differ (Channel SKU). */
  skuMap?: Record<string, string>;
}

/** Builds the SalesOrder body for a channel order. Ship-to values are only kept by Acumatica with the override flags set. */
export function toSalesOrderInput(order: HubOrderForErp, s: ErpOrderSettings): SalesOrderInput {
  const shipVia = (order.shippingOptionId ? s.shipViaByOption[order.shippingOptionId] : undefined) ?? s.defaultShipVia;
  const r = order.recipient;
  return {
    OrderType: s.orderType,
    CustomerID: s.customerId,
    ExternalRef: order.channelOrderId,
    CustomerOrder: order.channelOrderId,
    Description: `TikTok Shop order ${order.channelOrderId}`,
    Date: order.placedAt,
    CurrencyID: order.currency,
    PaymentMethod: s.paymentMethod,
    ShipVia: shipVia,
    Hold: false,
    ...(r
      ? {
          ShipToAddressOverride: true,
          ShipToAddress: { AddressLine1: r.line1, AddressLine2: r.line2 ?? undefined, City: r.city, State: r.state, PostalCode: r.postalCode, Country: r.country },
          ShipToContactOverride: true,
          ShipToContact: { Attention: r.name, BusinessName: r.name, Phone1: r.phone ?? undefined, Email: r.email ?? undefined },
        }
      : {}),
    Totals: { OverrideFreightAmount: true, Freight: order.shippingFee },
    Details: order.lines.map((l) => ({
      InventoryID: s.skuMap?.[l.sku] ?? l.sku,
      WarehouseID: s.warehouseId,
      OrderQty: l.quantity,
      UnitPrice: l.unitPrice,
      ManualPrice: true,
      DiscountAmount: l.discount,
    })),
  };
}

export interface HubProductFromErp {
  sku: string;
  name: string;
  price: number | null;
  active: boolean;
  /** Matrix template the item is a variant of. */
  parentSku: string | null;
  barcode: string | null;
  weight: number | null;
  weightUnit: string | null;
  attributes: Record<string, string>;
  modifiedAt: string | null;
}

export function toHubProduct(item: StockItem): HubProductFromErp {
  const attributes: Record<string, string> = {};
  for (const a of item.Attributes ?? []) if (a.AttributeID && a.Value !== null) attributes[a.AttributeID] = a.Value;
  return {
    sku: item.InventoryID ?? "",
    name: item.Description ?? item.InventoryID ?? "",
    price: item.DefaultPrice,
    active: item.ItemStatus === "Active",
    parentSku: item.TemplateItemID || null,
    barcode: item.CrossReferences?.find((c) => c.AlternateType === "Barcode")?.AlternateID ?? null,
    weight: item.DimensionWeight,
    weightUnit: item.WeightUOM,
    attributes,
    modifiedAt: item.LastModifiedDateTime,
  };
}

export interface HubFulfillmentFromErp {
  shipmentNbr: string;
  status: string;
  confirmed: boolean;
  shippedAt: string | null;
  shipVia: string | null;
  trackingNumbers: string[];
  lines: Array<{ orderType: string; orderNbr: string; sku: string; quantity: number }>;
}

export function toHubFulfillment(s: Shipment): HubFulfillmentFromErp {
  return {
    shipmentNbr: s.ShipmentNbr ?? "",
    status: s.Status ?? "",
    confirmed: s.Status === "Confirmed" || s.Status === "Completed" || s.Status === "Invoiced",
    shippedAt: s.ShipmentDate,
    shipVia: s.ShipVia,
    trackingNumbers: (s.Packages ?? []).map((p) => p.TrackingNbr).filter((t): t is string => !!t),
    lines: (s.Details ?? []).map((d) => ({ orderType: d.OrderType ?? "", orderNbr: d.OrderNbr ?? "", sku: d.InventoryID ?? "", quantity: d.ShippedQty ?? 0 })),
  };
}

/** Available quantity per warehouse from an Inventory Summary. */
export function toWarehouseAvailability(summary: InventorySummary): Array<{ warehouseId: string; onHand: number; available: number }> {
  const byWarehouse = new Map<string, { onHand: number; available: number }>();
  for (const r of summary.Results ?? []) {
    const key = r.WarehouseID ?? "";
    const cur = byWarehouse.get(key) ?? { onHand: 0, available: 0 };
    cur.onHand += r.QtyOnHand ?? 0;
    cur.available += r.QtyAvailableForShipment ?? r.QtyAvailable ?? 0;
    byWarehouse.set(key, cur);
  }
  return [...byWarehouse].map(([warehouseId, v]) => ({ warehouseId, ...v }));
}

/** Short order label for logs and screens: "SO SO000042". */
export const describeOrder = (o: Pick<SalesOrder, "OrderType" | "OrderNbr">) => `${o.OrderType ?? "?"} ${o.OrderNbr ?? "?"}`;
