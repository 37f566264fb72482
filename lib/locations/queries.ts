import { and, asc, count, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { connections, inventoryLevels, locationChannelWarehouses, locations } from "@/lib/db/schema";
import { getOrderSettings } from "@/lib/order-settings/queries";
import type { LocationsDirection } from "./schemas";

export interface LocationRow {
  id: string;
  code: string;
  name: string;
  active: boolean;
  /** "manual" (added here) or "acumatica" (pulled). */
  source: string;
  erpSyncedAt: Date | null;
  /** SKU × location levels held at this location. */
  levels: number;
}

/** The hub's locations in code order, with how many inventory levels each holds. */
export async function listLocations(db: DbOrTx, workspaceId: string): Promise<LocationRow[]> {
  const [rows, levels] = await Promise.all([
    db
      .select({ id: locations.id, code: locations.code, name: locations.name, active: locations.active, source: locations.source, erpSyncedAt: locations.erpSyncedAt })
      .from(locations)
      .where(eq(locations.workspaceId, workspaceId))
      .orderBy(asc(locations.code)),
    // (workspace_id, location_id) index: one count per location without reading the levels.
    db.select({ locationId: inventoryLevels.locationId, n: count() }).from(inventoryLevels).where(eq(inventoryLevels.workspaceId, workspaceId)).groupBy(inventoryLevels.locationId),
  ]);
  const byLocation = new Map(levels.map((l) => [l.locationId, l.n]));
  return rows.map((r) => ({ ...r, levels: byLocation.get(r.id) ?? 0 }));
}

export interface ShopWarehouses {
  connectionId: string;
  shopName: string;
  connected: boolean;
  warehouses: Array<{ tiktokWarehouseId: string; tiktokWarehouseName: string; locationId: string | null }>;
}

/** Each TikTok shop with the warehouses read from it so far and the hub location each is mapped to. */
export async function listWarehouseMappings(db: DbOrTx, workspaceId: string): Promise<ShopWarehouses[]> {
  const [shops, rows] = await Promise.all([
    db
      .select({ id: connections.id, name: connections.displayName, status: connections.status })
      .from(connections)
      .where(and(eq(connections.workspaceId, workspaceId), eq(connections.provider, "tiktok_shop")))
      .orderBy(asc(connections.createdAt)),
    db
      .select()
      .from(locationChannelWarehouses)
      .where(eq(locationChannelWarehouses.workspaceId, workspaceId))
      .orderBy(asc(locationChannelWarehouses.tiktokWarehouseName), asc(locationChannelWarehouses.tiktokWarehouseId)),
  ]);
  return shops.map((s) => ({
    connectionId: s.id,
    shopName: s.name,
    connected: s.status === "connected",
    warehouses: rows
      .filter((r) => r.connectionId === s.id)
      .map((r) => ({ tiktokWarehouseId: r.tiktokWarehouseId, tiktokWarehouseName: r.tiktokWarehouseName, locationId: r.locationId })),
  }));
}

/** Process locations information (Step 8). */
export async function getLocationsDirection(db: DbOrTx, workspaceId: string): Promise<LocationsDirection> {
  return (await getOrderSettings(db, workspaceId)).settings.catalog.locations;
}
