import { eq, inArray } from "drizzle-orm";
import { fulfillments, orders } from "@/lib/db/schema";
import type { Order } from "@/lib/connectors/tiktok-shop/api-types";
import { getTikTokShopClient } from "@/lib/connections/clients";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { EngineDeps } from "@/lib/sync/acumatica/context";
import { packagesLeaseKey, packagesLeaseMs, releaseLease, tryLease } from "@/lib/sync/leases";
import type { FulfillmentOutcome } from "./push-fulfillment";
import { pushFulfillment } from "./push-fulfillment";

export type BatchItem = { key: string; workspaceId: string; fulfillmentId: string };
export type BatchResult = { outcome: FulfillmentOutcome } | { error: unknown };
type Group = { orderId: string; externalId: string; workspaceId: string; connectionId: string | null; items: BatchItem[] };

/** Order Detail reads up to 50 orders per call. */
const READ_CHUNK = 50;

/**
 * A batch of package pushes with one TikTok read per 50 orders instead of one
 * per package: the orders' packages leases are taken first (an order whose
 * lease another worker holds waits), the orders are read under them, and each
 * order's packages go one after the other on that copy (each push marks the
 * units it shipped in it). Orders run `concurrency` at a time.
 */
export async function pushFulfillmentBatch(deps: EngineDeps, items: BatchItem[], concurrency: number): Promise<Map<string, BatchResult>> {
  const results = new Map<string, BatchResult>();
  if (items.length === 0) return results;
  const rows = await deps.db
    .select({ fulfillmentId: fulfillments.id, workspaceId: fulfillments.workspaceId, orderId: orders.id, externalId: orders.externalId, connectionId: orders.connectionId })
    .from(fulfillments)
    .innerJoin(orders, eq(orders.id, fulfillments.orderId))
    .where(inArray(fulfillments.id, items.map((i) => i.fulfillmentId)));
  const byFulfillment = new Map(rows.map((r) => [`${r.workspaceId}|${r.fulfillmentId}`, r]));

  // Group by order, in the batch's order.
  const groups = new Map<string, Group>();
  for (const item of items) {
    const row = byFulfillment.get(`${item.workspaceId}|${item.fulfillmentId}`);
    if (!row) {
      results.set(item.key, { outcome: { kind: "skipped", reason: "No such fulfillment." } });
      continue;
    }
    const g = groups.get(row.orderId) ?? { orderId: row.orderId, externalId: row.externalId, workspaceId: row.workspaceId, connectionId: row.connectionId, items: [] };
    g.items.push(item);
    groups.set(row.orderId, g);
  }

  const leases = new Map<string, number>();
  try {
    for (const g of groups.values()) {
      const lease = await tryLease(deps.db, packagesLeaseKey(g.orderId), packagesLeaseMs(deps));
      if (lease === null) {
        for (const item of g.items) results.set(item.key, { outcome: { kind: "wait", retryInMs: 1_000, reason: "another package of this order is being sent" } });
        groups.delete(g.orderId);
      } else leases.set(g.orderId, lease);
    }

    // One read per shop and 50 orders, under the leases. A failed read only means each push reads for itself.
    const copies = new Map<string, Order>();
    const byShop = new Map<string, Group[]>();
    for (const g of groups.values()) if (g.connectionId) byShop.set(`${g.workspaceId}|${g.connectionId}`, [...(byShop.get(`${g.workspaceId}|${g.connectionId}`) ?? []), g]);
    for (const list of byShop.values()) {
      const { workspaceId, connectionId } = list[0]!;
      try {
        const client = await getTikTokShopClient(deps.db, workspaceId, connectionId!);
        for (let i = 0; i < list.length; i += READ_CHUNK) {
          for (const o of await client.getOrderDetails(list.slice(i, i + READ_CHUNK).map((g) => g.externalId))) copies.set(`${connectionId}|${o.id}`, o);
        }
      } catch (err) {
        // A shop that is not connected parks its pushes (each says so); anything else is worth a line in the log.
        if (!(err instanceof AppError)) logger.warn("package pushes: reading the orders failed; each push reads its own", { workspaceId, err });
      }
    }

    const queue = [...groups.values()];
    await Promise.all(
      Array.from({ length: Math.min(Math.max(1, concurrency), queue.length) }, async () => {
        for (let g = queue.shift(); g; g = queue.shift()) {
          const copy = copies.get(`${g.connectionId}|${g.externalId}`);
          for (const item of g.items) {
            try {
              results.set(item.key, { outcome: await pushFulfillment(deps, { workspaceId: item.workspaceId, fulfillmentId: item.fulfillmentId }, { leased: true, tiktokOrder: copy }) });
            } catch (error) {
              results.set(item.key, { error });
            }
          }
        }
      }),
    );
  } finally {
    for (const lease of leases.values()) await releaseLease(deps.db, lease).catch(() => undefined);
  }
  return results;
}
