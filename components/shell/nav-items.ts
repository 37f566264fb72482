/** The signed-in navigation, in order. Connectors have one entry per system. */
export const NAV_ITEMS = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/orders", label: "Orders" },
  { href: "/products", label: "Products" },
  { href: "/inventory", label: "Inventory" },
  { href: "/locations", label: "Locations" },
  { href: "/fulfillments", label: "Fulfillments" },
  { href: "/exceptions", label: "Exceptions" },
] as const;

export const CONNECTOR_NAV_ITEMS = [
  { href: "/connectors/tiktok-shop", label: "TikTok Shop" },
  { href: "/connectors/acumatica", label: "Acumatica" },
] as const;
