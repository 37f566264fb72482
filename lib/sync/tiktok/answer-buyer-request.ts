import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections, orderEvents, orderRefunds, orders } from "@/lib/db/schema";
import { getTikTokShopClient } from "@/lib/connections/clients";
import { tiktokShopSettingsSchema } from "@/lib/connections/stored-settings";
import type { TikTokShopClient } from "@/lib/connectors/tiktok-shop/client";
import type { AnswerAction } from "@/lib/connectors/tiktok-shop/client-answers";
import { answerIdempotencyKey } from "@/lib/connectors/tiktok-shop/client-answers";
import type { TikTokShopError } from "@/lib/connectors/tiktok-shop/errors";
import { isPendingBuyerCancellation, isPendingBuyerReturn } from "@/lib/connectors/tiktok-shop/mapper";
import type { JobTx } from "@/lib/jobs/transaction";
import { logger } from "@/lib/logger";
import type { EngineDeps } from "@/lib/sync/acumatica/context";
import { addEvent, parkOnLostAuthorization, ParkedError } from "@/lib/sync/acumatica/context";
import { createExactlyOnce } from "@/lib/sync/acumatica/create-once";
import { checkShippedInAcumatica } from "@/lib/sync/acumatica/shipped-check";
import type { BindingKey } from "@/lib/sync/bindings";
import { getBinding } from "@/lib/sync/bindings";
import type { Problem } from "@/lib/sync/exceptions/causes";
import { BUYER_REQUEST_CAUSES } from "@/lib/sync/exceptions/causes";
import { closeProblems, syncProblems } from "@/lib/sync/exceptions/service";
import type { LiveRequest } from "./buyer-request-plan";
import { isApprovedStatus, planAnswer } from "./buyer-request-plan";
import { fetchAndIngestOrders, fetchAndIngestRefunds } from "./pull";
import { classifyTikTok } from "./tiktok-failures";

export type AnswerOutcome =
  | { kind: "approved" | "exists"; requestId: string }
  | { kind: "noted"; requestId: string }
  | { kind: "held" | "refused"; problems: Problem[] }
  | { kind: "skipped" | "parked"; reason: string }
  | { kind: "wait"; retryInMs: number; reason: string };

/**
 * After a lost answer the request is read again first; TikTok applies a resent answer once (its idempotency key),
 * so the wait before a resend is short, unlike Acumatica's processing window.
 */
const ANSWER_SETTLE_MS = 60_000;

type Row = { refund: typeof orderRefunds.$inferSelect; order: typeof orders.$inferSelect; shop: typeof connections.$inferSelect | null };
type Entity = { workspaceId: string; entityType: "refund"; entityId: string; orderId: string };

/** The binding of OrderBridge's answer to one request: created once the approval is known to have landed. */
const answerKey = (entity: Entity): BindingKey => ({ workspaceId: entity.workspaceId, entityType: "refund", entityId: entity.entityId, target: "tiktok_shop" });

/** The request as TikTok reports it now, or null when TikTok does not list it. */
async function readLiveRequest(client: TikTokShopClient, refund: Row["refund"]): Promise<LiveRequest | null> {
  if (refund.kind === "cancellation") {
    const [c] = (await client.searchCancellations({ pageSize: 10, filter: { cancelIds: [refund.externalId] } })).items;
    return c ? { kind: "cancellation", id: c.cancel_id, type: c.cancel_type, status: c.cancel_status, pending: isPendingBuyerCancellation(c) } : null;
  }
  const [r] = (await client.searchReturns({ pageSize: 10, filter: { returnIds: [refund.externalId] } })).items;
  return r ? { kind: "return", id: r.return_id, type: r.return_type, status: r.return_status, pending: isPendingBuyerReturn(r) } : null;
}

/** One timeline line per request and kind of line: a job run again (or a status seen twice) does not repeat it. */
async function noteOnce(db: Db | JobTx["db"], entity: Entity, kind: string, requestId: string, message: string) {
  const [seen] = await db
    .select({ id: orderEvents.id })
    .from(orderEvents)
    .where(and(eq(orderEvents.workspaceId, entity.workspaceId), eq(orderEvents.orderId, entity.orderId), eq(orderEvents.kind, kind), sql`${orderEvents.data}->>'requestId' = ${requestId}`))
    .limit(1);
  if (!seen) await addEvent(db, entity.workspaceId, entity.orderId, kind, message, { requestId, refundId: entity.entityId });
}

/**
 * Answers one buyer request as the shop's settings say (Connectors → TikTok
 * Shop → Buyer requests), after reading it from TikTok: a request that no
 * longer waits only closes its exceptions; "Leave to Seller Center" notes it
 * on the timeline; a cancellation is approved only while Acumatica has not
 * shipped the order (else an exception asks for an answer in Seller Center);
 * a refund or return is approved with the decision of its type. An approval
 * is sent exactly once (a binding per request, settled by re-reading the
 * request after a lost answer, and TikTok's idempotency key).
 */
export async function answerBuyerRequest(deps: EngineDeps, p: { workspaceId: string; refundId: string }): Promise<AnswerOutcome> {
  const [row] = await deps.db
    .select({ refund: orderRefunds, order: orders, shop: connections })
    .from(orderRefunds)
    .innerJoin(orders, eq(orders.id, orderRefunds.orderId))
    .leftJoin(connections, eq(connections.id, orders.connectionId))
    .where(and(eq(orderRefunds.workspaceId, p.workspaceId), eq(orderRefunds.id, p.refundId)));
  if (!row) return { kind: "skipped", reason: "No such request." };
  const entity: Entity = { workspaceId: p.workspaceId, entityType: "refund", entityId: row.refund.id, orderId: row.order.id };
  if (!row.shop || row.shop.status !== "connected") {
    await syncProblems(deps.db, entity, [{ cause: "tiktok_not_connected", message: "The order's TikTok shop is not connected: the buyer's request waits until it is reconnected (or answer it in Seller Center)." }], "superseded", ["tiktok_not_connected"]);
    return { kind: "parked", reason: "The TikTok shop is not connected." };
  }
  const settings = tiktokShopSettingsSchema.parse(row.shop.settings);
  const client = await getTikTokShopClient(deps.db, p.workspaceId, row.shop.id);
  const live = await readLiveRequest(client, row.refund);
  if (!live) return { kind: "skipped", reason: `TikTok Shop does not list request ${row.refund.externalId}.` };
  const plan = planAnswer(live, settings);
  const what = live.kind === "cancellation" ? `the buyer's cancellation request ${live.id}` : `the buyer's ${live.type === "REFUND" ? "refund" : "return"} request ${live.id}`;
  switch (plan.do) {
    case "close": {
      const binding = await getBinding(deps.db, answerKey(entity));
      if (binding?.state === "unknown" || binding?.state === "creating") {
        // An approval went out and its answer was lost: the request's status now settles it (nothing is sent).
        const action = live.kind === "cancellation" ? "approve-cancellation" : "approve-return";
        const outcome = await approveOnce(deps, { row, entity, client, live, action, what }, () => Promise.reject(new Error("the request no longer waits for an answer")));
        if (live.kind === "cancellation" && (outcome.kind === "approved" || outcome.kind === "exists")) await readBack(deps, row, { order: true });
        return outcome;
      }
      await closeProblems(deps.db, entity, `closed: ${plan.why}`, BUYER_REQUEST_CAUSES);
      return { kind: "skipped", reason: `No longer waiting for the seller: ${plan.why}.` };
    }
    case "note":
      await noteOnce(deps.db, entity, "buyer-request", live.id, plan.message);
      await closeProblems(deps.db, entity, "superseded: left to Seller Center", BUYER_REQUEST_CAUSES);
      return { kind: "noted", requestId: live.id };
    case "approve-return":
      return approveOnce(deps, { row, entity, client, live, action: "approve-return", what }, () => client.approveReturn(live.id, { decision: plan.decision }));
    case "approve-if-not-shipped":
      return approveCancellationIfNotShipped(deps, { row, entity, client, live, what });
  }
}

async function approveCancellationIfNotShipped(deps: EngineDeps, c: { row: Row; entity: Entity; client: TikTokShopClient; live: LiveRequest; what: string }): Promise<AnswerOutcome> {
  let check;
  try {
    check = await checkShippedInAcumatica(deps, { workspaceId: c.entity.workspaceId, orderId: c.row.order.id });
  } catch (err) {
    // Acumatica not connected, or its authorization lost (the connection's exception says so): look again in a while.
    const parked = err instanceof ParkedError ? err : await parkOnLostAuthorization(deps, c.entity.workspaceId, err).then(() => null, (e: unknown) => e);
    if (parked instanceof ParkedError) return { kind: "wait", retryInMs: 300_000, reason: parked.message };
    throw parked ?? err;
  }
  if ("wait" in check) return { kind: "wait", retryInMs: 30_000, reason: check.wait };
  if (check.shipped) {
    const problem: Problem = {
      cause: "buyer_cancel_after_shipment",
      subject: c.live.id,
      message: `The buyer asked to cancel order ${c.row.order.externalId} (request ${c.live.id}), but it already shipped from Acumatica: ${check.reason}. OrderBridge did not approve it — answer the request in TikTok Shop Seller Center.`,
    };
    await deps.transaction(async (tx) => {
      await syncProblems(tx.db, c.entity, [problem], "superseded", BUYER_REQUEST_CAUSES);
      await noteOnce(tx.db, c.entity, "buyer-cancel-held", c.live.id, `The buyer asked to cancel (request ${c.live.id}); not approved because ${check.reason}. Answer it in Seller Center.`);
    });
    return { kind: "held", problems: [problem] };
  }
  const outcome = await approveOnce(deps, { ...c, action: "approve-cancellation" }, () => c.client.approveCancellation(c.live.id));
  // TikTok cancels the order now; reading it back lets the cancellation flow cancel the sales order without waiting for
  // the webhook or the next pull (which would bring the same change).
  if (outcome.kind === "approved" || outcome.kind === "exists") await readBack(deps, c.row, { order: true });
  return outcome;
}

async function approveOnce(
  deps: EngineDeps,
  c: { row: Row; entity: Entity; client: TikTokShopClient; live: LiveRequest; action: AnswerAction; what: string },
  send: () => Promise<void>,
): Promise<AnswerOutcome> {
  const { row, entity, client, live } = c;
  const result = await createExactlyOnce<{ status: string }, TikTokShopError>({ ...deps, settleMs: Math.min(deps.settleMs, ANSWER_SETTLE_MS) }, answerKey(entity), answerIdempotencyKey(c.action, live.id), {
    classify: classifyTikTok,
    // A lost answer: what TikTok says about the request now settles it.
    lookup: async () => {
      const now = await readLiveRequest(client, row.refund);
      return now && !now.pending ? { status: now.status } : null;
    },
    create: async () => {
      await send();
      return { status: "approved" };
    },
    keysOf: () => ({ externalType: `${live.kind}-approval`, externalId: live.id }),
    payloadHash: null,
    async onDone(tx, r, created) {
      const human = r.status.replace(/_/g, " ").toLowerCase();
      const message = created
        ? `Approved ${c.what} on TikTok Shop.`
        : isApprovedStatus(r.status)
          ? `${c.what[0]!.toUpperCase()}${c.what.slice(1)} was approved on TikTok Shop (found ${human} after an unanswered approval).`
          : `${c.what[0]!.toUpperCase()}${c.what.slice(1)} no longer waits for an answer (${human} on TikTok Shop).`;
      await closeProblems(tx.db, entity, created ? "fixed: approved" : `closed: ${human}`, BUYER_REQUEST_CAUSES);
      await addEvent(tx.db, entity.workspaceId, entity.orderId, "buyer-request-approved", message, { requestId: live.id, refundId: entity.entityId });
    },
  });
  switch (result.kind) {
    case "done":
      if (c.action === "approve-return") await readBack(deps, row, { order: false });
      return { kind: result.created ? "approved" : "exists", requestId: live.id };
    case "exists":
      return { kind: "exists", requestId: live.id };
    case "wait":
      return result;
    case "refused": {
      const err = result.error;
      // Answered meanwhile (in Seller Center, or the buyer withdrew): nothing left to do.
      const now = err.kind === "conflict" ? await readLiveRequest(client, row.refund) : null;
      if (now && !now.pending) {
        await closeProblems(deps.db, entity, `closed: the request is ${now.status.replace(/_/g, " ").toLowerCase()} on TikTok Shop`, BUYER_REQUEST_CAUSES);
        return { kind: "skipped", reason: "The request was answered or withdrawn meanwhile." };
      }
      const problem: Problem = {
        cause: "buyer_request_unanswered",
        subject: live.id,
        message: `TikTok Shop refused to approve ${c.what} (order ${row.order.externalId}): ${err.message}. Answer it in TikTok Shop Seller Center.`,
        raw: { code: err.code, kind: err.kind, message: err.message },
      };
      await deps.transaction(async (tx) => {
        await syncProblems(tx.db, entity, [problem], "superseded", BUYER_REQUEST_CAUSES);
        await addEvent(tx.db, entity.workspaceId, entity.orderId, "buyer-request-refused", problem.message, { requestId: live.id, refundId: entity.entityId });
      });
      return { kind: "refused", problems: [problem] };
    }
  }
}

/** Reads the order (when asked) and its requests back from TikTok after an answer; a failure only leaves it to the webhook and the next pull. */
async function readBack(deps: EngineDeps, row: Row, what: { order: boolean }) {
  if (!row.order.connectionId) return;
  const source = { workspaceId: row.order.workspaceId, connectionId: row.order.connectionId, shopId: row.order.shopId };
  try {
    if (what.order) await fetchAndIngestOrders(deps, source, [row.order.externalId]);
    await fetchAndIngestRefunds(deps, source, [row.order.externalId]);
  } catch (err) {
    logger.warn("reading the order back after answering a buyer request failed; the webhook or the next pull brings it", { orderId: row.order.id, err });
  }
}
