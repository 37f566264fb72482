import { and, eq, inArray, isNull, notInArray, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/client";
import { connections, locationChannelWarehouses, locations, syncCursors } from "@/lib/db/schema";
import type { AcumaticaClient } from "@/lib/connectors/acumatica/client";
import { AcumaticaError } from "@/lib/connectors/acumatica/errors";
import { getTikTokShopClient } from "@/lib/connections/clients";
import { parseStoredSettings, tiktokShopSettingsSchema } from "@/lib/connections/stored-settings";
import { logger } from "@/lib/logger";
import type { EngineDeps } from "@/lib/sync/acumatica/context";
import { acumaticaFor, loadSettings, parkOnLostAuthorization, ParkedError } from "@/lib/sync/acumatica/context";
import { createExactlyOnce } from "@/lib/sync/acumatica/create-once";
import { closeSubjects, syncProblems } from "@/lib/sync/exceptions/service";

/**
 * Locations ("Process locations information", Step 8):
 * - pull: Acumatica warehouses → hub locations (upsert by code = WarehouseID), incremental by LastModifiedDateTime
 *   (cursor `acumatica.warehouses`, written in the transaction that wrote the rows); a warehouse Acumatica no longer
 *   lists, or lists as inactive, is marked inactive, never deleted (one key-only read per sync sees deletions,
 *   which a modified-since read cannot).
 * - push: hub locations of source "manual" that Acumatica lacks are created there as warehouses (the Default
 *   contract accepts PUT on Warehouse), exactly once: the location's binding is claimed before the call, a lost
 *   answer is settled by reading the warehouse by its key. A refusal is an exception that names the fix (create the
 *   warehouse in Acumatica) and closes itself when the warehouse appears.
 * - off: nothing moves.
 * Every sync also refreshes each connected TikTok shop's warehouses (see refreshTikTokWarehouses).
 */
export const LOCATIONS_FLOW = "acumatica.sync-locations";
export const WAREHOUSE_CURSOR = "acumatica.warehouses";

export interface LocationsSyncCounts {
  direction: "pull" | "push" | "off";
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  /** push: warehouses created in Acumatica (or found there after a lost answer). */
  pushed: number;
  refused: number;
  tiktokWarehouses: number;
  autoMapped: number;
}

export interface SyncLocationsOptions {
  /** TikTok clients per shop (tests); defaults to the stored connection's client. */
  tiktokClient?: (connectionId: string) => Promise<Pick<Awaited<ReturnType<typeof getTikTokShopClient>>, "getWarehouses">>;
}

export async function syncLocations(deps: EngineDeps, p: { workspaceId: string }, opts: SyncLocationsOptions = {}): Promise<LocationsSyncCounts | { skipped: string }> {
  const settings = await loadSettings(deps.db, p.workspaceId);
  const direction = settings.catalog.locations;
  const counts: LocationsSyncCounts = { direction, read: 0, created: 0, updated: 0, unchanged: 0, deactivated: 0, pushed: 0, refused: 0, tiktokWarehouses: 0, autoMapped: 0 };
  const tiktokNeeded = direction !== "off" || (await anyShopPushesInventory(deps.db, p.workspaceId));
  if (direction === "off" && !tiktokNeeded) return { skipped: "Process locations information is off." };
  if (direction !== "off") {
    let client: AcumaticaClient;
    try {
      client = await acumaticaFor(deps, p.workspaceId);
    } catch (err) {
      if (!(err instanceof ParkedError)) throw err;
      return { skipped: err.message };
    }
    try {
      if (direction === "pull") await pullWarehouses(deps, client, p.workspaceId, counts);
      else await pushLocations(deps, client, p.workspaceId, counts);
    } catch (err) {
      await parkOnLostAuthorization(deps, p.workspaceId, err).catch((e: unknown) => {
        if (!(e instanceof ParkedError)) throw e;
      });
      throw err;
    }
  }
  const tiktok = await refreshTikTokWarehouses(deps.db, p.workspaceId, opts.tiktokClient);
  counts.tiktokWarehouses = tiktok.warehouses;
  counts.autoMapped = tiktok.autoMapped;
  return counts;
}

async function anyShopPushesInventory(db: DbOrTx, workspaceId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: connections.id })
    .from(connections)
    .where(
      and(eq(connections.workspaceId, workspaceId), eq(connections.provider, "tiktok_shop"), eq(connections.status, "connected"), sql`${connections.settings}->>'pushInventory' = 'true'`),
    )
    .limit(1);
  return !!row;
}

async function readCursor(db: DbOrTx, workspaceId: string, stream: string): Promise<string | null> {
  const [row] = await db.select().from(syncCursors).where(and(eq(syncCursors.workspaceId, workspaceId), eq(syncCursors.stream, stream)));
  return row?.position ?? null;
}

const OVERLAP_MS = 5 * 60_000;

async function pullWarehouses(deps: EngineDeps, client: AcumaticaClient, workspaceId: string, counts: LocationsSyncCounts) {
  const cursor = await readCursor(deps.db, workspaceId, WAREHOUSE_CURSOR);
  const since = cursor ? new Date(Date.parse(cursor) - OVERLAP_MS) : undefined;
  const changed = await client.warehouses.list({ modifiedSince: since, select: ["WarehouseID", "Description", "Active", "LastModifiedDateTime"] });
  // Deletions are invisible to a modified-since read: the list of keys is one small call.
  const present = new Set((await client.warehouses.list({ select: ["WarehouseID"] })).map((w) => w.WarehouseID).filter((id): id is string => !!id));
  counts.read = changed.length;
  const now = new Date();
  await deps.transaction(async (tx) => {
    const existing = new Map((await tx.db.select().from(locations).where(eq(locations.workspaceId, workspaceId))).map((l) => [l.code, l]));
    let high: string | null = null;
    for (const w of changed) {
      const code = w.WarehouseID;
      if (!code) continue;
      const values = {
        name: w.Description ?? code,
        active: (w.Active ?? true) && present.has(code),
        source: "acumatica",
        erpModifiedAt: w.LastModifiedDateTime ? new Date(w.LastModifiedDateTime) : null,
        erpSyncedAt: now,
      };
      if (w.LastModifiedDateTime && (!high || Date.parse(w.LastModifiedDateTime) > Date.parse(high))) high = new Date(w.LastModifiedDateTime).toISOString();
      const row = existing.get(code);
      if (!row) {
        counts.created++;
        await tx.db.insert(locations).values({ workspaceId, code, ...values });
      } else if (row.name === values.name && row.active === values.active && row.source === values.source) {
        counts.unchanged++;
        await tx.db.update(locations).set({ erpModifiedAt: values.erpModifiedAt, erpSyncedAt: now }).where(eq(locations.id, row.id));
      } else {
        counts.updated++;
        await tx.db.update(locations).set({ ...values, updatedAt: sql`now()` }).where(eq(locations.id, row.id));
      }
    }
    // Gone from Acumatica: marked inactive, never deleted (its stock history and mappings stay).
    const gone = await tx.db
      .update(locations)
      .set({ active: false, updatedAt: sql`now()` })
      .where(
        and(
          eq(locations.workspaceId, workspaceId),
          eq(locations.source, "acumatica"),
          eq(locations.active, true),
          present.size ? notInArray(locations.code, [...present]) : undefined,
        ),
      )
      .returning({ id: locations.id });
    counts.deactivated = gone.length;
    if (high) {
      await tx.db
        .insert(syncCursors)
        .values({ workspaceId, stream: WAREHOUSE_CURSOR, position: high })
        .onConflictDoUpdate({ target: [syncCursors.workspaceId, syncCursors.stream], set: { position: sql`greatest(${syncCursors.position}, excluded.position)`, updatedAt: sql`now()` } });
    }
    if (present.size) await closeSubjects(tx.db, workspaceId, "location_not_in_acumatica", [...present], "fixed: the warehouse is in Acumatica");
  });
}

async function pushLocations(deps: EngineDeps, client: AcumaticaClient, workspaceId: string, counts: LocationsSyncCounts) {
  const hub = await deps.db.select().from(locations).where(and(eq(locations.workspaceId, workspaceId), eq(locations.source, "manual"), eq(locations.active, true)));
  if (!hub.length) return;
  // Acumatica matches keys ignoring case: a warehouse "east" exists when "EAST" does.
  const present = new Set((await client.warehouses.list({ select: ["WarehouseID"] })).map((w) => (w.WarehouseID ?? "").trim().toUpperCase()));
  const there = hub.filter((l) => present.has(l.code.trim().toUpperCase()));
  if (there.length) {
    await deps.db.update(locations).set({ erpSyncedAt: sql`now()` }).where(inArray(locations.id, there.map((l) => l.id)));
    await closeSubjects(deps.db, workspaceId, "location_not_in_acumatica", there.map((l) => l.code), "fixed: the warehouse is in Acumatica");
  }
  for (const loc of hub.filter((l) => !present.has(l.code.trim().toUpperCase()))) {
    const entity = { workspaceId, entityType: "location" as const, entityId: loc.id, orderId: null };
    const result = await createExactlyOnce(deps, { workspaceId, entityType: "location", entityId: loc.id, target: "acumatica" }, loc.code, {
      lookup: () => client.warehouses.get(loc.code),
      create: () => client.warehouses.create({ WarehouseID: loc.code, Description: loc.name || loc.code, Active: true }),
      keysOf: (w) => ({ externalType: "Warehouse", externalId: w.WarehouseID ?? loc.code }),
      payloadHash: null,
      onDone: async (tx) => {
        await tx.db.update(locations).set({ erpSyncedAt: sql`now()` }).where(eq(locations.id, loc.id));
        await syncProblems(tx.db, entity, [], `fixed: warehouse ${loc.code} created in Acumatica`, ["location_not_in_acumatica"]);
      },
    });
    if (result.kind === "done" || result.kind === "exists") counts.pushed++;
    else if (result.kind === "refused") {
      counts.refused++;
      const err = result.error;
      await syncProblems(
        deps.db,
        entity,
        [
          {
            cause: "location_not_in_acumatica",
            subject: loc.code,
            message: `Acumatica refused to create warehouse ${loc.code} (${err instanceof AcumaticaError ? err.message : String(err)}). Create warehouse ${loc.code} in Acumatica; this closes itself when the warehouse appears.`,
            raw: err instanceof AcumaticaError ? { code: err.code, message: err.message } : undefined,
          },
        ],
        "superseded",
        ["location_not_in_acumatica"],
      );
    } else {
      logger.info("warehouse create waits", { workspaceId, code: loc.code, reason: result.reason });
    }
  }
}

const norm = (s: string) => s.trim().toLowerCase();

/**
 * Each connected TikTok shop's sales warehouses → `location_channel_warehouses` (names refreshed, mappings kept).
 * A new TikTok warehouse is mapped only when exactly one active hub location has its name or code; otherwise it
 * stays unmapped for a person to choose.
 */
export async function refreshTikTokWarehouses(
  db: Db,
  workspaceId: string,
  tiktokClient: SyncLocationsOptions["tiktokClient"] = (id) => getTikTokShopClient(db, workspaceId, id),
): Promise<{ warehouses: number; autoMapped: number }> {
  const shops = await db
    .select({ id: connections.id, settings: connections.settings })
    .from(connections)
    .where(and(eq(connections.workspaceId, workspaceId), eq(connections.provider, "tiktok_shop"), eq(connections.status, "connected")));
  const out = { warehouses: 0, autoMapped: 0 };
  if (!shops.length) return out;
  const hub = await db.select({ id: locations.id, code: locations.code, name: locations.name }).from(locations).where(and(eq(locations.workspaceId, workspaceId), eq(locations.active, true)));
  for (const shop of shops) {
    parseStoredSettings(tiktokShopSettingsSchema, shop.settings, "Connectors → TikTok Shop");
    let warehouses;
    try {
      warehouses = await (await tiktokClient(shop.id)).getWarehouses();
    } catch (err) {
      logger.warn("tiktok warehouses not refreshed", { workspaceId, connectionId: shop.id, err });
      continue;
    }
    const known = new Map(
      (await db.select().from(locationChannelWarehouses).where(and(eq(locationChannelWarehouses.workspaceId, workspaceId), eq(locationChannelWarehouses.connectionId, shop.id)))).map((r) => [
        r.tiktokWarehouseId,
        r,
      ]),
    );
    for (const w of warehouses) {
      if (w.type && w.type !== "SALES_WAREHOUSE") continue;
      out.warehouses++;
      const row = known.get(w.id);
      if (row) {
        if (row.tiktokWarehouseName !== w.name) {
          await db
            .update(locationChannelWarehouses)
            .set({ tiktokWarehouseName: w.name, updatedAt: sql`now()` })
            .where(and(eq(locationChannelWarehouses.connectionId, shop.id), eq(locationChannelWarehouses.tiktokWarehouseId, w.id)));
        }
        continue;
      }
      const same = hub.filter((l) => norm(l.name) === norm(w.name) || norm(l.code) === norm(w.name));
      const locationId = same.length === 1 ? same[0]!.id : null;
      if (locationId) out.autoMapped++;
      await db
        .insert(locationChannelWarehouses)
        .values({ workspaceId, connectionId: shop.id, tiktokWarehouseId: w.id, tiktokWarehouseName: w.name, locationId })
        .onConflictDoNothing();
    }
  }
  return out;
}

/** Unmapped TikTok warehouses of a shop (the inventory push names them in an exception). */
export function listUnmappedTikTokWarehouses(db: DbOrTx, workspaceId: string, connectionId: string) {
  return db
    .select()
    .from(locationChannelWarehouses)
    .where(and(eq(locationChannelWarehouses.workspaceId, workspaceId), eq(locationChannelWarehouses.connectionId, connectionId), isNull(locationChannelWarehouses.locationId)));
}
