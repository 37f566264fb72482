import type { SalesOrder } from "@/lib/connectors/acumatica/api-types";
import { and, desc, eq } from "drizzle-orm";
import { orderEvents } from "@/lib/db/schema";
import type { SalesOrderInput } from "@/lib/connectors/acumatica/client";
import type { AcumaticaError } from "@/lib/connectors/acumatica/errors";
import { salesOrderTotals, toSalesOrderInput } from "@/lib/connectors/acumatica/mapper";
import type { SalesOrderTarget } from "@/lib/connectors/acumatica/mapper";
import type { OrderSettings } from "@/lib/order-settings/schemas";
import { contentHash } from "@/lib/orders/ingest";
import { moneyEquals, toUnits } from "@/lib/orders/money";
import type { HubOrder } from "@/lib/orders/types";
import type { BindingKey } from "@/lib/sync/bindings";
import { completeBindingWithEvent } from "@/lib/sync/bindings";
import type { Problem } from "@/lib/sync/exceptions/causes";
import { syncProblems } from "@/lib/sync/exceptions/service";
import type { EngineDeps } from "./context";
import { createExactlyOnce } from "./create-once";
import { acumaticaFor, addEvent, closeConnectionProblems, loadOrderForPush, parkOnLostAuthorization, ParkedError, touchOrder } from "./context";
import type { Hold } from "./evaluate";
import { holdsOf, orderTypeFor, settingsProblemsOf } from "./evaluate";
import { resolveSkus } from "./skus";

/** Exception causes the push of an order owns: a push closes those of them that no longer apply. */
export const PUSH_CAUSES = [
  "generic_customer_missing",
  "customer_rejected",
  "shipping_option_unmapped",
  "ship_via_rejected",
  "payment_method_unmapped",
  "payment_method_rejected",
  "order_type_rejected",
  "tax_rejected",
  "sku_not_found",
  "sku_spelling",
  "field_rejected",
  "totals_mismatch",
  "retries_exhausted",
] as const;

export type PushOutcome =
  | { kind: "created"; orderType: string; orderNbr: string }
  | { kind: "exists"; orderType: string; orderNbr: string }
  | { kind: "held"; holds: Hold[] }
  | { kind: "blocked"; problems: Problem[] }
  | { kind: "refused"; problems: Problem[] }
  | { kind: "parked"; reason: string }
  | { kind: "wait"; retryInMs: number; reason: string };

export interface Plan {
  holds: Hold[];
  problems: Problem[];
  /** The exact body that would be sent (with the SKUs resolved so far). */
  payload: SalesOrderInput | null;
  target: SalesOrderTarget | null;
  totals: { acumatica: string; tiktok: string } | null;
}

/** Everything the push decides before sending: holds, problems, and the body. Used by the push, the preview and the "why" view. */
export async function planSalesOrder(
  deps: EngineDeps,
  p: { workspaceId: string; hub: HubOrder; status: HubOrder["status"]; connectionId: string | null; shopCode: string | null; settings: OrderSettings; test?: boolean; checkSkus: boolean },
): Promise<Plan> {
  const { hub, settings } = p;
  const holds = holdsOf({ order: { ...hub, status: p.status }, connectionId: p.connectionId, settings, test: p.test });
  const problems = settingsProblemsOf(hub, settings);
  const inventoryIds: Record<number, string> = {};
  if (p.checkSkus) {
    const client = await acumaticaFor(deps, p.workspaceId);
    const resolved = await resolveSkus(deps.db, client, p.workspaceId, hub.lines.filter((l) => l.quantity > 0).map((l) => l.sku));
    for (const line of hub.lines) {
      const r = resolved.get(line.sku);
      if (!r) continue;
      if ("problem" in r) problems.push(r.problem);
      else inventoryIds[line.lineNo] = r.inventoryId;
    }
  }
  const tax = settings.tax;
  const target: SalesOrderTarget = {
    orderType: orderTypeFor(settings, p.shopCode),
    customerId: settings.customer.genericCustomerId,
    paymentMethod: settings.mapping.paymentMethod,
    shipVia: hub.shippingOption ? (settings.mapping.shipVia[hub.shippingOption.id] ?? null) : null,
    warehouseId: settings.warehouseId || null,
    inventoryIds,
    tax: {
      taxZoneId: tax.taxZoneId,
      salesTaxId: tax.marketplaceFacilitator ? tax.facilitatorTaxId : tax.sellerTaxId,
      retailDeliveryFeeTaxId: tax.retailDeliveryFeeTaxId,
    },
    externalRef: hub.externalId,
  };
  const totals = salesOrderTotals(hub);
  if (!moneyEquals(totals.total, hub.amounts.total) && !problems.some((x) => x.cause === "totals_mismatch")) {
    problems.push({
      cause: "totals_mismatch",
      subject: "lines",
      message: `The sales order would total ${totals.total} ${hub.currency} but TikTok Shop charged ${hub.amounts.total}: TikTok's line amounts do not add up to its order total.`,
    });
  }
  return { holds, problems, payload: toSalesOrderInput(hub, target), target, totals: { acumatica: totals.total, tiktok: hub.amounts.total } };
}

/** A push that found the order held says why on its timeline (once per distinct reason, not on every run). */
async function noteHeld(deps: EngineDeps, workspaceId: string, orderId: string, holds: Hold[]) {
  const message = `Not sent to Acumatica: ${holds.map((h) => h.message).join(" ")}`;
  const [last] = await deps.db
    .select({ message: orderEvents.message })
    .from(orderEvents)
    .where(and(eq(orderEvents.workspaceId, workspaceId), eq(orderEvents.orderId, orderId)))
    .orderBy(desc(orderEvents.at))
    .limit(1);
  if (last?.message !== message) await addEvent(deps.db, workspaceId, orderId, "held", message, { holds: holds.map((h) => h.code) });
}

/** What fulfillment depends on: the units and the ship-to. A change after the push needs a person in Acumatica. */
export function fulfillmentHash(hub: HubOrder): string {
  return contentHash({ lines: hub.lines.map((l) => [l.sku, l.quantity]), shipTo: hub.shipTo });
}

/** An order changed on TikTok after its sales order was created (units canceled, address corrected): say so once, with what changed. */
async function noticeChangeAfterPush(deps: EngineDeps, entity: { workspaceId: string; entityType: "order"; entityId: string; orderId: string }, hub: HubOrder, binding: { payloadHash: string | null; externalType: string | null; externalId: string | null; externalCanceledAt: Date | null }) {
  if (!binding.payloadHash || binding.externalCanceledAt || hub.channelStatus === "CANCELLED") return;
  if (binding.payloadHash === fulfillmentHash(hub)) return;
  await syncProblems(
    deps.db,
    entity,
    [
      {
        cause: "changed_after_push",
        message: `This order changed on TikTok Shop (units or ship-to address) after it reached Acumatica as ${binding.externalType} ${binding.externalId}. Update that sales order in Acumatica to match, then dismiss this.`,
      },
    ],
    "superseded",
    ["changed_after_push"],
  );
}

/** Acumatica's refusal, field by field, as problems that name the setting to fix. */
export function problemsFromRefusal(
  err: AcumaticaError,
  ctx: { lineSkus: string[]; shippingOption: HubOrder["shippingOption"]; target: Pick<SalesOrderTarget, "customerId" | "shipVia" | "paymentMethod" | "orderType">; payload: SalesOrderInput },
): Problem[] {
  const { target, payload } = ctx;
  const hub = { shippingOption: ctx.shippingOption };
  const raw = { code: err.code, status: err.status, message: err.message, fieldErrors: err.fieldErrors };
  const lines = (payload.Details as Array<{ InventoryID?: string }> | undefined) ?? [];
  const out: Problem[] = [];
  for (const f of err.fieldErrors.filter((e) => e.path)) {
    const line = /^Details\[(\d+)\]\.InventoryID$/.exec(f.path);
    if (f.path === "CustomerID") out.push({ cause: "customer_rejected", message: `Acumatica refused customer ${target.customerId}: ${f.message} Check the Generic Customer Id.`, raw });
    else if (f.path === "ShipVia") {
      out.push({
        cause: "ship_via_rejected",
        subject: hub.shippingOption?.id ?? "",
        message: `Acumatica refused ship via ${target.shipVia} (mapped for '${hub.shippingOption?.name ?? "?"}'): ${f.message}`,
        raw,
      });
    } else if (f.path === "PaymentMethod") out.push({ cause: "payment_method_rejected", message: `Acumatica refused payment method ${target.paymentMethod}: ${f.message}`, raw });
    else if (f.path === "OrderType") {
      out.push({ cause: "order_type_rejected", message: `Acumatica has no order type ${target.orderType} (${f.message}) Create it in Acumatica or change the order types.`, raw });
    } else if (line) {
      out.push({
        cause: "sku_not_found",
        subject: ctx.lineSkus[Number(line[1])] ?? lines[Number(line[1])]?.InventoryID ?? "",
        message: `Acumatica refused SKU ${JSON.stringify(lines[Number(line[1])]?.InventoryID ?? "")}: ${f.message} Map it in the product's Channel Options.`,
        raw,
      });
    } else if (/^(TaxDetails|FinancialSettings|IsTaxValid)/.test(f.path)) out.push({ cause: "tax_rejected", subject: f.path, message: `Acumatica refused the tax details (${f.path}): ${f.message}`, raw });
    else out.push({ cause: "field_rejected", subject: f.path, message: `Acumatica refused ${f.path}: ${f.message}`, raw });
  }
  if (out.length === 0) out.push({ cause: "field_rejected", subject: err.code, message: `Acumatica refused the sales order: ${err.message}`, raw });
  return out;
}

/**
 * Creates the Acumatica sales order of one hub order, exactly once:
 * evaluate (holds and problems, without sending), claim the binding in the
 * database, settle any earlier lost answer by a look-up that waits out
 * Acumatica's processing window, send one create, and record the outcome with
 * the order's exceptions and timeline. Throws only for transient failures
 * (for pg-boss to retry with backoff); everything else is an outcome.
 */
export async function pushSalesOrder(deps: EngineDeps, p: { workspaceId: string; orderId: string; test?: boolean }): Promise<PushOutcome> {
  try {
    return await pushOnce(deps, p);
  } catch (err) {
    // Not connected, or the authorization is gone: the order waits and resumes on connect (acumatica.enqueue-pending).
    if (err instanceof ParkedError) return { kind: "parked", reason: err.message };
    throw err;
  }
}

async function pushOnce(deps: EngineDeps, p: { workspaceId: string; orderId: string; test?: boolean }): Promise<PushOutcome> {
  const loaded = await loadOrderForPush(deps.db, p.workspaceId, p.orderId);
  if (!loaded) return { kind: "held", holds: [] };
  const { row, hub, shopCode, binding: existing, settings, hasOpenExceptions, hasConnectionProblems } = loaded;
  const key: BindingKey = { workspaceId: p.workspaceId, entityType: "order", entityId: row.id, target: "acumatica" };
  const entity = { workspaceId: p.workspaceId, entityType: "order" as const, entityId: row.id, orderId: row.id };

  if (existing?.state === "created") {
    await noticeChangeAfterPush(deps, entity, hub, existing);
    return { kind: "exists", orderType: existing.externalType!, orderNbr: existing.externalId! };
  }

  let plan: Plan;
  try {
    const cheap = holdsOf({ order: { ...hub, status: row.status }, connectionId: row.connectionId, settings, test: p.test });
    if (cheap.length) {
      await noteHeld(deps, p.workspaceId, row.id, cheap);
      return { kind: "held", holds: cheap };
    }
    plan = await planSalesOrder(deps, { workspaceId: p.workspaceId, hub, status: row.status, connectionId: row.connectionId, shopCode, settings, test: p.test, checkSkus: true });
  } catch (err) {
    await parkOnLostAuthorization(deps, p.workspaceId, err);
    throw err;
  }
  if (plan.holds.length) return { kind: "held", holds: plan.holds };
  if (plan.problems.length) {
    await syncProblems(deps.db, entity, plan.problems, "superseded", PUSH_CAUSES);
    await addEvent(deps.db, p.workspaceId, row.id, "blocked", `Not sent to Acumatica: ${plan.problems.map((x) => x.message).join(" ")}`);
    return { kind: "blocked", problems: plan.problems };
  }
  const payload = plan.payload!;
  const target = plan.target!;
  const client = await acumaticaFor(deps, p.workspaceId);
  /** What a created (or found) sales order means for the hub: a totals check, Sent to Fulfillment, the timeline entry. */
  const successOf = (so: SalesOrder, created: boolean) => {
    const orderType = so.OrderType ?? target.orderType;
    const orderNbr = so.OrderNbr ?? "";
    const problems: Problem[] = [];
    if (so.OrderTotal !== null && toUnits(so.OrderTotal) !== toUnits(hub.amounts.total)) {
      problems.push({
        cause: "totals_mismatch",
        subject: "acumatica",
        message: `Acumatica computed ${so.OrderTotal} for ${orderType} ${orderNbr} but TikTok Shop charged ${hub.amounts.total} ${hub.currency}. Check the tax settings and the order in Acumatica.`,
      });
    }
    const markSent = settings.sync.markSentToFulfillment && (row.status === "readyForFulfillment" || row.status === "onHold");
    const event = {
      kind: "pushed",
      message: created
        ? `${p.test ? "Sent as a test order: created" : "Created"} sales order ${orderType} ${orderNbr} in Acumatica (total ${so.OrderTotal ?? "?"}).`
        : `Found sales order ${orderType} ${orderNbr} in Acumatica (sent before; the answer had been lost).`,
      data: { orderType, orderNbr, test: !!p.test },
    };
    return { orderType, orderNbr, problems, markSent, event };
  };

  const result = await createExactlyOnce(deps, key, target.externalRef, {
    lookup: () => client.salesOrders.findByExternalRef(target.externalRef, target.orderType, ["Totals"]),
    create: () => client.salesOrders.create(payload, { expand: ["Totals"] }),
    keysOf: (so) => ({ externalType: so.OrderType ?? target.orderType, externalId: so.OrderNbr ?? "" }),
    payloadHash: fulfillmentHash(hub),
    async onDone(tx, so, created) {
      const { orderType, orderNbr, problems, markSent, event } = successOf(so, created);
      if (markSent) await touchOrder(tx.db, p.workspaceId, row.id, { status: "sentToFulfillment" });
      await syncProblems(tx.db, entity, problems, `fixed: in Acumatica as ${orderType} ${orderNbr}`, PUSH_CAUSES);
      await addEvent(tx.db, p.workspaceId, row.id, event.kind, event.message, event.data);
    },
    completeInOneStatement(claimId, so, created, keys) {
      const { problems, markSent, event } = successOf(so, created);
      // Exceptions to open or close need the transaction; the usual success has none.
      if (hasOpenExceptions || problems.length) return null;
      return completeBindingWithEvent(deps.db, { ...key, entityType: "order" }, claimId, { ...keys, payloadHash: fulfillmentHash(hub) }, event, markSent ? "sentToFulfillment" : null);
    },
  });
  switch (result.kind) {
    case "done":
      if (hasConnectionProblems) await closeConnectionProblems(deps.db, p.workspaceId, "fixed: Acumatica answered");
      return result.created ? { kind: "created", orderType: result.externalType, orderNbr: result.externalId } : { kind: "exists", orderType: result.externalType, orderNbr: result.externalId };
    case "exists":
      return { kind: "exists", orderType: result.externalType, orderNbr: result.externalId };
    case "wait":
      return result;
    case "refused": {
      await parkOnLostAuthorization(deps, p.workspaceId, result.error);
      const problems = problemsFromRefusal(result.error, {
        lineSkus: hub.lines.filter((l) => l.quantity > 0).map((l) => l.sku),
        shippingOption: hub.shippingOption,
        target,
        payload,
      });
      await syncProblems(deps.db, entity, problems, "superseded", PUSH_CAUSES);
      await addEvent(deps.db, p.workspaceId, row.id, "refused", `Acumatica refused the sales order: ${problems.map((x) => x.message).join(" ")}`, { code: result.error.code });
      return { kind: "refused", problems };
    }
  }
}
