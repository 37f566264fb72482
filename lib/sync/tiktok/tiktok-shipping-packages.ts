import type { Order } from "@/lib/connectors/tiktok-shop/api-types";
import type { HubOrder } from "@/lib/orders/types";

/**
 * TikTok Shipping orders (`shipping_type` TIKTOK): TikTok creates the order's
 * packages and issues their labels; the seller ships a package whole. Which
 * TikTok packages an Acumatica shipment ships is worked out here from the
 * units (one TikTok line item each) of the shipped lines. Pure.
 */

/** Line statuses of units that left the seller (the package was shipped). */
const SHIPPED_UNIT = new Set(["AWAITING_COLLECTION", "IN_TRANSIT", "DELIVERED", "COMPLETED"]);

export const isShippedUnit = (displayStatus: string) => SHIPPED_UNIT.has(displayStatus);

export interface ShippedLine {
  lineNo: number;
  sku: string;
  quantity: number;
}

export type PackagePick = { packageIds: string[] } | { problem: string };

/**
 * The TikTok packages that hold the shipped units: for each shipped line,
 * that many unshipped, uncancelled units (a package's units are taken
 * together), then their packages. A package that also holds units this
 * shipment does not ship is a problem: shipping it would tell the buyer
 * those left too.
 */
export function pickTikTokPackages(hub: HubOrder, tiktok: Order, lines: ShippedLine[]): PackagePick {
  const open = tiktok.line_items.filter((l) => l.display_status !== "CANCELLED" && !isShippedUnit(l.display_status));
  const chosen = new Set<string>();
  for (const want of lines) {
    const ids = new Set(hub.lines.find((l) => l.lineNo === want.lineNo)?.channelLineIds ?? []);
    const candidates = open.filter((l) => ids.has(l.id) && !chosen.has(l.id)).sort((a, b) => (a.package_id ?? "").localeCompare(b.package_id ?? ""));
    if (candidates.length < want.quantity) {
      return { problem: `TikTok Shop has ${candidates.length} unshipped unit(s) of ${want.sku} where Acumatica shipped ${want.quantity}: they were shipped or cancelled on TikTok already. Check the order in Seller Center.` };
    }
    for (const l of candidates.slice(0, want.quantity)) chosen.add(l.id);
  }
  const units = open.filter((l) => chosen.has(l.id));
  if (units.some((l) => !l.package_id)) return { problem: "TikTok Shop has not created the package of these items yet; the shipment is sent once it has." };
  const packageIds = [...new Set(units.map((l) => l.package_id!))].sort();
  for (const id of packageIds) {
    const left = open.filter((l) => l.package_id === id && !chosen.has(l.id));
    if (left.length > 0) {
      const skus = [...new Set(left.map((l) => l.seller_sku))].join(", ");
      return {
        problem: `TikTok package ${id} also holds ${left.length} unit(s) (${skus}) this Acumatica shipment does not ship, and TikTok Shipping ships a package whole. Ship them in one Acumatica shipment, or split the package in Seller Center.`,
      };
    }
  }
  return { packageIds };
}

/** A package is shipped once its live units left the seller. */
export function isPackageShipped(tiktok: Order, packageId: string): boolean {
  const units = tiktok.line_items.filter((l) => l.package_id === packageId && l.display_status !== "CANCELLED");
  return units.length > 0 && units.every((l) => isShippedUnit(l.display_status));
}
