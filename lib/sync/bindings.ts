import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/client";
import type { BindingState } from "@/lib/db/schema";
import { syncBindings } from "@/lib/db/schema";
import { executeNamed } from "@/lib/db/prepared";

/**
 * The claim that makes "create in the outside system" happen once per hub
 * record, held in the database: a worker takes the binding row from a
 * settled state to `creating` under a lease, records when it sent the create,
 * and finishes it as `created` (or `failed`/`unknown`). Another worker sees a
 * live claim and waits; a dead worker's claim expires, and whoever takes it
 * next knows the outcome is unknown and must settle it by a look-up first.
 */
export interface BindingKey {
  workspaceId: string;
  entityType: "order" | "refund" | "fulfillment" | "location" | "inventory_adjustment";
  entityId: string;
  target: "acumatica" | "tiktok_shop";
}

export type Binding = typeof syncBindings.$inferSelect;

export type Claim =
  /** `sending`: the claim already records the send time (a first claim taken to send at once), so no markSending is needed. */
  | { kind: "claimed"; claimId: string; binding: Binding; ambiguous: boolean; sending?: boolean }
  | { kind: "created"; binding: Binding }
  | { kind: "busy"; binding: Binding; retryInMs: number };

const where = (k: BindingKey) =>
  and(eq(syncBindings.workspaceId, k.workspaceId), eq(syncBindings.entityType, k.entityType), eq(syncBindings.entityId, k.entityId), eq(syncBindings.target, k.target));

export async function getBinding(db: DbOrTx, k: BindingKey): Promise<Binding | null> {
  const [row] = await db.select().from(syncBindings).where(where(k));
  return row ?? null;
}

/**
 * Takes the create claim of a record (leaseMs long), unless it is created already or someone else holds a live claim.
 * `sendNow`: the caller sends the create right after a first claim, so a first claim (the row did not exist) records the
 * send time at once — one statement instead of a transaction and a markSending. A worker that dies between the two
 * then only costs a look-up and a settle wait, never a duplicate.
 */
export async function claimBinding(db: Db, k: BindingKey, externalRef: string, leaseMs = 10 * 60_000, opts: { sendNow?: boolean } = {}): Promise<Claim> {
  if (opts.sendNow) {
    const claimId = randomUUID();
    const [fresh] = await db
      .insert(syncBindings)
      .values({ ...k, externalRef, state: "creating", claimId, claimExpiresAt: sql`now() + make_interval(secs => ${leaseMs / 1000})`, attempts: 1, lastSentAt: sql`now()` })
      .onConflictDoNothing()
      .returning();
    if (fresh) return { kind: "claimed", claimId, binding: fresh, ambiguous: false, sending: true };
  }
  return db.transaction(async (tx) => {
    await tx.insert(syncBindings).values({ ...k, externalRef }).onConflictDoNothing();
    const [row] = await tx.select().from(syncBindings).where(where(k)).for("update");
    const b = row!;
    if (b.state === "created") return { kind: "created", binding: b };
    const now = Date.now();
    if (b.state === "creating" && b.claimExpiresAt && b.claimExpiresAt.getTime() > now) {
      return { kind: "busy", binding: b, retryInMs: b.claimExpiresAt.getTime() - now };
    }
    // A create may have reached the outside system: an answer was lost, or a worker died while holding the claim.
    const ambiguous = b.state === "unknown" || (b.state === "creating" && !!b.lastSentAt);
    const claimId = randomUUID();
    const [claimed] = await tx
      .update(syncBindings)
      .set({
        state: "creating",
        claimId,
        claimExpiresAt: new Date(now + leaseMs),
        attempts: sql`${syncBindings.attempts} + 1`,
        // The send time only matters while the outcome is open; a settled (refused, or never sent) record starts afresh.
        lastSentAt: ambiguous ? b.lastSentAt : null,
        updatedAt: sql`now()`,
      })
      .where(where(k))
      .returning();
    return { kind: "claimed", claimId, binding: claimed!, ambiguous };
  });
}

/** Records that the create is about to be sent (committed before the call, so a crash after it is known to be ambiguous). */
export async function markSending(db: DbOrTx, k: BindingKey, claimId: string): Promise<boolean> {
  const rows = await db
    .update(syncBindings)
    .set({ lastSentAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(where(k), eq(syncBindings.claimId, claimId), eq(syncBindings.state, "creating")))
    .returning({ id: syncBindings.id });
  return rows.length === 1;
}

/** The outside record exists: store its keys and drop the claim. False when the claim was lost (another worker finished). */
export async function completeBinding(
  db: DbOrTx,
  k: BindingKey,
  claimId: string,
  result: { externalType: string; externalId: string; payloadHash: string | null },
): Promise<boolean> {
  const rows = await db
    .update(syncBindings)
    .set({ state: "created", ...result, claimId: null, claimExpiresAt: null, lastError: null, updatedAt: sql`now()` })
    .where(and(where(k), eq(syncBindings.claimId, claimId)))
    .returning({ id: syncBindings.id });
  return rows.length === 1;
}

/**
 * Gives the claim back. `failed`: the outside system refused (surely nothing created). `unknown`: the answer
 * was lost after sending (it may exist). `pending`: nothing was sent.
 */
export async function releaseBinding(db: DbOrTx, k: BindingKey, claimId: string, state: Exclude<BindingState, "creating" | "created">, error: string | null) {
  await db
    .update(syncBindings)
    .set({ state, claimId: null, claimExpiresAt: null, lastError: error, updatedAt: sql`now()` })
    .where(and(where(k), eq(syncBindings.claimId, claimId)));
}

/** How long a lost create may still be processed by the outside system (its queue and processing time). */
export function settleRemainingMs(binding: Binding, settleMs: number, now = Date.now()): number {
  if (!binding.lastSentAt) return 0;
  return Math.max(0, binding.lastSentAt.getTime() + settleMs - now);
}

const COMPLETE_WITH_EVENT = `
  with b as (
    update sync_bindings set state = 'created', external_type = $1, external_id = $2, payload_hash = $3,
      claim_id = null, claim_expires_at = null, last_error = null, updated_at = now()
    where workspace_id = $4::uuid and entity_type = $5 and entity_id = $6::uuid and target = $7 and claim_id = $8::uuid
    returning entity_id
  ), o as (
    update orders set status = $9, updated_at = now()
    where $10::boolean and workspace_id = $4::uuid and id in (select entity_id from b)
  ), e as (
    insert into order_events (workspace_id, order_id, kind, message, data)
    select $4::uuid, entity_id, $11, $12, $13::jsonb from b
  )
  select count(*)::int as n from b`;

/**
 * `completeBinding` and what a plain success writes, in one statement (no transaction round trips): the binding
 * becomes `created` if this claim still holds it, and only then the order's timeline gets `event` and, with
 * `orderStatus`, the order moves. Returns whether the claim won.
 */
export async function completeBindingWithEvent(
  db: DbOrTx,
  k: BindingKey & { entityType: "order" },
  claimId: string,
  result: { externalType: string; externalId: string; payloadHash: string | null },
  event: { kind: string; message: string; data: Record<string, unknown> },
  orderStatus: string | null,
): Promise<boolean> {
  const rows = await executeNamed<{ n: number }>(db, "ob_complete_binding_with_event", COMPLETE_WITH_EVENT, [
    result.externalType,
    result.externalId,
    result.payloadHash,
    k.workspaceId,
    k.entityType,
    k.entityId,
    k.target,
    claimId,
    orderStatus ?? "",
    orderStatus !== null,
    event.kind,
    event.message,
    JSON.stringify(event.data),
  ]);
  return Number(rows[0]?.n ?? 0) === 1;
}
