import { and, eq } from "drizzle-orm";
import { orderShipments } from "@/lib/db/schema";
import type { SalesOrder } from "@/lib/connectors/acumatica/api-types";
import { getBinding } from "@/lib/sync/bindings";
import type { EngineDeps } from "./context";
import { acumaticaFor } from "./context";

/** Sales order statuses past "nothing has left the warehouse": a shipment is open, or the order shipped. */
const SHIPPING_STATUSES = new Set(["Shipping", "Completed", "Invoiced"]);

/**
 * Why Acumatica counts this sales order as shipped (or being shipped), or null:
 * its status, or any shipment of it that is not canceled (a partial shipment
 * leaves the order "Back Order"). Pure; the order is read with its Shipments.
 */
export function shippedReason(so: Pick<SalesOrder, "OrderType" | "OrderNbr" | "Status" | "Shipments">): string | null {
  const name = `${so.OrderType ?? ""} ${so.OrderNbr ?? ""}`.trim();
  if (so.Status && SHIPPING_STATUSES.has(so.Status)) return `sales order ${name} is ${so.Status} in Acumatica`;
  const shipment = (so.Shipments ?? []).find((s) => s.ShipmentNbr && s.Status !== "Canceled");
  if (shipment) return `sales order ${name} has shipment ${shipment.ShipmentNbr} (${shipment.Status ?? "?"}) in Acumatica`;
  return null;
}

export type ShippedCheck = { shipped: false } | { shipped: true; reason: string } | { wait: string };

/**
 * Has Acumatica (the system of record, which drives fulfillment) shipped this
 * hub order? A confirmed shipment the hub already pulled says yes; otherwise
 * the sales order is read from Acumatica to be sure. An order that never
 * reached Acumatica has not shipped; one whose creation is unsettled waits.
 * Throws ParkedError when Acumatica cannot be reached for lack of a connection.
 */
export async function checkShippedInAcumatica(deps: EngineDeps, p: { workspaceId: string; orderId: string }): Promise<ShippedCheck> {
  const [confirmed] = await deps.db
    .select({ nbr: orderShipments.shipmentNbr, status: orderShipments.status })
    .from(orderShipments)
    .where(and(eq(orderShipments.workspaceId, p.workspaceId), eq(orderShipments.orderId, p.orderId), eq(orderShipments.confirmed, true)))
    .limit(1);
  if (confirmed) return { shipped: true, reason: `Acumatica shipment ${confirmed.nbr} is ${confirmed.status}` };
  const binding = await getBinding(deps.db, { workspaceId: p.workspaceId, entityType: "order", entityId: p.orderId, target: "acumatica" });
  if (!binding || binding.state === "pending" || binding.state === "failed") return { shipped: false };
  if (binding.state !== "created") return { wait: "the sales order's creation in Acumatica is not settled yet" };
  const client = await acumaticaFor(deps, p.workspaceId);
  const so = await client.salesOrders.get(binding.externalType!, binding.externalId!, ["Shipments"]);
  if (!so) return { shipped: false };
  const reason = shippedReason(so);
  return reason ? { shipped: true, reason } : { shipped: false };
}
