import { createDb, createPool } from "@/lib/db/client";
import { withJobTransaction } from "@/lib/jobs/transaction";
import { pushSalesOrder } from "@/lib/sync/acumatica/push-order";
import { pushFulfillment } from "@/lib/sync/tiktok/push-fulfillment";

/**
 * A separate "worker process" for the exactly-once tests: pushes the given
 * orders to Acumatica, or fulfillments to TikTok Shop, through the engine (all
 * at once), prints one JSON line of outcomes. The tests kill it mid-create, or run two of them at once.
 */
interface Config {
  databaseUrl: string;
  workspaceId: string;
  orderIds?: string[];
  /** Push these fulfillments to TikTok Shop instead of orders to Acumatica. */
  fulfillmentIds?: string[];
  leaseMs: number;
  settleMs: number;
  timeoutMs: number;
  startAt?: number;
}

async function main() {
  const cfg = JSON.parse(process.argv[2] ?? "{}") as Config;
  const db = createDb(createPool(cfg.databaseUrl, 6));
  const deps = {
    db,
    transaction: <T>(fn: Parameters<typeof withJobTransaction<T>>[1]) => withJobTransaction(db, fn),
    settleMs: cfg.settleMs,
    leaseMs: cfg.leaseMs,
    clientOptions: { timeoutMs: cfg.timeoutMs, retry: { attempts: 1 } },
  };
  await new Promise((r) => setTimeout(r, Math.max(0, (cfg.startAt ?? 0) - Date.now())));
  const settle = (p: Promise<{ kind: string }>) =>
    p.then(
      (o) => o.kind,
      (err: unknown) => `error: ${(err as Error).message}`,
    );
  const outcomes = await Promise.all([
    ...(cfg.orderIds ?? []).map((orderId) => settle(pushSalesOrder(deps, { workspaceId: cfg.workspaceId, orderId }))),
    ...(cfg.fulfillmentIds ?? []).map((fulfillmentId) => settle(pushFulfillment(deps, { workspaceId: cfg.workspaceId, fulfillmentId }))),
  ]);
  process.stdout.write(JSON.stringify({ outcomes }) + "\n");
  process.exit(0);
}

void main();
