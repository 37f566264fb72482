import type { LucideIcon } from "lucide-react";
import { AlertTriangle, Boxes, LayoutDashboard, MapPin, Package, Plug, Settings, ShoppingBag, ShoppingCart, Truck, Warehouse } from "lucide-react";

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
}

/** The signed-in navigation, in order. Connectors have one entry per system. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/dashboard", label: "Dashboard", icon: LayoutDashboard },
  { href: "/orders", label: "Orders", icon: ShoppingCart },
  { href: "/products", label: "Products", icon: Package },
  { href: "/inventory", label: "Inventory", icon: Boxes },
  { href: "/locations", label: "Locations", icon: MapPin },
  { href: "/fulfillments", label: "Fulfillments", icon: Truck },
  { href: "/exceptions", label: "Exceptions", icon: AlertTriangle },
];

export const CONNECTOR_NAV_ITEMS: readonly NavItem[] = [
  { href: "/connectors/tiktok-shop", label: "TikTok Shop", icon: ShoppingBag },
  { href: "/connectors/acumatica", label: "Acumatica", icon: Warehouse },
];

export const WORKSPACE_NAV_ITEMS: readonly NavItem[] = [{ href: "/settings", label: "Settings", icon: Settings }];

/** Every signed-in page reachable from the navigation. */
export const ALL_NAV_ITEMS: readonly NavItem[] = [...NAV_ITEMS, ...CONNECTOR_NAV_ITEMS, ...WORKSPACE_NAV_ITEMS];

export const BRAND_ICON = Plug;
