import { AcumaticaError } from "@/lib/connectors/acumatica/errors";
import type { JobTx } from "@/lib/jobs/transaction";
import type { BindingKey } from "@/lib/sync/bindings";
import { claimBinding, completeBinding, markSending, releaseBinding, settleRemainingMs } from "@/lib/sync/bindings";
import type { EngineDeps } from "./context";

export type CreateOnceResult<R> =
  | { kind: "done"; record: R; created: boolean; externalType: string; externalId: string }
  | { kind: "exists"; externalType: string; externalId: string }
  | { kind: "wait"; retryInMs: number; reason: string }
  | { kind: "refused"; error: AcumaticaError };

/** A lost answer: the request may have been processed. A retry must look it up first. */
const isAmbiguous = (err: AcumaticaError) => ["timeout", "network", "server", "conflict"].includes(err.code);
/** Declined before processing (licence queue full, no API session): nothing was created. */
const isDeclined = (err: AcumaticaError) => err.code === "rate_limited" || err.code === "login_limit";

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
export async function createExactlyOnce<R>(
  deps: EngineDeps,
  key: BindingKey,
  externalRef: string,
  ops: {
    lookup: () => Promise<R | null>;
    create: () => Promise<R>;
    keysOf: (record: R) => { externalType: string; externalId: string };
    payloadHash: string | null;
    /** Runs in the transaction that records the binding as created (timeline, status, exceptions). */
    onDone: (tx: JobTx, record: R, created: boolean) => Promise<void>;
  },
): Promise<CreateOnceResult<R>> {
  const claim = await claimBinding(deps.db, key, externalRef, deps.leaseMs);
  if (claim.kind === "created") return { kind: "exists", externalType: claim.binding.externalType!, externalId: claim.binding.externalId! };
  if (claim.kind === "busy") return { kind: "wait", retryInMs: Math.min(claim.retryInMs, 60_000), reason: "another worker is creating it" };
  const claimId = claim.claimId;

  const finish = async (record: R, created: boolean): Promise<CreateOnceResult<R>> => {
    const keys = ops.keysOf(record);
    let won = false;
    await deps.transaction(async (tx) => {
      won = await completeBinding(tx.db, key, claimId, { ...keys, payloadHash: ops.payloadHash });
      if (won) await ops.onDone(tx, record, created);
    });
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
    if (!(await markSending(deps.db, key, claimId))) return { kind: "wait", retryInMs: 1_000, reason: "the claim was lost" };
    return await finish(await ops.create(), true);
  } catch (err) {
    if (!(err instanceof AcumaticaError)) {
      await releaseBinding(deps.db, key, claimId, "unknown", String(err));
      throw err;
    }
    if (isAmbiguous(err)) {
      await releaseBinding(deps.db, key, claimId, "unknown", err.message);
      throw err;
    }
    if (isDeclined(err)) {
      await releaseBinding(deps.db, key, claimId, settled ? "pending" : "unknown", err.message);
      throw err;
    }
    await releaseBinding(deps.db, key, claimId, settled ? "failed" : "unknown", err.message);
    return { kind: "refused", error: err };
  }
}
