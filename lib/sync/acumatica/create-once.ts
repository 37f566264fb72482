import { AcumaticaError } from "@/lib/connectors/acumatica/errors";
import type { JobTx } from "@/lib/jobs/transaction";
import type { BindingKey } from "@/lib/sync/bindings";
import { claimBinding, completeBinding, markSending, releaseBinding, settleRemainingMs } from "@/lib/sync/bindings";
import type { EngineDeps } from "./context";

export type CreateOnceResult<R, E = AcumaticaError> =
  | { kind: "done"; record: R; created: boolean; externalType: string; externalId: string }
  | { kind: "exists"; externalType: string; externalId: string }
  | { kind: "wait"; retryInMs: number; reason: string }
  | { kind: "refused"; error: E };

/**
 * How a vendor failure bears on a create: `ambiguous` (the answer was lost; it may exist), `declined` (surely not
 * processed), `refused` (processed and said no), or null (not a vendor answer: rethrown as it is).
 */
export type FailureClass = "ambiguous" | "declined" | "refused" | null;

/** Acumatica: timeouts, resets and 5xx are lost answers; 429 and API Login Limit are declined before processing. */
export function classifyAcumaticaFailure(err: unknown): FailureClass {
  if (!(err instanceof AcumaticaError)) return null;
  if (["timeout", "network", "server", "conflict"].includes(err.code)) return "ambiguous";
  if (err.code === "rate_limited" || err.code === "login_limit") return "declined";
  return "refused";
}

/**
 * Creates one Acumatica document for one hub record, exactly once, with the
 * claim held in the database (lib/sync/bindings.ts):
 * - a record already created, or claimed by a live worker, is left alone;
 * - if an earlier create's answer was lost (or its worker died after sending),
 *   the document is looked up by its external reference, and no new create is
 *   sent until Acumatica's processing window since that send is over (a create
 *   can still be queued there after the client gave up);
 * - the send time is committed before the call; the outcome (created,
 *   refused, lost) is recorded after it.
 * Transient failures are thrown (for the job to retry); a refusal is returned.
 */
export async function createExactlyOnce<R, E = AcumaticaError>(
  deps: EngineDeps,
  key: BindingKey,
  externalRef: string,
  ops: {
    /** Defaults to Acumatica's classification. */
    classify?: (err: unknown) => FailureClass;
    lookup: () => Promise<R | null>;
    create: () => Promise<R>;
    keysOf: (record: R) => { externalType: string; externalId: string };
    payloadHash: string | null;
    /** Runs in the transaction that records the binding as created (timeline, status, exceptions). */
    onDone: (tx: JobTx, record: R, created: boolean) => Promise<void>;
    /**
     * The usual success in one statement instead (binding, timeline, status): returns whether the claim won, or
     * null when this success needs the transaction with `onDone` (e.g. exceptions to open or close).
     */
    completeInOneStatement?: (claimId: string, record: R, created: boolean, keys: { externalType: string; externalId: string }) => Promise<boolean> | null;
  },
): Promise<CreateOnceResult<R, E>> {
  const classify = ops.classify ?? classifyAcumaticaFailure;
  const claim = await claimBinding(deps.db, key, externalRef, deps.leaseMs, { sendNow: true });
  if (claim.kind === "created") return { kind: "exists", externalType: claim.binding.externalType!, externalId: claim.binding.externalId! };
  if (claim.kind === "busy") return { kind: "wait", retryInMs: Math.min(claim.retryInMs, 60_000), reason: "another worker is creating it" };
  const claimId = claim.claimId;

  const finish = async (record: R, created: boolean): Promise<CreateOnceResult<R, E>> => {
    const keys = ops.keysOf(record);
    let won = false;
    const oneStatement = ops.completeInOneStatement?.(claimId, record, created, keys) ?? null;
    if (oneStatement) won = await oneStatement;
    else {
      await deps.transaction(async (tx) => {
        won = await completeBinding(tx.db, key, claimId, { ...keys, payloadHash: ops.payloadHash });
        if (won) await ops.onDone(tx, record, created);
      });
    }
    return won ? { kind: "done", record, created, ...keys } : { kind: "exists", ...keys };
  };

  let settled = !claim.ambiguous;
  try {
    if (claim.ambiguous) {
      const found = await ops.lookup();
      if (found) return await finish(found, false);
      const wait = settleRemainingMs(claim.binding, deps.settleMs);
      if (wait > 0) {
        await releaseBinding(deps.db, key, claimId, "unknown", claim.binding.lastError);
        return { kind: "wait", retryInMs: Math.min(wait, 30_000), reason: "settling a create whose answer was lost" };
      }
      settled = true;
    }
    if (!claim.sending && !(await markSending(deps.db, key, claimId))) return { kind: "wait", retryInMs: 1_000, reason: "the claim was lost" };
    return await finish(await ops.create(), true);
  } catch (err) {
    const kind = classify(err);
    const message = err instanceof Error ? err.message : String(err);
    if (kind === null || kind === "ambiguous") {
      // It may exist now: the next attempt settles it by a look-up before any new create.
      await releaseBinding(deps.db, key, claimId, "unknown", message);
      throw err;
    }
    if (kind === "declined") {
      await releaseBinding(deps.db, key, claimId, settled ? "pending" : "unknown", message);
      throw err;
    }
    await releaseBinding(deps.db, key, claimId, settled ? "failed" : "unknown", message);
    return { kind: "refused", error: err as E };
  }
}
