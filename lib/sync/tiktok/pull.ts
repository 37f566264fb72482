import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections, orders, syncCursors, syncRuns } from "@/lib/db/schema";
import { getTikTokShopClient } from "@/lib/connections/clients";
import { parseStoredSettings, tiktokShopSettingsSchema } from "@/lib/connections/stored-settings";
import type { TikTokShopClient } from "@/lib/connectors/tiktok-shop/client";
import { toHubOrder, toHubRefundFromCancellation, toHubRefundFromReturn } from "@/lib/connectors/tiktok-shop/mapper";
import type { JobTx } from "@/lib/jobs/transaction";
import { getOrderSettings } from "@/lib/order-settings/queries";
import type { OrderSettings } from "@/lib/order-settings/schemas";
import type { OrderSource } from "@/lib/orders/ingest";
import { ingestOrders, ingestRefunds } from "@/lib/orders/ingest";
import type { HubRefund } from "@/lib/orders/types";

export interface PullDeps {
  db: Db;
  transaction<T>(fn: (tx: JobTx) => Promise<T>): Promise<T>;
}

export interface PullOptions {
  now?: number;
  /** Re-read this much before the cursor: TikTok's update_time may land late, and a page boundary may split equal times. */
  overlapSec?: number;
  /** How far back the first pull of a shop reads. */
  initialLookbackSec?: number;
  pageSize?: number;
}

export interface PullCounts {
  pages: number;
  orders: number;
  inserted: number;
  updated: number;
  refunds: number;
}

const STREAMS = { orders: "tiktok.orders", cancellations: "tiktok.cancellations", returns: "tiktok.returns" } as const;
const streamOf = (kind: keyof typeof STREAMS, connectionId: string) => `${STREAMS[kind]}:${connectionId}`;

async function readCursor(db: Db | JobTx["db"], workspaceId: string, stream: string): Promise<number | null> {
  const [row] = await db.select({ position: syncCursors.position }).from(syncCursors).where(and(eq(syncCursors.workspaceId, workspaceId), eq(syncCursors.stream, stream)));
  return row ? Number(row.position) : null;
}

/** Moves a cursor forward only (two pulls never move it back), inside the transaction that wrote the page it covers. */
async function advanceCursor(db: JobTx["db"], workspaceId: string, stream: string, position: number) {
  await db
    .insert(syncCursors)
    .values({ workspaceId, stream, position: String(position) })
    .onConflictDoUpdate({
      target: [syncCursors.workspaceId, syncCursors.stream],
      set: { position: sql`greatest(${syncCursors.position}::bigint, excluded.position::bigint)::text`, updatedAt: sql`now()` },
    });
}

/**
 * Ingests refunds with the orders they name: an order the hub does not have yet is read from TikTok first
 * (outside the transaction: no transaction waits on a vendor call), then both are written together.
 */
async function ingestRefundsWithOrders(
  deps: PullDeps,
  client: TikTokShopClient,
  source: OrderSource,
  settings: OrderSettings,
  refunds: HubRefund[],
  inTx: (tx: JobTx) => Promise<void> = async () => undefined,
): Promise<void> {
  const named = [...new Set(refunds.map((r) => r.orderExternalId))];
  const known = named.length
    ? await deps.db
        .select({ externalId: orders.externalId })
        .from(orders)
        .where(and(eq(orders.workspaceId, source.workspaceId), eq(orders.channel, "tiktok_shop"), eq(orders.shopId, source.shopId), inArray(orders.externalId, named)))
    : [];
  const missing = named.filter((id) => !known.some((k) => k.externalId === id));
  const fetched = missing.length ? await client.getOrderDetails(missing) : [];
  await deps.transaction(async (tx) => {
    if (fetched.length) await ingestOrders(tx, source, fetched.map((o) => toHubOrder(o, source.shopId)), settings);
    await ingestRefunds(tx, source, refunds, settings);
    await inTx(tx);
  });
}

/**
 * Incremental pull of one shop: orders, cancellations and returns changed
 * since each stream's cursor (minus an overlap), oldest first, page by page.
 * Each page is ingested and its cursor advanced in one transaction, so the
 * cursor never passes what is not committed; re-reading the overlap is
 * harmless (ingest skips unchanged orders).
 */
export async function pullShop(deps: PullDeps, p: { workspaceId: string; connectionId: string }, opts: PullOptions = {}): Promise<PullCounts | { skipped: string }> {
  const [conn] = await deps.db
    .select()
    .from(connections)
    .where(and(eq(connections.workspaceId, p.workspaceId), eq(connections.id, p.connectionId), eq(connections.provider, "tiktok_shop")));
  if (!conn || conn.status !== "connected") return { skipped: "The shop is not connected." };
  const shop = parseStoredSettings(tiktokShopSettingsSchema, conn.settings, "Connectors → TikTok Shop");
  if (!shop.pullOrders) return { skipped: "Pull orders is off for this shop." };

  const now = Math.floor((opts.now ?? Date.now()) / 1000);
  const overlap = opts.overlapSec ?? 300;
  const lookback = opts.initialLookbackSec ?? 30 * 86400;
  const pageSize = opts.pageSize ?? 100;
  const source: OrderSource = { workspaceId: p.workspaceId, connectionId: conn.id, shopId: conn.externalId };
  const client = await getTikTokShopClient(deps.db, p.workspaceId, conn.id);
  const { settings } = await getOrderSettings(deps.db, p.workspaceId);
  const counts: PullCounts = { pages: 0, orders: 0, inserted: 0, updated: 0, refunds: 0 };
  const [run] = await deps.db.insert(syncRuns).values({ workspaceId: p.workspaceId, flow: `tiktok.pull:${conn.id}` }).returning({ id: syncRuns.id });
  const window = async (stream: string) => {
    const cursor = await readCursor(deps.db, p.workspaceId, stream);
    return { ge: Math.max(0, (cursor ?? now - lookback) - overlap), lt: now + 1 };
  };

  try {
    // Orders.
    {
      const stream = streamOf("orders", conn.id);
      const w = await window(stream);
      for await (const page of client.searchOrderPages({ pageSize, sortField: "update_time", sortOrder: "ASC", filter: { updateTimeGe: w.ge, updateTimeLt: w.lt } })) {
        counts.pages++;
        counts.orders += page.items.length;
        await deps.transaction(async (tx) => {
          const r = await ingestOrders(tx, source, page.items.map((o) => toHubOrder(o, source.shopId)), settings);
          counts.inserted += r.inserted;
          counts.updated += r.updated;
          const newest = Math.max(0, ...page.items.map((o) => o.update_time));
          if (newest) await advanceCursor(tx.db, p.workspaceId, stream, Math.min(newest, now));
        });
      }
    }
    // Cancellations and returns: each page's refunds, after the orders they name.
    for (const kind of ["cancellations", "returns"] as const) {
      const stream = streamOf(kind, conn.id);
      const w = await window(stream);
      let token: string | undefined;
      do {
        const page =
          kind === "cancellations"
            ? await client.searchCancellations({ pageSize: 50, pageToken: token, sortField: "update_time", sortOrder: "ASC", filter: { updateTimeGe: w.ge, updateTimeLt: w.lt } })
            : await client.searchReturns({ pageSize: 50, pageToken: token, sortField: "update_time", sortOrder: "ASC", filter: { updateTimeGe: w.ge, updateTimeLt: w.lt } });
        const refunds: HubRefund[] = page.items.map((x) => ("cancel_id" in x ? toHubRefundFromCancellation(x) : toHubRefundFromReturn(x)));
        counts.pages++;
        counts.refunds += refunds.length;
        const newest = Math.max(0, ...page.items.map((x) => x.update_time));
        await ingestRefundsWithOrders(deps, client, source, settings, refunds, async (tx) => {
          if (newest) await advanceCursor(tx.db, p.workspaceId, stream, Math.min(newest, now));
        });
        token = page.nextPageToken ?? undefined;
      } while (token);
    }
    await deps.db.update(syncRuns).set({ finishedAt: sql`now()`, counts: { ...counts } }).where(eq(syncRuns.id, run!.id));
    return counts;
  } catch (err) {
    await deps.db
      .update(syncRuns)
      .set({ finishedAt: sql`now()`, counts: { ...counts }, error: err instanceof Error ? err.message : String(err) })
      .where(eq(syncRuns.id, run!.id));
    throw err;
  }
}

/** Reads orders by id (one call per 50) and ingests them: the webhook path. */
export async function fetchAndIngestOrders(deps: PullDeps, source: OrderSource, orderIds: string[]): Promise<{ found: Set<string> }> {
  const client = await getTikTokShopClient(deps.db, source.workspaceId, source.connectionId);
  const { settings } = await getOrderSettings(deps.db, source.workspaceId);
  const orders = await client.getOrderDetails(orderIds);
  await deps.transaction((tx) => ingestOrders(tx, source, orders.map((o) => toHubOrder(o, source.shopId)), settings));
  return { found: new Set(orders.map((o) => o.id)) };
}

/** Reads an order's cancellations and returns and ingests them (after the order itself): the webhook path of after-sale events. */
export async function fetchAndIngestRefunds(deps: PullDeps, source: OrderSource, orderIds: string[]): Promise<void> {
  const client = await getTikTokShopClient(deps.db, source.workspaceId, source.connectionId);
  const { settings } = await getOrderSettings(deps.db, source.workspaceId);
  const refunds: HubRefund[] = [];
  for (const part of chunkOf(orderIds, 20)) {
    for (const c of (await client.searchCancellations({ pageSize: 50, filter: { orderIds: part } })).items) refunds.push(toHubRefundFromCancellation(c));
    for (const r of (await client.searchReturns({ pageSize: 50, filter: { orderIds: part } })).items) refunds.push(toHubRefundFromReturn(r));
  }
  await ingestRefundsWithOrders(deps, client, source, settings, refunds);
}

function chunkOf<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
