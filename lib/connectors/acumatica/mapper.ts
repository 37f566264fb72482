import type { InventorySummary, SalesOrder, Shipment, StockItem, TemplateItem } from "./api-types";
import { addMoney, fromUnits, moneyToNumber, mulMoney, subMoney, toUnits } from "@/lib/orders/money";
import type { HubOrder, HubRefund } from "@/lib/orders/types";
import type { SalesOrderInput } from "./client";

/** How one hub order becomes an Acumatica sales order: everything the engine resolved from settings and lookups. */
export interface SalesOrderTarget {
  orderType: string;
  customerId: string;
  paymentMethod: string;
  shipVia: string | null;
  warehouseId: string | null;
  /** Acumatica InventoryID per hub line number (Channel SKU or master SKU, spelled as Acumatica does). */
  inventoryIds: Record<number, string>;
  tax: { taxZoneId: string; salesTaxId: string; retailDeliveryFeeTaxId: string };
  /** Idempotency key sent as ExternalRef (the channel order id). */
  externalRef: string;
}

export interface SalesOrderTotals {
  lines: string;
  freight: string;
  tax: string;
  total: string;
}

/** The sales order total the payload below makes Acumatica compute: lines after discounts + freight + tax lines. */
export function salesOrderTotals(order: HubOrder): SalesOrderTotals {
  const lines = addMoney(...order.lines.map((l) => subMoney(mulMoney(l.unitPrice, l.quantity), addMoney(l.sellerDiscount, l.platformDiscount))));
  const tax = addMoney(order.amounts.tax, order.amounts.retailDeliveryFee);
  return { lines, freight: order.amounts.shippingFee, tax, total: addMoney(lines, order.amounts.shippingFee, tax) };
}

/**
 * The SalesOrder body for a hub order. Lines carry the unit price before
 * discounts and the seller + platform discounts as a manual line discount
 * (the buyer paid the discounted price; TikTok reimburses its platform share in
 * the settlement); freight is overridden with the shipping the buyer paid;
 * taxes and fees use Acumatica's tax override (IsTaxValid + TaxDetails under
 * an overridden tax zone: sales tax, and the retail delivery fee as its own
 * tax line), so the order total equals TikTok's. Ship-to values are only kept
 * by Acumatica with the override flags set.
 */
export function toSalesOrderInput(order: HubOrder, t: SalesOrderTarget): SalesOrderInput {
  const r = order.shipTo;
  const taxLines = [
    { TaxID: t.tax.salesTaxId, TaxableAmount: moneyToNumber(addMoney(order.amounts.subtotal, order.amounts.shippingFee)), TaxAmount: moneyToNumber(order.amounts.tax) },
    { TaxID: t.tax.retailDeliveryFeeTaxId, TaxAmount: moneyToNumber(order.amounts.retailDeliveryFee) },
  ].filter((l) => l.TaxAmount !== 0);
  return {
    OrderType: t.orderType,
    CustomerID: t.customerId,
    ExternalRef: t.externalRef,
    CustomerOrder: order.externalId,
    Description: `TikTok Shop order ${order.externalId}`,
    Date: new Date(order.createdAt),
    CurrencyID: order.currency,
    PaymentMethod: t.paymentMethod,
    ...(t.shipVia ? { ShipVia: t.shipVia } : {}),
    Hold: false,
    ...(r
      ? {
          ShipToAddressOverride: true,
          ShipToAddress: { AddressLine1: r.line1, AddressLine2: r.line2 ?? undefined, City: r.city, State: r.state || undefined, PostalCode: r.postalCode, Country: r.country },
          ShipToContactOverride: true,
          ShipToContact: { Attention: r.name, BusinessName: r.name, Phone1: r.phone ?? undefined },
        }
      : {}),
    Totals: { OverrideFreightAmount: true, Freight: moneyToNumber(order.amounts.shippingFee) },
    IsTaxValid: true,
    FinancialSettings: { OverrideTaxZone: true, CustomerTaxZone: t.tax.taxZoneId },
    TaxDetails: taxLines,
    Details: order.lines
      .filter((l) => l.quantity > 0)
      .map((l) => ({
        InventoryID: t.inventoryIds[l.lineNo] ?? l.sku,
        ...(t.warehouseId ? { WarehouseID: t.warehouseId } : {}),
        LineDescription: [l.productName, l.variantName].filter(Boolean).join(" – ").slice(0, 255) || undefined,
        OrderQty: l.quantity,
        UnitPrice: moneyToNumber(l.unitPrice),
        ManualPrice: true,
        DiscountAmount: moneyToNumber(addMoney(l.sellerDiscount, l.platformDiscount)),
        ManualDiscount: true,
      })),
  };
}

/** A return order (RC-like) for refunded lines of an order already in Acumatica. */
export function toReturnOrderInput(
  refund: HubRefund,
  order: HubOrder,
  t: Omit<SalesOrderTarget, "shipVia" | "tax" | "inventoryIds"> & { inventoryIds: Record<string, string>; original: { orderType: string; orderNbr: string } },
): SalesOrderInput {
  return {
    OrderType: t.orderType,
    CustomerID: t.customerId,
    ExternalRef: t.externalRef,
    CustomerOrder: order.externalId,
    Description: `TikTok Shop ${refund.kind} ${refund.externalId} of order ${order.externalId}`,
    Date: new Date(refund.updatedAt),
    CurrencyID: refund.currency || order.currency,
    PaymentMethod: t.paymentMethod,
    Hold: false,
    FinancialSettings: { OriginalOrderType: t.original.orderType, OriginalOrderNbr: t.original.orderNbr },
    Details: refund.lines
      .filter((l) => l.quantity > 0)
      .map((l) => ({
        InventoryID: t.inventoryIds[l.sku] ?? l.sku,
        ...(t.warehouseId ? { WarehouseID: t.warehouseId } : {}),
        OrderQty: l.quantity,
        // The refunded amount per unit, as TikTok paid it back.
        UnitPrice: moneyToNumber(fromUnits(Math.round(toUnits(l.amount) / l.quantity))),
        ManualPrice: true,
      })),
  };
}

export interface HubProductFromErp {
  sku: string;
  name: string;
  price: number | null;
  /** Sellable: an item Acumatica marks No Sales, Inactive or Marked for Deletion cannot go on a sales order. */
  active: boolean;
  /** Acumatica's ItemStatus label (Active, No Sales, Inactive, …). */
  status: string;
  /** A matrix template (its variants name it as their parent). */
  isTemplate: boolean;
  /** Matrix template the item is a variant of. */
  parentSku: string | null;
  barcode: string | null;
  weight: number | null;
  weightUnit: string | null;
  attributes: Record<string, string>;
  modifiedAt: string | null;
}

/** ItemStatus labels under which an item can be sold (No Purchases and No Request only stop buying or requesting it). */
const SELLABLE_STATUSES = new Set(["Active", "No Purchases", "No Request"]);

function attributesOf(item: { Attributes?: Array<{ AttributeID: string | null; Value: string | null }> }): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const a of item.Attributes ?? []) if (a.AttributeID && a.Value !== null) attributes[a.AttributeID] = a.Value;
  return attributes;
}

export function toHubProduct(item: StockItem): HubProductFromErp {
  return {
    sku: item.InventoryID ?? "",
    name: item.Description ?? item.InventoryID ?? "",
    price: item.DefaultPrice,
    active: SELLABLE_STATUSES.has(item.ItemStatus ?? ""),
    status: item.ItemStatus ?? "",
    isTemplate: false,
    parentSku: item.TemplateItemID || null,
    barcode: item.CrossReferences?.find((c) => c.AlternateType === "Barcode")?.AlternateID ?? null,
    weight: item.DimensionWeight,
    weightUnit: item.WeightUOM,
    attributes: attributesOf(item),
    modifiedAt: item.LastModifiedDateTime ?? item.LastModified,
  };
}

export function templateToHubProduct(item: TemplateItem): HubProductFromErp {
  return {
    sku: item.InventoryID ?? "",
    name: item.Description ?? item.InventoryID ?? "",
    price: item.DefaultPrice,
    active: SELLABLE_STATUSES.has(item.ItemStatus ?? ""),
    status: item.ItemStatus ?? "",
    isTemplate: true,
    parentSku: null,
    barcode: null,
    weight: item.DimensionWeight,
    weightUnit: item.WeightUOM,
    attributes: attributesOf(item),
    modifiedAt: item.LastModifiedDateTime ?? item.LastModified,
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
