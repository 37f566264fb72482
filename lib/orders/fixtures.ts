import { orderSchema } from "@/lib/connectors/tiktok-shop/api-types";
import type { Order } from "@/lib/connectors/tiktok-shop/api-types";

/**
 * TikTok orders for unit tests, as the Open API returns them. The first is the
 * spec's example (US, seller-shipped, 2 × TEE-RED-L + 1 × MUG-WHT-11OZ, with
 * seller and platform discounts and sales tax); the second a Colorado order
 * with shipping and the retail delivery fee (total 87.66, which once arrived in
 * Acumatica as 80.97 when tax and fees were dropped).
 */
const unit = (id: string, sku: string, skuId: string, price: string, sellerDisc: string, platformDisc: string, sale: string, tax: string, extra: Record<string, unknown> = {}) => ({
  id,
  sku_id: skuId,
  product_id: `${skuId}0`,
  product_name: sku.startsWith("TEE") ? "Organic Cotton Tee" : "Ceramic Mug 11oz",
  sku_name: sku.startsWith("TEE") ? "Red, L" : "White",
  seller_sku: sku,
  original_price: price,
  seller_discount: sellerDisc,
  platform_discount: platformDisc,
  sale_price: sale,
  currency: "USD",
  item_tax: [{ tax_type: "SALES_TAX", tax_amount: tax, tax_rate: "0.08" }],
  display_status: "AWAITING_SHIPMENT",
  is_gift: false,
  ...extra,
});

export const SPEC_EXAMPLE_ORDER: Order = orderSchema.parse({
  id: "577391028846320113",
  status: "AWAITING_SHIPMENT",
  create_time: 1718002800,
  paid_time: 1718002861,
  update_time: 1718006470,
  shipping_type: "SELLER",
  fulfillment_type: "FULFILLMENT_BY_SELLER",
  delivery_type: "HOME_DELIVERY",
  delivery_option_id: "7091146663229654785",
  delivery_option_name: "Standard shipping",
  payment_method_name: "CCDC",
  packages: [{ id: "1153132168123859441" }],
  payment: {
    currency: "USD",
    original_total_product_price: "61.98",
    seller_discount: "5.00",
    platform_discount: "2.00",
    sub_total: "54.98",
    original_shipping_fee: "5.99",
    shipping_fee_seller_discount: "0.00",
    shipping_fee_platform_discount: "5.99",
    shipping_fee: "0.00",
    product_tax: "4.40",
    shipping_fee_tax: "0.00",
    tax: "4.40",
    retail_delivery_fee: "0.00",
    total_amount: "59.38",
  },
  recipient_address: {
    name: "Dana Ruiz",
    phone_number: "(+1)4155550147",
    region_code: "US",
    postal_code: "94107",
    address_line1: "500 Brannan St",
    address_line2: "Apt 4",
    address_detail: "Apt 4",
    district_info: [
      { address_level: "L0", address_level_name: "Country", address_name: "United States" },
      { address_level: "L1", address_level_name: "State", address_name: "California" },
      { address_level: "L3", address_level_name: "City", address_name: "San Francisco" },
    ],
  },
  line_items: [
    unit("577391028846450001", "TEE-RED-L", "1729592969712207013", "24.99", "2.00", "1.00", "21.99", "1.76"),
    unit("577391028846450002", "TEE-RED-L", "1729592969712207013", "24.99", "2.00", "1.00", "21.99", "1.76"),
    unit("577391028846450003", "MUG-WHT-11OZ", "1729592969712207777", "12.00", "1.00", "0.00", "11.00", "0.88"),
  ],
});

/** Colorado: 3 units, $4.99 shipping, 8 % tax on goods, $0.28 retail delivery fee → 87.66. */
export const COLORADO_ORDER: Order = orderSchema.parse({
  ...JSON.parse(JSON.stringify(SPEC_EXAMPLE_ORDER)),
  id: "577391028846320999",
  payment: {
    currency: "USD",
    original_total_product_price: "76.00",
    seller_discount: "0.00",
    platform_discount: "0.00",
    sub_total: "76.00",
    original_shipping_fee: "4.99",
    shipping_fee_seller_discount: "0.00",
    shipping_fee_platform_discount: "0.00",
    shipping_fee: "4.99",
    product_tax: "6.08",
    shipping_fee_tax: "0.31",
    tax: "6.39",
    retail_delivery_fee: "0.28",
    total_amount: "87.66",
  },
  recipient_address: {
    name: "Casey Park",
    phone_number: "(+1)7205550100",
    region_code: "US",
    postal_code: "80202",
    address_line1: "1700 Lincoln St",
    district_info: [
      { address_level: "L0", address_level_name: "Country", address_name: "United States" },
      { address_level: "L1", address_level_name: "State", address_name: "Colorado" },
      { address_level: "L3", address_level_name: "City", address_name: "Denver" },
    ],
  },
  line_items: [
    unit("577391028846459001", "TEE-RED-L", "1729592969712207013", "32.00", "0.00", "0.00", "32.00", "2.56"),
    unit("577391028846459002", "TEE-RED-L", "1729592969712207013", "32.00", "0.00", "0.00", "32.00", "2.56"),
    unit("577391028846459003", "MUG-WHT-11OZ", "1729592969712207777", "12.00", "0.00", "0.00", "12.00", "0.96"),
  ],
});
