/**
 * Seed data of the TikTok Shop sandbox: one demo seller (cross-border) with a
 * US, a UK and a German shop. `seller_sku`s equal the Acumatica sandbox's
 * InventoryIDs (lib/connectors/acumatica/fixtures.ts) except the entries in
 * SKU_MISMATCHES, which need a Channel SKU mapping in the hub.
 */
export interface CatalogSkuFixture {
  sellerSku: string;
  name: string;
  /** Price in the shop currency, decimal string. */
  price: string;
  /** Stock per warehouse key (see WAREHOUSE keys per shop). */
  stock: Record<string, number>;
}

export interface CatalogProductFixture {
  key: string;
  title: string;
  categoryId: string;
  skus: CatalogSkuFixture[];
}

export interface ShopFixture {
  key: "US" | "UK" | "DE";
  id: string;
  name: string;
  region: string;
  currency: string;
  cipher: string;
  code: string;
  /** Paid orders wait in ON_HOLD (remorse window) — US and UK shops. */
  onHold: boolean;
  /** US sales tax on lines; VAT markets have tax-inclusive prices. */
  taxRate: string;
  /** Retail delivery fee per order shipped to a state (by the state's name as in `district_info`), decimal string. */
  retailDeliveryFees?: Record<string, string>;
  warehouses: Array<{ key: string; id: string; name: string; isDefault: boolean; city: string; postalCode: string; state: string }>;
  deliveryOptions: Array<{ id: string; name: string; description: string; type: string; shippingFee: string; providers: Array<{ id: string; name: string }> }>;
  products: CatalogProductFixture[];
}

/** TikTok `seller_sku` → the Acumatica InventoryID it stands for (deliberate mismatches). */
export const SKU_MISMATCHES: Record<string, string> = {
  "CAP-NAVY": "CAP-NVY",
  "BOTTLE-STEEL-750": "BOTTLE-750",
  "USBC-CABLE-1M": "CABLE-USBC-1M",
  "Socks-3PK": "SOCKS-3PK",
};

export const DEMO_SELLER = {
  openId: "7010736057180325637",
  name: "Northwind Merch Co.",
  baseRegion: "US",
  /** Pre-filled on the sandbox's authorization page. */
  email: "seller@northwind-merch.example",
};

const tee = (color: string, colorName: string, price: string, stockBase: number, both = true): CatalogSkuFixture[] =>
  (["S", "M", "L"] as const).map((size, i) => ({
    sellerSku: `TSHIRT-${color}-${size}`,
    name: `${colorName}, ${size}`,
    price,
    stock: both ? { main: stockBase + i * 5, east: 10 + i } : ({ main: stockBase + i * 5 } as Record<string, number>),
  }));

const US_PROVIDERS = {
  usps: { id: "6617675021119438849", name: "USPS" },
  ups: { id: "6617675021119438850", name: "UPS" },
  fedex: { id: "6617675021119438851", name: "FedEx" },
  dhl: { id: "6617675021119438852", name: "DHL eCommerce" },
};

export const SHOPS: ShopFixture[] = [
  {
    key: "US",
    id: "7494049642642441621",
    name: "Northwind Merch US",
    region: "US",
    currency: "USD",
    cipher: "ROW_nJ3kXgAAAAB1d3QxYkc4cXp5dWx4eW5hbGZqdXM",
    code: "USLCNW4Q2P",
    onHold: true,
    taxRate: "0.08",
    // Colorado's retail delivery fee on deliveries by motor vehicle (0.28–0.29, set per fiscal year).
    retailDeliveryFees: { Colorado: "0.28" },
    warehouses: [
      { key: "main", id: "7068517275539719942", name: "Portland DC", isDefault: true, city: "Portland", state: "Oregon", postalCode: "97204" },
      { key: "east", id: "7068517275539719943", name: "Newark 3PL", isDefault: false, city: "Newark", state: "New Jersey", postalCode: "07102" },
    ],
    deliveryOptions: [
      { id: "7091146663229654785", name: "Standard shipping", description: "3-5 business days", type: "STANDARD", shippingFee: "5.99", providers: [US_PROVIDERS.usps, US_PROVIDERS.ups, US_PROVIDERS.fedex] },
      { id: "7091146663229654786", name: "Express shipping", description: "1-2 business days", type: "EXPRESS", shippingFee: "14.99", providers: [US_PROVIDERS.ups, US_PROVIDERS.fedex] },
      { id: "7091146663229654787", name: "Economy shipping", description: "5-8 business days", type: "ECONOMY", shippingFee: "0.00", providers: [US_PROVIDERS.usps, US_PROVIDERS.dhl] },
    ],
    products: [
      { key: "tee", title: "Classic Cotton Tee", categoryId: "601226", skus: [...tee("BLK", "Black", "19.50", 40), ...tee("WHT", "White", "19.50", 50), ...tee("RED", "Red", "19.50", 60)] },
      {
        key: "hoodie",
        title: "Zip Hoodie",
        categoryId: "601213",
        skus: [
          { sellerSku: "HOODIE-GRY-M", name: "Grey, M", price: "49.00", stock: { main: 25, east: 8 } },
          { sellerSku: "HOODIE-GRY-L", name: "Grey, L", price: "49.00", stock: { main: 18, east: 5 } },
        ],
      },
      {
        key: "cap",
        title: "Baseball Cap",
        categoryId: "601302",
        skus: [
          { sellerSku: "CAP-BLK", name: "Black", price: "22.00", stock: { main: 60, east: 0 } },
          { sellerSku: "CAP-NAVY", name: "Navy", price: "22.00", stock: { main: 35, east: 0 } },
        ],
      },
      { key: "socks", title: "Crew Socks 3-Pack", categoryId: "601238", skus: [{ sellerSku: "Socks-3PK", name: "Default", price: "14.00", stock: { main: 120, east: 40 } }] },
      {
        key: "mug",
        title: "Ceramic Mug 11 oz",
        categoryId: "600024",
        skus: [
          { sellerSku: "MUG-WHT", name: "White", price: "12.00", stock: { main: 150, east: 60 } },
          { sellerSku: "MUG-BLK", name: "Black", price: "12.00", stock: { main: 80, east: 20 } },
        ],
      },
      { key: "bottle", title: "Steel Water Bottle 750 ml", categoryId: "600031", skus: [{ sellerSku: "BOTTLE-STEEL-750", name: "Steel", price: "24.00", stock: { main: 70, east: 30 } }] },
      { key: "candle", title: "Soy Candle, Vanilla", categoryId: "600112", skus: [{ sellerSku: "CANDLE-VAN", name: "Vanilla", price: "18.00", stock: { main: 45, east: 0 } }] },
      { key: "tote", title: "Canvas Tote", categoryId: "601410", skus: [{ sellerSku: "TOTE-NAT", name: "Natural", price: "16.00", stock: { main: 95, east: 0 } }] },
      { key: "cable", title: "USB-C Cable 1 m", categoryId: "601755", skus: [{ sellerSku: "USBC-CABLE-1M", name: "1 m", price: "13.00", stock: { main: 180, east: 75 } }] },
      { key: "earbuds", title: "Bluetooth Earbuds", categoryId: "601740", skus: [{ sellerSku: "EARBUDS-BT", name: "Black", price: "59.00", stock: { main: 33, east: 9 } }] },
      { key: "yoga", title: "Yoga Mat 6 mm", categoryId: "603014", skus: [{ sellerSku: "YOGA-MAT", name: "Purple", price: "32.00", stock: { main: 20, east: 10 } }] },
    ],
  },
  {
    key: "UK",
    id: "7494049642642441622",
    name: "Northwind Merch UK",
    region: "GB",
    currency: "GBP",
    cipher: "ROW_a2HwqQAAAACz9pQv+Ukx/Hq3aW5kbWVyY2h1aw==",
    code: "GBLCNW7K1M",
    onHold: true,
    taxRate: "0",
    warehouses: [{ key: "main", id: "7068517275539720001", name: "Manchester Fulfilment", isDefault: true, city: "Manchester", state: "Greater Manchester", postalCode: "M1 1AE" }],
    deliveryOptions: [
      { id: "7091146663229655001", name: "Standard delivery", description: "2-4 working days", type: "STANDARD", shippingFee: "3.49", providers: [{ id: "6617675021119439001", name: "Royal Mail" }, { id: "6617675021119439002", name: "Evri" }] },
      { id: "7091146663229655002", name: "Next day delivery", description: "Order by 2pm", type: "EXPRESS", shippingFee: "6.99", providers: [{ id: "6617675021119439003", name: "DPD" }] },
    ],
    products: [
      { key: "tee", title: "Classic Cotton Tee", categoryId: "601226", skus: tee("BLK", "Black", "17.00", 20, false) },
      { key: "mug", title: "Ceramic Mug 11 oz", categoryId: "600024", skus: [{ sellerSku: "MUG-WHT", name: "White", price: "10.00", stock: { main: 40 } }] },
      { key: "cap", title: "Baseball Cap", categoryId: "601302", skus: [{ sellerSku: "CAP-NAVY", name: "Navy", price: "18.00", stock: { main: 12 } }] },
    ],
  },
  {
    key: "DE",
    id: "7494049642642441623",
    name: "Northwind Merch DE",
    region: "DE",
    currency: "EUR",
    cipher: "ROW_Zx8AAwAAAAB/de+ZGVtZXJjaGRlLXNob3A=",
    code: "DELCNW2Z9X",
    onHold: false,
    taxRate: "0",
    warehouses: [{ key: "main", id: "7068517275539720101", name: "Berlin Lager", isDefault: true, city: "Berlin", state: "Berlin", postalCode: "10115" }],
    deliveryOptions: [
      { id: "7091146663229655101", name: "Standardversand", description: "2-4 Werktage", type: "STANDARD", shippingFee: "4.90", providers: [{ id: "6617675021119439101", name: "DHL Paket" }, { id: "6617675021119439102", name: "Hermes" }] },
    ],
    products: [
      { key: "mug", title: "Keramiktasse 330 ml", categoryId: "600024", skus: [{ sellerSku: "MUG-BLK", name: "Schwarz", price: "13.90", stock: { main: 25 } }] },
      { key: "tote", title: "Canvas-Tasche", categoryId: "601410", skus: [{ sellerSku: "TOTE-NAT", name: "Natur", price: "15.90", stock: { main: 30 } }] },
    ],
  },
];

export interface BuyerFixture {
  firstName: string;
  lastName: string;
  phone: string;
  line1: string;
  line2: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
}

/** Buyers the operator can pick when placing orders (`buyer_index`; 0 per region is the default). */
export const BUYERS: Record<string, BuyerFixture[]> = {
  US: [
    { firstName: "Dana", lastName: "Ruiz", phone: "(+1)4155550147", line1: "500 Brannan St", line2: "Apt 4", city: "San Francisco", state: "California", postalCode: "94107", country: "United States" },
    { firstName: "Marcus", lastName: "Lee", phone: "(+1)2125550199", line1: "88 Orchard St", line2: "", city: "New York", state: "New York", postalCode: "10002", country: "United States" },
    // Colorado: orders carry the retail delivery fee
    { firstName: "Avery", lastName: "Chen", phone: "(+1)7205550133", line1: "1600 Champa St", line2: "Unit 310", city: "Denver", state: "Colorado", postalCode: "80202", country: "United States" },
  ],
  GB: [{ firstName: "Olivia", lastName: "Hughes", phone: "(+44)7700900123", line1: "14 Deansgate", line2: "Flat 2", city: "Manchester", state: "Greater Manchester", postalCode: "M3 2BW", country: "United Kingdom" }],
  DE: [{ firstName: "Jonas", lastName: "Weber", phone: "(+49)3012345678", line1: "Torstraße 110", line2: "", city: "Berlin", state: "Berlin", postalCode: "10119", country: "Germany" }],
};
