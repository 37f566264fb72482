import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections, locationChannelWarehouses, locations } from "@/lib/db/schema";
import type { RequestContext } from "@/lib/auth/context-types";
import { assertCan } from "@/lib/auth/permissions";
import { uniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors";
import type { JobTx } from "@/lib/jobs/transaction";
import { withJobTransaction } from "@/lib/jobs/transaction";
import { queueTikTokInventoryPushes } from "@/lib/sync/inventory/pull-inventory";
import { queueLocationsSync } from "@/lib/sync/inventory/queue";
import { writeAudit } from "@/lib/workspaces/service";
import { getLocationsDirection } from "./queries";
import type { AddLocationInput, SaveWarehouseMappingInput } from "./schemas";
import { locationsReadOnlyReason } from "./schemas";

/** A location added here (Push locations to Acumatica) is created in Acumatica as a warehouse by the engine's locations sync. */
export async function queueLocationPush(tx: JobTx, workspaceId: string, _locationId: string): Promise<void> {
  await queueLocationsSync(tx, workspaceId);
}

/**
 * Locations → Add location (Push locations to Acumatica only): the code is
 * the Acumatica WarehouseID, unique in the workspace. Acumatica matches keys
 * ignoring case, so `main` is refused when `MAIN` exists.
 */
export async function addLocation(db: Db, ctx: RequestContext, input: AddLocationInput): Promise<{ id: string }> {
  assertCan(ctx, "connectors:write");
  const reason = locationsReadOnlyReason(await getLocationsDirection(db, ctx.workspaceId));
  if (reason) throw new AppError("validation", reason, { code: [reason] }, "Connectors → Acumatica → Inventory and locations");
  const taken = (code: string) => {
    const message = `${code} is already a location here (Acumatica Warehouse IDs ignore case): pick another code.`;
    return new AppError("conflict", message, { code: [message] });
  };
  try {
    return await withJobTransaction(db, async (tx) => {
      const [clash] = await tx.db
        .select({ code: locations.code })
        .from(locations)
        .where(and(eq(locations.workspaceId, ctx.workspaceId), sql`upper(${locations.code}) = upper(${input.code})`));
      if (clash) throw taken(clash.code);
      const [row] = await tx.db
        .insert(locations)
        .values({ workspaceId: ctx.workspaceId, code: input.code, name: input.name || input.code, source: "manual" })
        .returning({ id: locations.id });
      await writeAudit(tx.db, ctx, "location.add", row!.id, { code: input.code, name: input.name || input.code });
      await queueLocationPush(tx, ctx.workspaceId, row!.id);
      return { id: row!.id };
    });
  } catch (err) {
    // Two people adding the same code at once: the unique index decides.
    if (uniqueViolation(err) !== null) throw taken(input.code);
    throw err;
  }
}

/**
 * Locations → a TikTok shop's warehouses → hub location: where the stock sent
 * to each TikTok warehouse comes from. Only warehouses already read from the
 * shop can be mapped, only to this workspace's locations.
 */
export async function saveWarehouseMapping(db: Db, ctx: RequestContext, input: SaveWarehouseMappingInput): Promise<{ saved: number }> {
  assertCan(ctx, "connectors:write");
  const [shop] = await db
    .select({ id: connections.id })
    .from(connections)
    .where(and(eq(connections.workspaceId, ctx.workspaceId), eq(connections.id, input.connectionId), eq(connections.provider, "tiktok_shop")));
  if (!shop) throw new AppError("not_found", "That TikTok shop is not connected to this workspace.", { connectionId: ["That TikTok shop is not connected to this workspace."] });
  const warehouses = await db
    .select()
    .from(locationChannelWarehouses)
    .where(and(eq(locationChannelWarehouses.workspaceId, ctx.workspaceId), eq(locationChannelWarehouses.connectionId, shop.id)));
  const known = new Map(warehouses.map((w) => [w.tiktokWarehouseId, w]));
  const wanted = [...new Set(Object.values(input.mapping).filter((v): v is string => !!v))];
  const ours = wanted.length
    ? new Set((await db.select({ id: locations.id }).from(locations).where(and(eq(locations.workspaceId, ctx.workspaceId), inArray(locations.id, wanted)))).map((l) => l.id))
    : new Set<string>();
  const errors: Record<string, string[]> = {};
  for (const [warehouseId, locationId] of Object.entries(input.mapping)) {
    if (!known.has(warehouseId)) errors[`mapping.${warehouseId}`] = [`TikTok warehouse ${warehouseId} has not been read from this shop. Reload the page.`];
    else if (locationId && !ours.has(locationId)) errors[`mapping.${warehouseId}`] = ["That location is not in this workspace. Reload the page."];
  }
  if (Object.keys(errors).length) throw new AppError("validation", "Some warehouses need attention.", errors);
  const changed = Object.entries(input.mapping).filter(([warehouseId, locationId]) => (known.get(warehouseId)!.locationId ?? "") !== locationId);
  if (changed.length === 0) return { saved: 0 };
  await withJobTransaction(db, async (tx) => {
    for (const [warehouseId, locationId] of changed) {
      await tx.db
        .update(locationChannelWarehouses)
        .set({ locationId: locationId || null, updatedAt: sql`now()` })
        .where(and(eq(locationChannelWarehouses.workspaceId, ctx.workspaceId), eq(locationChannelWarehouses.connectionId, shop.id), eq(locationChannelWarehouses.tiktokWarehouseId, warehouseId)));
    }
    await writeAudit(tx.db, ctx, "location.warehouse_mapping", shop.id, {
      changes: changed.map(([warehouseId, locationId]) => ({ warehouseId, before: known.get(warehouseId)!.locationId, after: locationId || null })),
    });
    // A newly mapped warehouse gets its stock now (shops with Push inventory on; the job checks).
    await queueTikTokInventoryPushes(tx, ctx.workspaceId);
  });
  return { saved: changed.length };
}
