import { and, eq, inArray, isNull, notExists, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { orderRefunds, orders, syncBindings } from "@/lib/db/schema";
import type { JobTx } from "@/lib/jobs/transaction";
import type { OrderSettings, OrderSettingsSection } from "@/lib/order-settings/schemas";
import { closeCause } from "@/lib/sync/exceptions/service";
import { JOBS } from "@/lib/sync/jobs/catalog";

/** After a settings save: let the engine retry what the change may have fixed and start what it turned on. */
export async function afterOrderSettingsSaved(tx: JobTx, workspaceId: string, _section: OrderSettingsSection, before: OrderSettings, after: OrderSettings) {
  await tx.enqueue(JOBS.enqueuePending, { workspaceId }, { singletonKey: workspaceId });
  // The catalog pull starts now rather than at its next 5-minute tick.
  if (after.catalog.pullProducts && !before.catalog.pullProducts) await tx.enqueue(JOBS.pullProducts, { workspaceId }, { singletonKey: workspaceId });
  // Locations and inventory start in their new direction now rather than at the next tick.
  if (after.catalog.locations !== "off" && after.catalog.locations !== before.catalog.locations) await tx.enqueue(JOBS.syncLocations, { workspaceId }, { singletonKey: workspaceId });
  if (after.catalog.inventory === "pull" && before.catalog.inventory !== "pull") await tx.enqueue(JOBS.pullInventory, { workspaceId }, { singletonKey: workspaceId });
  if (after.catalog.inventory === "push" && before.catalog.inventory !== "push") await tx.enqueue(JOBS.pushInventoryToErp, { workspaceId }, { singletonKey: workspaceId });
}

const PAGE = 2_000;

/**
 * Queues every order (and refund) of a workspace that should be in Acumatica
 * and is not, every canceled order whose sales order is still open there, and
 * every completed refund not yet sent — with the same gates the push applies.
 * Runs after a settings change, on Connect, and on schedule (the safety net
 * for anything a crash or an outage left behind). Queuing is idempotent (one
 * queued job per record), so running it twice costs nothing.
 */
export async function enqueuePendingWork(db: Db, tx: (fn: (t: JobTx) => Promise<void>) => Promise<void>, workspaceId: string, settings: OrderSettings): Promise<{ orders: number; cancels: number; refunds: number }> {
  const counts = { orders: 0, cancels: 0, refunds: 0 };
  if (settings.sync.pushOrders) {
    const sources = settings.sync.limitToSources ? settings.sync.sources : null;
    const pending = await db
      .select({ id: orders.id })
      .from(orders)
      .where(
        and(
          eq(orders.workspaceId, workspaceId),
          eq(orders.channelStatus, "AWAITING_SHIPMENT"),
          sources ? (sources.length ? inArray(orders.connectionId, sources) : sql`false`) : undefined,
          notExists(db.select({ one: sql`1` }).from(syncBindings).where(and(eq(syncBindings.workspaceId, workspaceId), eq(syncBindings.entityType, "order"), eq(syncBindings.entityId, orders.id), eq(syncBindings.state, "created")))),
        ),
      )
      .orderBy(orders.channelCreatedAt)
      .limit(PAGE);
    await tx(async (t) => {
      for (const o of pending) if (await t.enqueue(JOBS.pushSalesOrder, { workspaceId, orderId: o.id }, { singletonKey: o.id })) counts.orders++;
    });
  }
  if (settings.sync.pushCanceledOrders) {
    const toCancel = await db
      .select({ id: orders.id })
      .from(orders)
      .innerJoin(syncBindings, and(eq(syncBindings.workspaceId, orders.workspaceId), eq(syncBindings.entityType, "order"), eq(syncBindings.entityId, orders.id)))
      .where(and(eq(orders.workspaceId, workspaceId), eq(orders.channelStatus, "CANCELLED"), eq(syncBindings.state, "created"), isNull(syncBindings.externalCanceledAt)))
      .limit(PAGE);
    await tx(async (t) => {
      for (const o of toCancel) if (await t.enqueue(JOBS.cancelSalesOrder, { workspaceId, orderId: o.id }, { singletonKey: o.id })) counts.cancels++;
    });
  }
  if (settings.sync.allowRefunds) {
    const refunds = await db
      .select({ id: orderRefunds.id })
      .from(orderRefunds)
      .where(
        and(
          eq(orderRefunds.workspaceId, workspaceId),
          eq(orderRefunds.completed, true),
          sql`${orderRefunds.kind} <> 'cancellation'`,
          notExists(db.select({ one: sql`1` }).from(syncBindings).where(and(eq(syncBindings.workspaceId, workspaceId), eq(syncBindings.entityType, "refund"), eq(syncBindings.entityId, orderRefunds.id), eq(syncBindings.state, "created")))),
        ),
      )
      .limit(PAGE);
    await tx(async (t) => {
      for (const r of refunds) if (await t.enqueue(JOBS.pushReturnOrder, { workspaceId, refundId: r.id }, { singletonKey: r.id })) counts.refunds++;
    });
  }
  return counts;
}


/** After Connect: the connection exceptions are over, and the orders that waited for Acumatica go now. */
export async function afterAcumaticaConnected(tx: JobTx, workspaceId: string) {
  await closeCause(tx.db, workspaceId, ["acumatica_not_connected", "authorization_lost"], "fixed: Acumatica connected");
  await tx.enqueue(JOBS.enqueuePending, { workspaceId }, { singletonKey: workspaceId });
}
