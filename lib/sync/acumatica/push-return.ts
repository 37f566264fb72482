import { and, eq } from "drizzle-orm";
import { orderRefunds } from "@/lib/db/schema";
import { toReturnOrderInput } from "@/lib/connectors/acumatica/mapper";
import { contentHash } from "@/lib/orders/ingest";
import type { HubRefund } from "@/lib/orders/types";
import type { BindingKey } from "@/lib/sync/bindings";
import { getBinding } from "@/lib/sync/bindings";
import type { Problem } from "@/lib/sync/exceptions/causes";
import { syncProblems } from "@/lib/sync/exceptions/service";
import type { EngineDeps } from "./context";
import { acumaticaFor, addEvent, loadOrder, loadSettings, parkOnLostAuthorization, ParkedError } from "./context";
import { createExactlyOnce } from "./create-once";
import { problemsFromRefusal } from "./push-order";
import { resolveSkus } from "./skus";

const REFUND_CAUSES = ["refund_original_missing", "sku_not_found", "sku_spelling", "field_rejected", "order_type_rejected", "customer_rejected", "payment_method_rejected"] as const;

export type ReturnOutcome =
  | { kind: "created" | "exists"; orderType: string; orderNbr: string }
  | { kind: "skipped"; reason: string }
  | { kind: "blocked" | "refused"; problems: Problem[] }
  | { kind: "parked"; reason: string }
  | { kind: "wait"; retryInMs: number; reason: string };

/**
 * With "Allow push refund orders to Acumatica" on, a completed TikTok return
 * or refund becomes a separate order of the refund type (RC by default) with
 * the refunded lines and amounts, linked to the original sales order — once.
 */
export async function pushReturnOrder(deps: EngineDeps, p: { workspaceId: string; refundId: string }): Promise<ReturnOutcome> {
  try {
    return await pushOnce(deps, p);
  } catch (err) {
    if (err instanceof ParkedError) return { kind: "parked", reason: err.message };
    throw err;
  }
}

async function pushOnce(deps: EngineDeps, p: { workspaceId: string; refundId: string }): Promise<ReturnOutcome> {
  const [refundRow] = await deps.db.select().from(orderRefunds).where(and(eq(orderRefunds.workspaceId, p.workspaceId), eq(orderRefunds.id, p.refundId)));
  if (!refundRow) return { kind: "skipped", reason: "No such refund." };
  const settings = await loadSettings(deps.db, p.workspaceId);
  if (!settings.sync.allowRefunds) return { kind: "skipped", reason: "Allow push refund orders to Acumatica is off (it is off by default)." };
  if (!refundRow.completed) return { kind: "skipped", reason: "The refund is not complete on TikTok Shop yet." };
  if (refundRow.kind === "cancellation") return { kind: "skipped", reason: "A cancellation is followed by canceling the sales order, not by a return order." };
  const loaded = await loadOrder(deps.db, p.workspaceId, refundRow.orderId);
  if (!loaded) return { kind: "skipped", reason: "The refund's order is gone." };
  const { hub } = loaded;
  const entity = { workspaceId: p.workspaceId, entityType: "refund" as const, entityId: refundRow.id, orderId: refundRow.orderId };
  const original = await getBinding(deps.db, { workspaceId: p.workspaceId, entityType: "order", entityId: refundRow.orderId, target: "acumatica" });
  if (!original || original.state !== "created") {
    if (original && (original.state === "creating" || original.state === "unknown")) return { kind: "wait", retryInMs: 30_000, reason: "the original sales order is being created" };
    const problems: Problem[] = [
      { cause: "refund_original_missing", message: `Refund ${refundRow.externalId} needs the original order in Acumatica first; order ${hub.externalId} was never sent there.` },
    ];
    await syncProblems(deps.db, entity, problems, "superseded", REFUND_CAUSES);
    return { kind: "blocked", problems };
  }

  const refund: HubRefund = {
    externalId: refundRow.externalId,
    orderExternalId: hub.externalId,
    kind: refundRow.kind,
    channelStatus: refundRow.channelStatus,
    completed: refundRow.completed,
    currency: refundRow.currency,
    total: refundRow.total,
    subtotal: refundRow.subtotal,
    shipping: refundRow.shipping,
    tax: refundRow.tax,
    lines: refundRow.lines as unknown as HubRefund["lines"],
    updatedAt: refundRow.channelUpdatedAt.toISOString(),
  };
  const client = await acumaticaFor(deps, p.workspaceId);
  const problems: Problem[] = [];
  const inventoryIds: Record<string, string> = {};
  try {
    const resolved = await resolveSkus(deps.db, client, p.workspaceId, refund.lines.map((l) => l.sku));
    for (const [sku, r] of resolved) if ("problem" in r) problems.push(r.problem);
    else inventoryIds[sku] = r.inventoryId;
  } catch (err) {
    await parkOnLostAuthorization(deps, p.workspaceId, err);
    throw err;
  }
  if (problems.length) {
    await syncProblems(deps.db, entity, problems, "superseded", REFUND_CAUSES);
    return { kind: "blocked", problems };
  }
  const orderType = settings.orderTypes.refundOrderType;
  const target = {
    orderType,
    customerId: settings.customer.genericCustomerId,
    paymentMethod: settings.mapping.paymentMethod,
    warehouseId: settings.warehouseId || null,
    inventoryIds,
    externalRef: refund.externalId,
    original: { orderType: original.externalType!, orderNbr: original.externalId! },
  };
  const payload = toReturnOrderInput(refund, hub, target);
  const key: BindingKey = { workspaceId: p.workspaceId, entityType: "refund", entityId: refundRow.id, target: "acumatica" };
  const result = await createExactlyOnce(deps, key, refund.externalId, {
    lookup: () => client.salesOrders.findByExternalRef(refund.externalId, orderType, ["Totals"]),
    create: () => client.salesOrders.create(payload, { expand: ["Details", "Totals", "FinancialSettings"] }),
    keysOf: (so) => ({ externalType: so.OrderType ?? orderType, externalId: so.OrderNbr ?? "" }),
    payloadHash: contentHash(payload),
    async onDone(tx, so, created) {
      await syncProblems(tx.db, entity, [], `fixed: in Acumatica as ${so.OrderType} ${so.OrderNbr}`, REFUND_CAUSES);
      await addEvent(
        tx.db,
        p.workspaceId,
        refundRow.orderId,
        "refund-pushed",
        `${created ? "Created" : "Found"} return order ${so.OrderType} ${so.OrderNbr} in Acumatica for ${refund.kind} ${refund.externalId} (${refund.total} ${refund.currency}), linked to ${original.externalType} ${original.externalId}.`,
        { refundId: refundRow.id, orderType: so.OrderType, orderNbr: so.OrderNbr },
      );
    },
  });
  switch (result.kind) {
    case "done":
      return { kind: result.created ? "created" : "exists", orderType: result.externalType, orderNbr: result.externalId };
    case "exists":
      return { kind: "exists", orderType: result.externalType, orderNbr: result.externalId };
    case "wait":
      return result;
    case "refused": {
      await parkOnLostAuthorization(deps, p.workspaceId, result.error);
      const refused = problemsFromRefusal(result.error, {
        lineSkus: refund.lines.filter((l) => l.quantity > 0).map((l) => l.sku),
        shippingOption: null,
        target: { ...target, shipVia: null },
        payload,
      });
      await syncProblems(deps.db, entity, refused, "superseded", REFUND_CAUSES);
      await addEvent(deps.db, p.workspaceId, refundRow.orderId, "refund-refused", `Acumatica refused the return order: ${refused.map((x) => x.message).join(" ")}`);
      return { kind: "refused", problems: refused };
    }
  }
}
