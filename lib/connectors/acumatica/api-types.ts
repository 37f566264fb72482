import { z } from "zod";

/**
 * zod schemas for the Acumatica payloads the sync reads (Default/24.200.001 names).
 * They accept the wrapped CV4 JSON and output plain values: `{"value": "SO"}` → "SO",
 * `{}` or a missing field → null; nested entities are optional because they are only
 * present when `$expand`ed.
 */
const wrapped = <T extends z.ZodType>(inner: T) =>
  z
    .object({ value: inner.nullish(), error: z.string().optional() })
    .optional()
    .transform((w) => w?.value ?? null);

const str = wrapped(z.string());
const num = wrapped(z.number());
const bool = wrapped(z.boolean());
/** ISO date-time with offset, as sent by the instance. */
const date = wrapped(z.string());

const base = {
  id: z.string(),
  rowNumber: z.number().optional(),
  note: z
    .object({ value: z.string().nullish() })
    .optional()
    .transform((n) => n?.value ?? null),
};
const line = { id: z.string().optional(), rowNumber: z.number().optional() };

export const tokenResponseSchema = z.object({
  access_token: z.string().optional(),
  token_type: z.string().optional(),
  expires_in: z.number().optional(),
  scope: z.string().optional(),
  refresh_token: z.string().optional(),
  id_token: z.string().optional(),
});

export const endpointListSchema = z.object({
  version: z.object({ acumaticaBuildVersion: z.string().optional(), databaseVersion: z.string().optional() }).optional(),
  endpoints: z.array(z.object({ name: z.string(), version: z.string(), href: z.string().optional() })),
});
export type EndpointList = z.output<typeof endpointListSchema>;

export const httpErrorSchema = z.object({
  message: z.string().optional(),
  exceptionMessage: z.string().optional(),
  exceptionType: z.string().optional(),
});

export const addressSchema = z.object({
  ...line,
  AddressLine1: str,
  AddressLine2: str,
  City: str,
  State: str,
  PostalCode: str,
  Country: str,
});

export const docContactSchema = z.object({ ...line, Attention: str, BusinessName: str, Email: str, Phone1: str });

export const salesOrderLineSchema = z.object({
  ...line,
  LineNbr: num,
  InventoryID: str,
  LineDescription: str,
  OrderQty: num,
  OpenQty: num,
  QtyOnShipments: num,
  UOM: str,
  UnitPrice: num,
  DiscountAmount: num,
  ExtendedPrice: num,
  Amount: num,
  WarehouseID: str,
  Operation: str,
  Completed: bool,
  ExternalRef: str,
});

export const salesOrderPaymentSchema = z.object({
  ...line,
  PaymentMethod: str,
  PaymentAmount: num,
  AppliedToOrder: num,
  DocType: str,
  ReferenceNbr: str,
  PaymentRef: str,
  Status: str,
});

/** A tax line of an order (TaxDetail); present with `$expand=TaxDetails`. */
export const salesOrderTaxSchema = z.object({ ...line, TaxID: str, TaxType: str, TaxRate: num, TaxableAmount: num, TaxAmount: num });

export const salesOrderShipmentSchema = z.object({ ...line, ShipmentNbr: str, ShipmentType: str, ShipmentDate: date, ShippedQty: num, Status: str });

export const salesOrderSchema = z.object({
  ...base,
  OrderType: str,
  OrderNbr: str,
  Status: str,
  Hold: bool,
  CustomerID: str,
  LocationID: str,
  CustomerOrder: str,
  ExternalRef: str,
  Description: str,
  Date: date,
  RequestedOn: date,
  CurrencyID: str,
  ShipVia: str,
  PaymentMethod: str,
  PreferredWarehouseID: str,
  OrderTotal: num,
  OrderedQty: num,
  TaxTotal: num,
  IsTaxValid: bool,
  DisableAutomaticTaxCalculation: bool,
  ShipToAddressOverride: bool,
  ShipToContactOverride: bool,
  LastModified: date,
  CreatedDate: date,
  Details: z.array(salesOrderLineSchema).optional(),
  Payments: z.array(salesOrderPaymentSchema).optional(),
  Shipments: z.array(salesOrderShipmentSchema).optional(),
  TaxDetails: z.array(salesOrderTaxSchema).optional(),
  /** Tax zone and, on returns, the original order; present with `$expand=FinancialSettings`. */
  FinancialSettings: z.object({ ...line, OverrideTaxZone: bool, CustomerTaxZone: str, OriginalOrderType: str, OriginalOrderNbr: str }).optional(),
  ShipToAddress: addressSchema.optional(),
  ShipToContact: docContactSchema.optional(),
  Totals: z
    .object({ ...line, LineTotalAmount: num, DiscountTotal: num, Freight: num, TaxTotal: num, UnpaidBalance: num, OverrideFreightAmount: bool })
    .optional(),
});
export type SalesOrder = z.output<typeof salesOrderSchema>;

export const taxSchema = z.object({ ...base, TaxID: str, Description: str, TaxType: str });
export type Tax = z.output<typeof taxSchema>;
export const taxZoneSchema = z.object({ ...base, TaxZoneID: str, Description: str });
export type TaxZone = z.output<typeof taxZoneSchema>;

export const customerSchema = z.object({
  ...base,
  CustomerID: str,
  CustomerName: str,
  CustomerClass: str,
  Status: str,
  Email: str,
  ShipVia: str,
  CurrencyID: str,
  LastModifiedDateTime: date,
  MainContact: z.object({ ...line, Email: str, Phone1: str, Address: addressSchema.optional() }).optional(),
});
export type Customer = z.output<typeof customerSchema>;

export const stockItemSchema = z.object({
  ...base,
  InventoryID: str,
  Description: str,
  ItemStatus: str,
  ItemClass: str,
  ItemType: str,
  BaseUOM: str,
  SalesUOM: str,
  DefaultPrice: num,
  MSRP: num,
  DefaultWarehouseID: str,
  DimensionWeight: num,
  WeightUOM: str,
  TemplateItemID: str,
  ImageUrl: str,
  /** On every endpoint version; `LastModifiedDateTime` only from Default/24.200.001. */
  LastModified: date,
  LastModifiedDateTime: date,
  WarehouseDetails: z.array(z.object({ ...line, WarehouseID: str, QtyOnHand: num, IsDefault: bool, Status: str })).optional(),
  CrossReferences: z.array(z.object({ ...line, AlternateID: str, AlternateType: str, Description: str, UOM: str })).optional(),
  Attributes: z.array(z.object({ ...line, AttributeID: str, Value: str })).optional(),
});
export type StockItem = z.output<typeof stockItemSchema>;

/** A matrix template (Template Items, IN203000): the parent of the stock items whose `TemplateItemID` names it. */
export const templateItemSchema = z.object({
  ...base,
  InventoryID: str,
  Description: str,
  ItemStatus: str,
  ItemClass: str,
  DefaultPrice: num,
  DimensionWeight: num,
  WeightUOM: str,
  LastModified: date,
  LastModifiedDateTime: date,
  Attributes: z.array(z.object({ ...line, AttributeID: str, Value: str })).optional(),
  Matrix: z.array(z.object({ ...line, InventoryID: str, Description: str, ItemStatus: str, DefaultPrice: num })).optional(),
});
export type TemplateItem = z.output<typeof templateItemSchema>;

export const warehouseSchema = z.object({
  ...base,
  WarehouseID: str,
  Description: str,
  Active: bool,
  LastModifiedDateTime: date,
  Locations: z.array(z.object({ ...line, LocationID: str, Description: str, Active: bool })).optional(),
});
export type Warehouse = z.output<typeof warehouseSchema>;

export const shipViaSchema = z.object({ ...base, CarrierID: str, Description: str, CalculationMethod: str, CommonCarrier: bool });
export type ShipVia = z.output<typeof shipViaSchema>;

export const paymentMethodSchema = z.object({ ...base, PaymentMethodID: str, Description: str, Active: bool, MeansOfPayment: str, UseInAR: bool });
export type PaymentMethod = z.output<typeof paymentMethodSchema>;

export const shipmentSchema = z.object({
  ...base,
  ShipmentNbr: str,
  Type: str,
  Operation: str,
  Status: str,
  Hold: bool,
  CustomerID: str,
  WarehouseID: str,
  ShipmentDate: date,
  ShipVia: str,
  ShippedQty: num,
  ShippedWeight: num,
  PackageCount: num,
  LastModifiedDateTime: date,
  Details: z
    .array(z.object({ ...line, LineNbr: num, OrderType: str, OrderNbr: str, OrderLineNbr: num, InventoryID: str, ShippedQty: num, OrderedQty: num, UOM: str, WarehouseID: str }))
    .optional(),
  Packages: z
    .array(
      z.object({
        ...line,
        LineNbr: num,
        BoxID: str,
        Type: str,
        TrackingNbr: str,
        Weight: num,
        UOM: str,
        Confirmed: bool,
        PackageContents: z.array(z.object({ ...line, InventoryID: str, Quantity: num, OrigOrderType: str, OrigOrderNbr: str })).optional(),
      }),
    )
    .optional(),
  Orders: z.array(z.object({ ...line, OrderType: str, OrderNbr: str, ShipmentNbr: str, ShippedQty: num })).optional(),
});
export type Shipment = z.output<typeof shipmentSchema>;

export const inventorySummarySchema = z.object({
  ...base,
  InventoryID: str,
  WarehouseID: str,
  Results: z
    .array(z.object({ ...line, WarehouseID: str, LocationID: str, QtyOnHand: num, QtyAvailable: num, QtyAvailableForShipment: num, QtyNotAvailable: num, BaseUOM: str }))
    .optional(),
});
export type InventorySummary = z.output<typeof inventorySummarySchema>;

export const inventoryQuantityAvailableSchema = z.object({
  ...base,
  Results: z.array(z.object({ ...line, InventoryID: str, QtyAvailable: num, LastModifiedDateTime: date })).optional(),
});
export type InventoryQuantityAvailable = z.output<typeof inventoryQuantityAvailableSchema>;

export const inventoryAdjustmentSchema = z.object({
  ...base,
  ReferenceNbr: str,
  Status: str,
  Hold: bool,
  Date: date,
  Description: str,
  ExternalRef: str,
  TotalQty: num,
  LastModifiedDateTime: date,
  Details: z.array(z.object({ ...line, InventoryID: str, WarehouseID: str, LocationID: str, Qty: num, UOM: str, ReasonCode: str })).optional(),
});
export type InventoryAdjustment = z.output<typeof inventoryAdjustmentSchema>;
