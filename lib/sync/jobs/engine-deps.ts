import type { AcumaticaClient } from "@/lib/connectors/acumatica/client";
import { env } from "@/lib/env";
import type { JobContext } from "@/lib/jobs/define-job";
import type { EngineDeps } from "@/lib/sync/acumatica/context";

/**
 * One Acumatica client per workspace and worker process, kept for half a
 * minute: the jobs of a batch share its concurrency cap, and a settings change
 * is picked up soon after.
 */
const clients = new Map<string, { client: Promise<AcumaticaClient>; at: number }>();
const CLIENT_TTL_MS = 30_000;

class ClientCache extends Map<string, Promise<AcumaticaClient>> {
  override get(key: string) {
    const hit = clients.get(key);
    if (!hit || Date.now() - hit.at > CLIENT_TTL_MS) return undefined;
    return hit.client;
  }
  override set(key: string, value: Promise<AcumaticaClient>) {
    clients.set(key, { client: value, at: Date.now() });
    return this;
  }
  override delete(key: string) {
    return clients.delete(key);
  }
}

export function engineDeps(ctx: Pick<JobContext, "db" | "transaction">): EngineDeps {
  const e = env();
  return {
    db: ctx.db,
    transaction: ctx.transaction,
    settleMs: e.ACUMATICA_SETTLE_SECONDS * 1000,
    leaseMs: e.SYNC_CLAIM_LEASE_SECONDS * 1000,
    clientOptions: { timeoutMs: e.ACUMATICA_TIMEOUT_SECONDS * 1000 },
    clients: new ClientCache(),
  };
}
