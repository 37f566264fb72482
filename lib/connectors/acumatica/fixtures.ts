/**
 * Seed data of the Acumatica sandbox: one small US company selling merchandise
 * on TikTok Shop. Plain (unwrapped) field values under the contract's field names.
 */
export const GENERIC_TIKTOK_CUSTOMER = "TIKTOK";
export const TIKTOK_PAYMENT_METHOD = "TTS";

export interface WarehouseFixture {
  WarehouseID: string;
  Description: string;
  Active: boolean;
  Locations: Array<{ LocationID: string; Description: string; Active: boolean; SalesAllowed: boolean; ReceiptsAllowed: boolean }>;
}

export const WAREHOUSES: WarehouseFixture[] = [
  {
    WarehouseID: "WHOLESALE",
    Description: "Main warehouse (Portland, OR)",
    Active: true,
    Locations: [
      { LocationID: "MAIN", Description: "Main pick area", Active: true, SalesAllowed: true, ReceiptsAllowed: true },
      { LocationID: "RECEIVING", Description: "Receiving dock", Active: true, SalesAllowed: false, ReceiptsAllowed: true },
    ],
  },
  {
    WarehouseID: "EAST",
    Description: "East coast 3PL (Newark, NJ)",
    Active: true,
    Locations: [{ LocationID: "MAIN", Description: "Main", Active: true, SalesAllowed: true, ReceiptsAllowed: true }],
  },
  {
    WarehouseID: "RETAIL",
    Description: "Retail store back room",
    Active: true,
    Locations: [{ LocationID: "MAIN", Description: "Main", Active: true, SalesAllowed: true, ReceiptsAllowed: true }],
  },
];

export const SHIP_VIAS = [
  { CarrierID: "UPSGROUND", Description: "UPS Ground", CalculationMethod: "Manual", CommonCarrier: true },
  { CarrierID: "FEDEX2DAY", Description: "FedEx 2Day", CalculationMethod: "Manual", CommonCarrier: true },
  { CarrierID: "USPSPRIORITY", Description: "USPS Priority Mail", CalculationMethod: "Manual", CommonCarrier: true },
  { CarrierID: "DHLEXPRESS", Description: "DHL Express", CalculationMethod: "Manual", CommonCarrier: true },
  { CarrierID: "TTSSHIP", Description: "TikTok Shop shipping (platform label)", CalculationMethod: "Manual", CommonCarrier: true },
  { CarrierID: "LOCAL", Description: "Local delivery", CalculationMethod: "Manual", CommonCarrier: false },
];

export const PAYMENT_METHODS = [
  { PaymentMethodID: TIKTOK_PAYMENT_METHOD, Description: "TikTok Shop settlement", Active: true, MeansOfPayment: "Cash/Check", UseInAR: true, UseInAP: false, UseInPR: false, IntegratedProcessing: false },
  { PaymentMethodID: "CHECK", Description: "Check", Active: true, MeansOfPayment: "Cash/Check", UseInAR: true, UseInAP: true, UseInPR: false, IntegratedProcessing: false },
  { PaymentMethodID: "CASH", Description: "Cash", Active: true, MeansOfPayment: "Cash/Check", UseInAR: true, UseInAP: true, UseInPR: false, IntegratedProcessing: false },
  { PaymentMethodID: "VISAOLD", Description: "Visa (retired)", Active: false, MeansOfPayment: "Credit Card", UseInAR: true, UseInAP: false, UseInPR: false, IntegratedProcessing: false },
];

interface AddressFixture {
  AddressLine1: string;
  City: string;
  State: string;
  PostalCode: string;
  Country: string;
}

export const CUSTOMERS: Array<{ CustomerID: string; CustomerName: string; CustomerClass: string; Status: string; Email: string; ShipVia: string; Address: AddressFixture }> = [
  {
    CustomerID: GENERIC_TIKTOK_CUSTOMER,
    CustomerName: "TikTok Shop customers",
    CustomerClass: "DEFAULT",
    Status: "Active",
    Email: "orders-tiktok@example.com",
    ShipVia: "TTSSHIP",
    Address: { AddressLine1: "100 Channel Way", City: "Portland", State: "OR", PostalCode: "97204", Country: "US" },
  },
  {
    CustomerID: "C000000001",
    CustomerName: "Northwind Boutique",
    CustomerClass: "DEFAULT",
    Status: "Active",
    Email: "buyer@northwind.example",
    ShipVia: "UPSGROUND",
    Address: { AddressLine1: "12 Market St", City: "Seattle", State: "WA", PostalCode: "98101", Country: "US" },
  },
  {
    CustomerID: "C000000002",
    CustomerName: "Lakeside Gifts",
    CustomerClass: "DEFAULT",
    Status: "Active",
    Email: "orders@lakeside.example",
    ShipVia: "FEDEX2DAY",
    Address: { AddressLine1: "8 Shore Rd", City: "Madison", State: "WI", PostalCode: "53703", Country: "US" },
  },
  {
    CustomerID: "C000000003",
    CustomerName: "Old Account (on hold)",
    CustomerClass: "DEFAULT",
    Status: "Hold",
    Email: "legacy@example.com",
    ShipVia: "USPSPRIORITY",
    Address: { AddressLine1: "1 Elm St", City: "Boise", State: "ID", PostalCode: "83702", Country: "US" },
  },
];

export interface StockItemFixture {
  InventoryID: string;
  Description: string;
  ItemClass: string;
  ItemStatus: "Active" | "Inactive" | "No Sales";
  DefaultPrice: number;
  MSRP: number;
  BaseUOM: string;
  DefaultWarehouseID: string;
  DimensionWeight: number;
  WeightUOM: string;
  TemplateItemID?: string;
  Barcode: string;
  /** On-hand quantity per warehouse. */
  Stock: Record<string, number>;
  Attributes?: Record<string, string>;
}

let barcodeSeq = 0;
const barcode = () => `0841234${String(++barcodeSeq).padStart(5, "0")}`;

function item(
  InventoryID: string,
  Description: string,
  ItemClass: string,
  DefaultPrice: number,
  Stock: Record<string, number>,
  extra: Partial<StockItemFixture> = {},
): StockItemFixture {
  return {
    InventoryID,
    Description,
    ItemClass,
    ItemStatus: "Active",
    DefaultPrice,
    MSRP: Math.round(DefaultPrice * 1.25 * 100) / 100,
    BaseUOM: "EA",
    DefaultWarehouseID: "WHOLESALE",
    DimensionWeight: 0.5,
    WeightUOM: "LB",
    Barcode: barcode(),
    Stock,
    ...extra,
  };
}

const COLORS = [
  ["BLK", "Black"],
  ["WHT", "White"],
  ["RED", "Red"],
] as const;
const SIZES = [
  ["S", "Small"],
  ["M", "Medium"],
  ["L", "Large"],
] as const;

/** A matrix family: template TSHIRT with COLOR × SIZE variants. */
const TSHIRT_VARIANTS: StockItemFixture[] = COLORS.flatMap(([c, color], ci) =>
  SIZES.map(([s, size], si) =>
    item(`TSHIRT-${c}-${s}`, `Classic tee, ${color}, ${size}`, "APPAREL", 19.5, { WHOLESALE: 40 + ci * 10 + si * 5, EAST: 12 + si }, {
      TemplateItemID: "TSHIRT",
      DimensionWeight: 0.4,
      Attributes: { COLOR: color, SIZE: size },
    }),
  ),
);

/**
 * Matrix templates (Template Items, IN203000; the `TemplateItems` entity):
 * not stock items themselves — their variants are, each naming its template in
 * `TemplateItemID`.
 */
export interface TemplateItemFixture {
  InventoryID: string;
  Description: string;
  ItemClass: string;
  ItemStatus: "Active" | "Inactive";
  DefaultPrice: number;
  DimensionWeight: number;
  WeightUOM: string;
}

export const TEMPLATE_ITEMS: TemplateItemFixture[] = [{ InventoryID: "TSHIRT", Description: "Classic tee", ItemClass: "APPAREL", ItemStatus: "Active", DefaultPrice: 19.5, DimensionWeight: 0.4, WeightUOM: "LB" }];

export const STOCK_ITEMS: StockItemFixture[] = [
  ...TSHIRT_VARIANTS,
  item("HOODIE-GRY-M", "Zip hoodie, grey, M", "APPAREL", 49, { WHOLESALE: 25, EAST: 8 }),
  item("HOODIE-GRY-L", "Zip hoodie, grey, L", "APPAREL", 49, { WHOLESALE: 18, EAST: 5 }),
  item("CAP-BLK", "Baseball cap, black", "APPAREL", 22, { WHOLESALE: 60, RETAIL: 10 }),
  item("CAP-NVY", "Baseball cap, navy", "APPAREL", 22, { WHOLESALE: 35 }),
  item("SOCKS-3PK", "Crew socks, 3-pack", "APPAREL", 14, { WHOLESALE: 120, EAST: 40 }),
  item("MUG-WHT", "Ceramic mug 11 oz, white", "HOMEGOODS", 12, { WHOLESALE: 150, EAST: 60, RETAIL: 12 }, { DimensionWeight: 0.9 }),
  item("MUG-BLK", "Ceramic mug 11 oz, black", "HOMEGOODS", 12, { WHOLESALE: 80, EAST: 20 }, { DimensionWeight: 0.9 }),
  item("BOTTLE-750", "Steel water bottle 750 ml", "HOMEGOODS", 24, { WHOLESALE: 70, EAST: 30 }),
  item("CANDLE-VAN", "Soy candle, vanilla", "HOMEGOODS", 18, { WHOLESALE: 45 }),
  item("CANDLE-LAV", "Soy candle, lavender", "HOMEGOODS", 18, { WHOLESALE: 0, EAST: 6 }),
  item("BLANKET-FLC", "Fleece blanket", "HOMEGOODS", 39, { WHOLESALE: 22 }, { DimensionWeight: 2.2 }),
  item("PILLOW-SQ", "Square throw pillow", "HOMEGOODS", 29, { WHOLESALE: 16 }),
  item("LAMP-DESK", "LED desk lamp", "HOMEGOODS", 45, { WHOLESALE: 14, EAST: 4 }, { DimensionWeight: 1.8 }),
  item("TOTE-NAT", "Canvas tote, natural", "ACCESSORY", 16, { WHOLESALE: 95, RETAIL: 20 }),
  item("NOTEBOOK-A5", "Dot-grid notebook A5", "STATIONERY", 11, { WHOLESALE: 200 }),
  item("PEN-SET", "Gel pen set (5)", "STATIONERY", 9, { WHOLESALE: 150 }),
  item("STICKER-PK", "Sticker pack (10)", "STATIONERY", 6, { WHOLESALE: 300, EAST: 100 }),
  item("PHONECASE-IP15", "Phone case, iPhone 15", "ELECTRONIC", 25, { WHOLESALE: 55 }),
  item("PHONECASE-S24", "Phone case, Galaxy S24", "ELECTRONIC", 25, { WHOLESALE: 30 }),
  item("CABLE-USBC-1M", "USB-C cable 1 m", "ELECTRONIC", 13, { WHOLESALE: 180, EAST: 75 }),
  item("CHARGER-USB-C", "USB-C wall charger 30 W", "ELECTRONIC", 29, { WHOLESALE: 64 }),
  item("EARBUDS-BT", "Bluetooth earbuds", "ELECTRONIC", 59, { WHOLESALE: 33, EAST: 9 }),
  item("SPEAKER-MINI", "Mini Bluetooth speaker", "ELECTRONIC", 35, { WHOLESALE: 27 }),
  item("YOGA-MAT", "Yoga mat 6 mm", "FITNESS", 32, { WHOLESALE: 20, EAST: 10 }, { DimensionWeight: 2.5 }),
  item("BAND-SET", "Resistance band set", "FITNESS", 21, { WHOLESALE: 48 }),
  item("MUG-WHT-V1", "Mug 10 oz, white (discontinued)", "HOMEGOODS", 10, { WHOLESALE: 3 }, { ItemStatus: "Inactive" }),
  item("CAP-RED-OLD", "Cap, red (discontinued)", "APPAREL", 18, { WHOLESALE: 0 }, { ItemStatus: "Inactive" }),
  item("GIFTBOX", "Gift box (no sales)", "ACCESSORY", 4, { WHOLESALE: 500 }, { ItemStatus: "No Sales" }),
];

/**
 * How an order type behaves (Order Types, SO201000, "Automation Behavior"):
 * `SO` issues goods through shipments, `RC` takes goods back through receipts.
 */
export type OrderTypeBehavior = "SO" | "RC";

export interface OrderTypeFixture {
  OrderType: string;
  Description: string;
  Behavior: OrderTypeBehavior;
  Active: boolean;
  /** Prefix of the order's numbering sequence (`TS000001`). */
  NumberingPrefix: string;
}

export const ORDER_TYPES: OrderTypeFixture[] = [
  { OrderType: "SO", Description: "Sales Order", Behavior: "SO", Active: true, NumberingPrefix: "SO" },
  { OrderType: "RC", Description: "Return for Credit", Behavior: "RC", Active: true, NumberingPrefix: "RC" },
  { OrderType: "TS", Description: "TikTok Shop sales", Behavior: "SO", Active: true, NumberingPrefix: "TS" },
  { OrderType: "TR", Description: "TikTok Shop returns", Behavior: "RC", Active: true, NumberingPrefix: "TR" },
];

/** Tax zones (TX206000) with the taxes that apply in them. */
export const TAX_ZONES = [{ TaxZoneID: "TIKTOK", Description: "TikTok Shop marketplace", ApplicableTaxes: ["TTSALESTAX", "CORDF"] }];

/** Taxes (TX205000). TaxType holds the drop-down label. */
export const TAXES = [
  { TaxID: "TTSALESTAX", Description: "Sales tax collected by TikTok Shop (marketplace facilitator)", TaxType: "Sales" },
  { TaxID: "SALESTAX", Description: "Sales tax remitted by the seller", TaxType: "Sales" },
  { TaxID: "CORDF", Description: "Colorado retail delivery fee", TaxType: "Sales" },
];

/** Demo user of the sandbox sign-in page. */
export const DEMO_USER = { username: "admin", password: "sandbox" };
