import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { alias } from "drizzle-orm/pg-core";
import { preparedPerDb } from "@/lib/db/prepared";
import { connections, orderEvents, orders, syncBindings, syncExceptions } from "@/lib/db/schema";
import type { AcumaticaClient } from "@/lib/connectors/acumatica/client";
import { AcumaticaError } from "@/lib/connectors/acumatica/errors";
import type { AcumaticaClientTuning } from "@/lib/connections/clients";
import { getAcumaticaClient } from "@/lib/connections/clients";
import { markAuthorizationLost } from "@/lib/connections/connection-status";
import type { JobTx } from "@/lib/jobs/transaction";
import { AppError } from "@/lib/errors";
import { getOrderSettings, ORDER_SETTINGS_SCREEN } from "@/lib/order-settings/queries";
import type { OrderSettings } from "@/lib/order-settings/schemas";
import { orderSettingsSchema } from "@/lib/order-settings/schemas";
import { parseStoredSettings } from "@/lib/connections/stored-settings";
import type { Binding } from "@/lib/sync/bindings";
import type { HubOrder } from "@/lib/orders/types";
import { syncProblems } from "@/lib/sync/exceptions/service";

/** What the Acumatica flows run with. */
export interface EngineDeps {
  db: Db;
  /** A transaction in which writes and follow-up jobs commit together. */
  transaction<T>(fn: (tx: JobTx) => Promise<T>): Promise<T>;
  /** How long a lost create may still be processed by Acumatica (its request queue waits up to 10 minutes). */
  settleMs: number;
  /** How long a worker's claim on a record lasts before another may take it over (it must outlast one create). */
  leaseMs?: number;
  /** Timeouts, retries and budget of the Acumatica clients the flows create. */
  clientOptions?: AcumaticaClientTuning;
  /** One client per workspace and batch, so its concurrency cap is shared; created on first use. */
  clients?: Map<string, Promise<AcumaticaClient>>;
}

export type OrderRow = typeof orders.$inferSelect;

export async function loadOrder(db: Db, workspaceId: string, orderId: string): Promise<{ row: OrderRow; hub: HubOrder; shopCode: string | null } | null> {
  const [found] = await db
    .select({ row: orders, shopSettings: connections.settings })
    .from(orders)
    .leftJoin(connections, eq(connections.id, orders.connectionId))
    .where(and(eq(orders.workspaceId, workspaceId), eq(orders.id, orderId)));
  if (!found) return null;
  const code = found.shopSettings?.shopCode;
  return { row: found.row, hub: found.row.detail as unknown as HubOrder, shopCode: typeof code === "string" ? code : null };
}

const erp = alias(connections, "erp");

const loadForPushQuery = preparedPerDb("ob_load_order_for_push", (db: Db, name) =>
  db
    .select({
      row: orders,
      shopSettings: connections.settings,
      binding: syncBindings,
      erpSettings: erp.settings,
      hasOpenExceptions: sql<boolean>`exists (select 1 from ${syncExceptions} where ${syncExceptions.workspaceId} = ${orders.workspaceId} and ${syncExceptions.entityType} = 'order' and ${syncExceptions.entityId} = ${orders.id} and ${syncExceptions.status} = 'open')`,
      hasConnectionProblems: sql<boolean>`exists (select 1 from ${syncExceptions} where ${syncExceptions.workspaceId} = ${orders.workspaceId} and ${syncExceptions.entityType} = 'connection' and ${syncExceptions.status} = 'open' and ${syncExceptions.cause} in ('acumatica_not_connected', 'authorization_lost'))`,
    })
    .from(orders)
    .leftJoin(connections, eq(connections.id, orders.connectionId))
    .leftJoin(
      syncBindings,
      and(eq(syncBindings.workspaceId, orders.workspaceId), eq(syncBindings.entityType, "order"), eq(syncBindings.entityId, orders.id), eq(syncBindings.target, "acumatica")),
    )
    .leftJoin(erp, and(eq(erp.workspaceId, orders.workspaceId), eq(erp.provider, "acumatica"), eq(erp.externalId, "")))
    .where(and(eq(orders.workspaceId, sql.placeholder("workspaceId")), eq(orders.id, sql.placeholder("orderId"))))
    .prepare(name as string),
);

/**
 * What a push reads before deciding, in one round trip: the order, its shop's code, its Acumatica binding (if any)
 * and the workspace's order settings.
 */
export async function loadOrderForPush(
  db: Db,
  workspaceId: string,
  orderId: string,
): Promise<{
  row: OrderRow;
  hub: HubOrder;
  shopCode: string | null;
  binding: Binding | null;
  settings: OrderSettings;
  /** The order has open exceptions (a success must close them); none is the usual case, and saves two statements. */
  hasOpenExceptions: boolean;
  /** The workspace has an open "not connected" / "authorization lost" exception that a success closes. */
  hasConnectionProblems: boolean;
} | null> {
  const [found] = await loadForPushQuery(db).execute({ workspaceId, orderId });
  if (!found) return null;
  const code = found.shopSettings?.shopCode;
  return {
    row: found.row,
    hub: found.row.detail as unknown as HubOrder,
    shopCode: typeof code === "string" ? code : null,
    binding: found.binding,
    settings: parseStoredSettings(orderSettingsSchema, found.erpSettings?.orders ?? {}, ORDER_SETTINGS_SCREEN),
    hasOpenExceptions: found.hasOpenExceptions,
    hasConnectionProblems: found.hasConnectionProblems,
  };
}

export async function loadSettings(db: Db, workspaceId: string): Promise<OrderSettings> {
  return (await getOrderSettings(db, workspaceId)).settings;
}

export function addEvent(db: Db | JobTx["db"], workspaceId: string, orderId: string, kind: string, message: string, data: Record<string, unknown> = {}) {
  return db.insert(orderEvents).values({ workspaceId, orderId, kind, message, data });
}

/** The connection-level exception entity of a workspace's Acumatica (the connection row, or the workspace when none exists). */
async function acumaticaEntity(db: Db, workspaceId: string) {
  const [row] = await db
    .select({ id: connections.id })
    .from(connections)
    .where(and(eq(connections.workspaceId, workspaceId), eq(connections.provider, "acumatica"), eq(connections.externalId, "")));
  return { workspaceId, entityType: "connection" as const, entityId: row?.id ?? workspaceId, orderId: null };
}

export class ParkedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ParkedError";
  }
}

/**
 * The workspace's Acumatica client, or a ParkedError when it cannot be used
 * (not connected, authorization lost): the work waits and resumes on connect.
 * The connection-level exception says so once for the whole workspace.
 */
export async function acumaticaFor(deps: EngineDeps, workspaceId: string): Promise<AcumaticaClient> {
  deps.clients ??= new Map();
  let client = deps.clients.get(workspaceId);
  if (!client) {
    client = getAcumaticaClient(deps.db, workspaceId, deps.clientOptions);
    deps.clients.set(workspaceId, client);
    client.catch(() => deps.clients?.delete(workspaceId));
  }
  try {
    const c = await client;
    return c;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const entity = await acumaticaEntity(deps.db, workspaceId);
    await syncProblems(deps.db, entity, [{ cause: "acumatica_not_connected", message: `Orders wait for Acumatica: ${err.message}` }], "superseded", ["acumatica_not_connected"]);
    throw new ParkedError("Acumatica is not connected: waiting for Connect.");
  }
}

/** An Acumatica answer that means the authorization is gone: flag the connection, open the exception, park. */
export async function parkOnLostAuthorization(deps: EngineDeps, workspaceId: string, err: unknown): Promise<void> {
  if (err instanceof AcumaticaError && (err.code === "redirect" || err.code === "blocked_address")) {
    // The API URL itself is unusable (it redirects, or points at a refused address): only the merchant can fix it.
    const entity = await acumaticaEntity(deps.db, workspaceId);
    await syncProblems(deps.db, entity, [{ cause: "acumatica_not_connected", message: `Orders wait for Acumatica: ${err.message}` }], "superseded", ["acumatica_not_connected"]);
    throw new ParkedError(err.message);
  }
  if (!(err instanceof AcumaticaError) || !["unauthorized", "invalid_grant", "invalid_client"].includes(err.code)) return;
  await markAuthorizationLost(deps.db, { workspaceId, provider: "acumatica", connectionIds: [(await acumaticaEntity(deps.db, workspaceId)).entityId] });
  const entity = await acumaticaEntity(deps.db, workspaceId);
  await syncProblems(deps.db, entity, [{ cause: "authorization_lost", message: `Acumatica refused the stored authorization (${err.message}). Connect again; waiting orders resume then.` }], "superseded", ["authorization_lost"]);
  deps.clients?.delete(workspaceId);
  throw new ParkedError("Acumatica authorization lost: waiting for Connect.");
}

/** Closes the connection-level exceptions once Acumatica works again (one statement; nothing to do is the usual case). */
export async function closeConnectionProblems(db: Db, workspaceId: string, resolution: string) {
  await db
    .update(syncExceptions)
    .set({ status: "closed", closedAt: sql`now()`, resolution })
    .where(
      and(
        eq(syncExceptions.workspaceId, workspaceId),
        eq(syncExceptions.entityType, "connection"),
        eq(syncExceptions.status, "open"),
        inArray(syncExceptions.cause, ["acumatica_not_connected", "authorization_lost"]),
      ),
    );
}

export const touchOrder = (db: Db | JobTx["db"], workspaceId: string, orderId: string, set: Partial<typeof orders.$inferInsert>) =>
  db.update(orders).set({ ...set, updatedAt: sql`now()` }).where(and(eq(orders.workspaceId, workspaceId), eq(orders.id, orderId)));
