import { and, eq, sql } from "drizzle-orm";
import { syncBindings } from "@/lib/db/schema";
import { AcumaticaError } from "@/lib/connectors/acumatica/errors";
import type { BindingKey } from "@/lib/sync/bindings";
import { getBinding } from "@/lib/sync/bindings";
import { syncProblems } from "@/lib/sync/exceptions/service";
import type { EngineDeps } from "./context";
import { acumaticaFor, addEvent, loadOrder, loadSettings, parkOnLostAuthorization, ParkedError } from "./context";
import { PUSH_CAUSES } from "./push-order";

export type CancelOutcome =
  | { kind: "canceled"; orderType: string; orderNbr: string }
  | { kind: "skipped"; reason: string }
  | { kind: "refused"; message: string }
  | { kind: "parked"; reason: string }
  | { kind: "wait"; retryInMs: number; reason: string };

/**
 * Follows a TikTok cancellation into Acumatica: cancels the sales order when
 * "Push canceled orders to Acumatica" is on. Acumatica refuses to cancel an
 * order that has shipments or is completed; that becomes an exception in
 * plain words. An order that never reached Acumatica has nothing to cancel,
 * and its open push exceptions are moot.
 */
export async function cancelSalesOrder(deps: EngineDeps, p: { workspaceId: string; orderId: string }): Promise<CancelOutcome> {
  try {
    return await cancelOnce(deps, p);
  } catch (err) {
    if (err instanceof ParkedError) return { kind: "parked", reason: err.message };
    throw err;
  }
}

async function cancelOnce(deps: EngineDeps, p: { workspaceId: string; orderId: string }): Promise<CancelOutcome> {
  const loaded = await loadOrder(deps.db, p.workspaceId, p.orderId);
  if (!loaded || loaded.row.channelStatus !== "CANCELLED") return { kind: "skipped", reason: "The order is not canceled on TikTok Shop." };
  const entity = { workspaceId: p.workspaceId, entityType: "order" as const, entityId: p.orderId, orderId: p.orderId };
  const key: BindingKey = { workspaceId: p.workspaceId, entityType: "order", entityId: p.orderId, target: "acumatica" };
  const binding = await getBinding(deps.db, key);
  if (!binding || binding.state === "failed" || binding.state === "pending") {
    await syncProblems(deps.db, entity, [], "superseded: the order was canceled on TikTok Shop before it reached Acumatica", PUSH_CAUSES);
    return { kind: "skipped", reason: "Canceled before it reached Acumatica: nothing to cancel there." };
  }
  if (binding.state === "creating" || binding.state === "unknown") return { kind: "wait", retryInMs: 30_000, reason: "the sales order's creation is not settled yet" };
  if (binding.externalCanceledAt) return { kind: "canceled", orderType: binding.externalType!, orderNbr: binding.externalId! };
  const settings = await loadSettings(deps.db, p.workspaceId);
  if (!settings.sync.pushCanceledOrders) return { kind: "skipped", reason: "Push canceled orders to Acumatica is off." };

  const orderType = binding.externalType!;
  const orderNbr = binding.externalId!;
  const client = await acumaticaFor(deps, p.workspaceId);
  try {
    await client.salesOrders.cancel(orderType, orderNbr);
  } catch (err) {
    if (!(err instanceof AcumaticaError)) throw err;
    await parkOnLostAuthorization(deps, p.workspaceId, err);
    if (err.retryable) throw err;
    const message = `Acumatica refused to cancel ${orderType} ${orderNbr}: ${err.message} It may have shipped already — cancel it, or take the return, in Acumatica.`;
    await syncProblems(deps.db, entity, [{ cause: "cancel_refused", message, raw: { code: err.code, message: err.message } }], "superseded", ["cancel_refused"]);
    await addEvent(deps.db, p.workspaceId, p.orderId, "cancel-refused", message);
    return { kind: "refused", message };
  }
  await deps.transaction(async (tx) => {
    await tx.db
      .update(syncBindings)
      .set({ externalCanceledAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(syncBindings.id, binding.id), eq(syncBindings.workspaceId, p.workspaceId)));
    await syncProblems(tx.db, entity, [], `fixed: ${orderType} ${orderNbr} canceled`, ["cancel_refused"]);
    await addEvent(tx.db, p.workspaceId, p.orderId, "canceled", `Canceled sales order ${orderType} ${orderNbr} in Acumatica.`, { orderType, orderNbr });
  });
  return { kind: "canceled", orderType, orderNbr };
}
