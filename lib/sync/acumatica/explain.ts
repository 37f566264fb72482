import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections, syncExceptions } from "@/lib/db/schema";
import type { SalesOrderInput } from "@/lib/connectors/acumatica/client";
import { fixOf } from "@/lib/sync/exceptions/causes";
import type { Cause } from "@/lib/sync/exceptions/causes";
import { getBinding, settleRemainingMs } from "@/lib/sync/bindings";
import { JOBS } from "@/lib/sync/jobs/catalog";
import type { EngineDeps } from "./context";
import { loadOrder, loadSettings, ParkedError } from "./context";
import { holdsOf, settingsProblemsOf } from "./evaluate";
import { planSalesOrder } from "./push-order";

export interface Reason {
  code: string;
  message: string;
  fix?: { path: string; label: string };
}

export interface Explanation {
  inAcumatica: { orderType: string; orderNbr: string; canceled: boolean } | null;
  /** One sentence: where the order stands. */
  summary: string;
  reasons: Reason[];
  queue: { queued: boolean; ahead: number } | null;
}

/** Where the order's push job is: queued (and behind how many of the workspace's orders), or not queued at all. */
async function queuePosition(db: Db, workspaceId: string, orderId: string): Promise<{ queued: boolean; ahead: number }> {
  // A fresh install has no queue tables until the first worker or send creates them: then nothing is queued.
  const exists = await db.execute<{ t: string | null }>(sql`select to_regclass('pgboss.job')::text as t`);
  if (!exists.rows[0]?.t) return { queued: false, ahead: 0 };
  const res = await db.execute<{ queued: boolean; ahead: number }>(sql`
    with mine as (
      select min(created_on) as at from pgboss.job
      where name = ${JOBS.pushSalesOrder.name} and state in ('created', 'retry', 'active') and data->>'orderId' = ${orderId}
    )
    select (select at from mine) is not null as queued,
      (select count(*)::int from pgboss.job j, mine
        where j.name = ${JOBS.pushSalesOrder.name} and j.state in ('created', 'retry') and j.data->>'workspaceId' = ${workspaceId}
          and j.created_on < mine.at) as ahead`);
  return res.rows[0] ?? { queued: false, ahead: 0 };
}

/**
 * "Why isn't this order in Acumatica?" — names the exact reason: the toggle,
 * the source scope, on hold, unpaid, a missing mapping, an open exception,
 * the connection, a lost answer being settled, or its place in the queue.
 */
export async function explainOrder(db: Db, workspaceId: string, orderId: string, settleMs: number): Promise<Explanation | null> {
  const loaded = await loadOrder(db, workspaceId, orderId);
  if (!loaded) return null;
  const { row, hub } = loaded;
  const binding = await getBinding(db, { workspaceId, entityType: "order", entityId: orderId, target: "acumatica" });
  if (binding?.state === "created") {
    const canceled = !!binding.externalCanceledAt;
    return {
      inAcumatica: { orderType: binding.externalType!, orderNbr: binding.externalId!, canceled },
      summary: `In Acumatica as ${binding.externalType} ${binding.externalId}${canceled ? " (canceled there)" : ""}.`,
      reasons: [],
      queue: null,
    };
  }
  const settings = await loadSettings(db, workspaceId);
  const reasons: Reason[] = [];
  const [acu] = await db
    .select({ status: connections.status, message: connections.statusMessage })
    .from(connections)
    .where(and(eq(connections.workspaceId, workspaceId), eq(connections.provider, "acumatica"), eq(connections.externalId, "")));
  if (acu?.status !== "connected") {
    reasons.push({ code: "not_connected", message: `Acumatica is not connected${acu?.message ? `: ${acu.message}` : "."} Orders wait and are sent once it is.`, fix: fixOf("acumatica_not_connected", "", null) });
  }
  for (const h of holdsOf({ order: { ...hub, status: row.status }, connectionId: row.connectionId, settings })) {
    reasons.push({
      code: h.code,
      message: h.message,
      ...(h.code === "push_off" || h.code === "source_excluded" ? { fix: { path: "/connectors/acumatica#sync-settings", label: "Open Sync settings" } } : {}),
    });
  }
  for (const p of settingsProblemsOf(hub, settings)) reasons.push({ code: p.cause, message: p.message, fix: fixOf(p.cause, p.subject ?? "", orderId) });
  const open = await db
    .select({ cause: syncExceptions.cause, message: syncExceptions.message, fixPath: syncExceptions.fixPath, fixLabel: syncExceptions.fixLabel })
    .from(syncExceptions)
    .where(and(eq(syncExceptions.workspaceId, workspaceId), eq(syncExceptions.orderId, orderId), eq(syncExceptions.status, "open")));
  for (const e of open) {
    if (reasons.some((r) => r.code === e.cause && r.message === e.message)) continue;
    reasons.push({ code: e.cause, message: e.message, fix: { path: e.fixPath, label: e.fixLabel } });
  }
  if (binding?.state === "creating") reasons.push({ code: "sending", message: "Being sent to Acumatica right now." });
  if (binding?.state === "unknown") {
    const wait = settleRemainingMs(binding, settleMs);
    reasons.push({
      code: "settling",
      message:
        wait > 0
          ? `A create request got no answer (${binding.lastError ?? "timeout"}). OrderBridge checks whether Acumatica stored it before sending again — at the latest in ${Math.ceil(wait / 60_000)} min.`
          : `A create request got no answer (${binding.lastError ?? "timeout"}); the next attempt looks it up first.`,
    });
  }
  const queue = await queuePosition(db, workspaceId, orderId);
  if (queue.queued) reasons.push({ code: "queued", message: queue.ahead ? `Queued behind ${queue.ahead} other order(s) of this workspace.` : "Queued: next in line." });
  else if (reasons.length === 0) reasons.push({ code: "not_queued", message: "Nothing holds it back, but it is not queued: the next sweep (every 5 minutes) picks it up, or click Retry now." });
  const first = reasons[0]!;
  return { inAcumatica: null, summary: first.message, reasons, queue };
}

export interface Preview {
  payload: SalesOrderInput | null;
  holds: Array<{ code: string; message: string }>;
  problems: Array<{ cause: Cause; subject: string; message: string; fix: { path: string; label: string } }>;
  totals: { acumatica: string; tiktok: string } | null;
  /** False when Acumatica could not be asked (not connected): SKUs unchecked. */
  skusChecked: boolean;
}

/** The exact sales order body that would be sent, and every problem that would block it — without sending anything. */
export async function previewOrder(deps: EngineDeps, workspaceId: string, orderId: string, test = false): Promise<Preview | null> {
  const loaded = await loadOrder(deps.db, workspaceId, orderId);
  if (!loaded) return null;
  const settings = await loadSettings(deps.db, workspaceId);
  const base = { workspaceId, hub: loaded.hub, status: loaded.row.status, connectionId: loaded.row.connectionId, shopCode: loaded.shopCode, settings, test };
  let skusChecked = true;
  let plan;
  try {
    plan = await planSalesOrder(deps, { ...base, checkSkus: true });
  } catch (err) {
    if (!(err instanceof ParkedError)) throw err;
    skusChecked = false;
    plan = await planSalesOrder(deps, { ...base, checkSkus: false });
  }
  return {
    payload: plan.payload,
    holds: plan.holds,
    problems: plan.problems.map((p) => ({ cause: p.cause, subject: p.subject ?? "", message: p.message, fix: fixOf(p.cause, p.subject ?? "", orderId) })),
    totals: plan.totals,
    skusChecked,
  };
}
