import { and, eq, inArray, sql } from "drizzle-orm";
import { connections, fulfillments, orderShipments, orders, syncBindings, syncCursors, syncRuns } from "@/lib/db/schema";
import type { Shipment } from "@/lib/connectors/acumatica/api-types";
import { tiktokShopSettingsSchema } from "@/lib/connections/stored-settings";
import type { JobTx } from "@/lib/jobs/transaction";
import type { HubOrder } from "@/lib/orders/types";
import { syncProblems } from "@/lib/sync/exceptions/service";
import { JOBS } from "@/lib/sync/jobs/catalog";
import type { EngineDeps } from "./context";
import { acumaticaFor, addEvent, loadSettings, parkOnLostAuthorization, ParkedError, touchOrder } from "./context";

/**
 * Acumatica drives fulfillment: its shipments of our sales orders become the
 * hub order's shipping requests (which lines, which warehouse, status), and
 * each package of a confirmed shipment becomes a fulfillment with its
 * tracking number — pushed to TikTok Shop once as one package. Incremental by
 * LastModifiedDateTime with an overlap; the cursor advances in the transaction
 * that wrote the page.
 */
const STREAM = "acumatica.shipments";
/**
 * A shipment is stamped when saved and read once committed; a slow confirmation can commit after a later stamp was
 * read. Every poll re-reads the last SHORT_OVERLAP_MS; once a minute a deep pass re-reads DEEP_OVERLAP_MS. A
 * shipment seen again with the same stamp is skipped (nothing changed).
 */
const SHORT_OVERLAP_MS = 15_000;
const DEEP_OVERLAP_MS = 2 * 60_000;
const DEEP_STREAM = "acumatica.shipments.deep";
const DEEP_EVERY_MS = 60_000;
const CONFIRMED = new Set(["Confirmed", "Completed", "Invoiced", "Partially Invoiced"]);

export interface ShipmentPullCounts {
  shipments: number;
  fulfillments: number;
  skipped: number;
  /** Seen again in the overlap with the stamp already recorded: nothing to do. */
  unchanged: number;
}

/**
 * The shipments of a page that changed since they were recorded. One recorded with the same stamp is skipped —
 * unless it is confirmed, fulfillments are pulled, and it has none yet (they were off when it was recorded).
 */
async function changedOnly(deps: EngineDeps, workspaceId: string, page: Shipment[], pullFulfillments: boolean): Promise<Shipment[]> {
  const nbrs = page.map((s) => s.ShipmentNbr).filter((n): n is string => !!n);
  if (nbrs.length === 0) return page;
  const known = await deps.db
    .select({ nbr: orderShipments.shipmentNbr, stamp: orderShipments.erpModifiedAt, packages: sql<number>`(select count(*) from fulfillments f where f.shipment_id = order_shipments.id)::int` })
    .from(orderShipments)
    .where(and(eq(orderShipments.workspaceId, workspaceId), inArray(orderShipments.shipmentNbr, nbrs)));
  const byNbr = new Map(known.map((k) => [k.nbr, k]));
  return page.filter((s) => {
    const k = s.ShipmentNbr ? byNbr.get(s.ShipmentNbr) : undefined;
    if (!k || !k.stamp || !s.LastModifiedDateTime || k.stamp.getTime() !== new Date(s.LastModifiedDateTime).getTime()) return true;
    return pullFulfillments && CONFIRMED.has(s.Status ?? "") && k.packages === 0;
  });
}

interface FulfillmentLine {
  lineNo: number;
  sku: string;
  quantity: number;
}

/** Which hub line an Acumatica shipment line is: by the sales order's line number (lines were sent in hub order), else by SKU. */
function hubLineOf(hub: HubOrder, detail: { OrderLineNbr?: number | null; InventoryID?: string | null }) {
  const live = hub.lines.filter((l) => l.quantity > 0);
  const byNbr = detail.OrderLineNbr ? live[detail.OrderLineNbr - 1] : undefined;
  const inv = (detail.InventoryID ?? "").toUpperCase();
  if (byNbr) return byNbr;
  return live.find((l) => l.sku.toUpperCase() === inv) ?? null;
}

type Packages = { packages: Array<{ key: string; tracking: string; lines: FulfillmentLine[] }>; problem: string | null };

/** The key of the one fulfillment of a shipment of a TikTok Shipping order. */
const TIKTOK_SHIPPING_KEY = "tiktok-shipping";

/** The lines of each package: its PackageContents, or — for a single package — the whole shipment. */
function packagesOf(shipment: Shipment, hub: HubOrder, orderNbr: string, tiktokShipping: boolean): Packages {
  const details = (shipment.Details ?? []).filter((d) => d.OrderNbr === orderNbr && (d.ShippedQty ?? 0) > 0);
  const shipmentLines = (): FulfillmentLine[] =>
    details.flatMap((d) => {
      const line = hubLineOf(hub, d);
      return line ? [{ lineNo: line.lineNo, sku: line.sku, quantity: d.ShippedQty ?? 0 }] : [];
    });
  // TikTok Shipping: TikTok issues the label, so Acumatica's packages and tracking numbers (if any) do not reach TikTok;
  // the whole shipment is one fulfillment, and its tracking number is TikTok's, read back once its package is shipped.
  if (tiktokShipping) return { packages: [{ key: TIKTOK_SHIPPING_KEY, tracking: "", lines: shipmentLines() }], problem: null };
  const pkgs = (shipment.Packages ?? []).filter((p) => (p.TrackingNbr ?? "").trim());
  if (pkgs.length === 0) return { packages: [], problem: null };
  if (pkgs.length === 1) return { packages: [{ key: String(pkgs[0]!.LineNbr ?? 1), tracking: pkgs[0]!.TrackingNbr!.trim(), lines: shipmentLines() }], problem: null };
  if (pkgs.some((p) => !(p.PackageContents ?? []).length)) {
    return { packages: [], problem: `Acumatica shipment ${shipment.ShipmentNbr} has ${pkgs.length} packages but does not say which items are in each (Package Contents). Enter them in Acumatica so each package reaches TikTok Shop with its items.` };
  }
  return {
    packages: pkgs.map((p) => ({
      key: String(p.LineNbr ?? ""),
      tracking: p.TrackingNbr!.trim(),
      lines: (p.PackageContents ?? []).flatMap((c) => {
        const detail = details.find((d) => (d.InventoryID ?? "").toUpperCase() === (c.InventoryID ?? "").toUpperCase());
        const line = detail ? hubLineOf(hub, detail) : null;
        return line ? [{ lineNo: line.lineNo, sku: line.sku, quantity: c.Quantity ?? 0 }] : [];
      }),
    })),
    problem: null,
  };
}

export async function pullShipments(deps: EngineDeps, p: { workspaceId: string }, opts: { pageSize?: number; now?: Date } = {}): Promise<ShipmentPullCounts | { skipped: string }> {
  const settings = await loadSettings(deps.db, p.workspaceId);
  const { pullShippingRequests, pullFulfillments } = settings.catalog;
  if (!pullShippingRequests && !pullFulfillments) return { skipped: "Pull shipping requests from Acumatica and Pull fulfillments from Acumatica are off." };
  let client;
  try {
    client = await acumaticaFor(deps, p.workspaceId);
  } catch (err) {
    if (err instanceof ParkedError) return { skipped: err.message };
    throw err;
  }
  const cursors = await deps.db.select().from(syncCursors).where(and(eq(syncCursors.workspaceId, p.workspaceId), inArray(syncCursors.stream, [STREAM, DEEP_STREAM])));
  const cursor = cursors.find((c) => c.stream === STREAM);
  const deepAt = cursors.find((c) => c.stream === DEEP_STREAM)?.updatedAt.getTime() ?? 0;
  const now = (opts.now ?? new Date()).getTime();
  const deep = now - deepAt >= DEEP_EVERY_MS;
  // First run: shipments of the last 30 days (older ones belong to orders shipped before OrderBridge).
  const since = new Date((cursor ? Date.parse(cursor.position) : now - 30 * 86_400_000) - (deep ? DEEP_OVERLAP_MS : SHORT_OVERLAP_MS));
  const counts: ShipmentPullCounts = { shipments: 0, fulfillments: 0, skipped: 0, unchanged: 0 };
  const [run] = await deps.db.insert(syncRuns).values({ workspaceId: p.workspaceId, flow: "acumatica.pull-shipments" }).returning({ id: syncRuns.id });
  try {
    for await (const page of client.shipments.listModifiedSince(since, { pageSize: opts.pageSize ?? 100 })) {
      const fresh = await changedOnly(deps, p.workspaceId, page, pullFulfillments);
      counts.unchanged += page.length - fresh.length;
      await deps.transaction(async (tx) => {
        for (const s of fresh) await ingestShipment(tx, p.workspaceId, s, { pullShippingRequests, pullFulfillments }, counts);
        const newest = page.map((s) => s.LastModifiedDateTime).filter((d): d is string => !!d).sort().at(-1);
        if (newest) {
          await tx.db
            .insert(syncCursors)
            .values({ workspaceId: p.workspaceId, stream: STREAM, position: new Date(newest).toISOString() })
            .onConflictDoUpdate({
              target: [syncCursors.workspaceId, syncCursors.stream],
              set: { position: sql`greatest(${syncCursors.position}, excluded.position)`, updatedAt: sql`now()` },
            });
        }
      });
    }
    if (deep) {
      await deps.db
        .insert(syncCursors)
        .values({ workspaceId: p.workspaceId, stream: DEEP_STREAM, position: new Date(now).toISOString() })
        .onConflictDoUpdate({ target: [syncCursors.workspaceId, syncCursors.stream], set: { position: new Date(now).toISOString(), updatedAt: sql`now()` } });
    }
    await deps.db.update(syncRuns).set({ finishedAt: sql`now()`, counts: { ...counts } }).where(eq(syncRuns.id, run!.id));
    return counts;
  } catch (err) {
    await deps.db.update(syncRuns).set({ finishedAt: sql`now()`, counts: { ...counts }, error: err instanceof Error ? err.message : String(err) }).where(eq(syncRuns.id, run!.id));
    await parkOnLostAuthorization(deps, p.workspaceId, err).catch((e: unknown) => {
      if (!(e instanceof ParkedError)) throw e;
    });
    throw err;
  }
}

async function ingestShipment(tx: JobTx, workspaceId: string, s: Shipment, flags: { pullShippingRequests: boolean; pullFulfillments: boolean }, counts: ShipmentPullCounts) {
  if (s.Operation === "Receipt" || !s.ShipmentNbr) return void counts.skipped++;
  const orderKeys = [...new Set((s.Details ?? []).map((d) => `${d.OrderType}|${d.OrderNbr}`))];
  for (const key of orderKeys) {
    const [orderType, orderNbr] = key.split("|") as [string, string];
    const [bound] = await tx.db
      .select({ order: orders, shopSettings: connections.settings })
      .from(syncBindings)
      .innerJoin(orders, and(eq(orders.id, syncBindings.entityId), eq(orders.workspaceId, workspaceId)))
      .leftJoin(connections, eq(connections.id, orders.connectionId))
      .where(and(eq(syncBindings.workspaceId, workspaceId), eq(syncBindings.entityType, "order"), eq(syncBindings.target, "acumatica"), eq(syncBindings.externalType, orderType), eq(syncBindings.externalId, orderNbr)));
    // A shipment of an order OrderBridge did not send (another channel's) is none of its business.
    if (!bound) {
      counts.skipped++;
      continue;
    }
    const order = bound.order;
    const hub = order.detail as unknown as HubOrder;
    counts.shipments++;
    const confirmed = CONFIRMED.has(s.Status ?? "");
    const lines = (s.Details ?? [])
      .filter((d) => d.OrderNbr === orderNbr)
      .map((d) => ({ sku: hubLineOf(hub, d)?.sku ?? d.InventoryID, inventoryId: d.InventoryID, quantity: d.ShippedQty ?? 0, orderLineNbr: d.OrderLineNbr }));
    const values = {
      workspaceId,
      orderId: order.id,
      shipmentNbr: s.ShipmentNbr!,
      status: s.Status ?? "",
      confirmed,
      warehouseId: s.WarehouseID,
      shipVia: s.ShipVia,
      shippedAt: s.ShipmentDate ? new Date(s.ShipmentDate) : null,
      lines,
      erpModifiedAt: s.LastModifiedDateTime ? new Date(s.LastModifiedDateTime) : null,
      updatedAt: sql`now()`,
    };
    const [prev] = await tx.db.select().from(orderShipments).where(and(eq(orderShipments.workspaceId, workspaceId), eq(orderShipments.shipmentNbr, s.ShipmentNbr!)));
    const [row] = await tx.db
      .insert(orderShipments)
      .values(values)
      .onConflictDoUpdate({ target: [orderShipments.workspaceId, orderShipments.shipmentNbr], set: values })
      .returning({ id: orderShipments.id });
    if (flags.pullShippingRequests && (!prev || prev.status !== values.status)) {
      const units = lines.reduce((t, l) => t + l.quantity, 0);
      await addEvent(tx.db, workspaceId, order.id, "shipment", `Acumatica shipment ${s.ShipmentNbr}: ${s.Status} (${units} unit(s) from ${s.WarehouseID ?? "?"}).`, { shipmentNbr: s.ShipmentNbr, status: s.Status });
    }
    if (flags.pullShippingRequests) await updateFulfillmentStatus(tx, workspaceId, order.id, order.unitCount, order.status);

    if (!flags.pullFulfillments || !confirmed) continue;
    const entity = { workspaceId, entityType: "order" as const, entityId: order.id, orderId: order.id };
    const tiktokShipping = order.shippingType === "TIKTOK";
    const { packages, problem } = packagesOf(s, hub, orderNbr, tiktokShipping);
    await syncProblems(tx.db, entity, problem ? [{ cause: "package_contents_missing", subject: s.ShipmentNbr!, message: problem }] : [], "fixed: package contents entered", ["package_contents_missing"]);
    const shop = bound.shopSettings ? tiktokShopSettingsSchema.safeParse(bound.shopSettings) : null;
    const pushOn = !!shop?.success && shop.data.pushFulfillments;
    for (const pkg of packages) {
      const [existing] = await tx.db
        .select()
        .from(fulfillments)
        .where(and(eq(fulfillments.workspaceId, workspaceId), eq(fulfillments.shipmentId, row!.id), eq(fulfillments.packageKey, pkg.key)));
      let fulfillmentId: string;
      if (!existing) {
        const [created] = await tx.db
          .insert(fulfillments)
          .values({ workspaceId, orderId: order.id, shipmentId: row!.id, packageKey: pkg.key, trackingNumber: pkg.tracking, carrier: s.ShipVia, lines: pkg.lines as unknown as Array<Record<string, unknown>> })
          .returning({ id: fulfillments.id });
        fulfillmentId = created!.id;
        counts.fulfillments++;
        const contents = pkg.lines.map((l) => `${l.quantity} × ${l.sku}`).join(", ");
        const message = tiktokShipping
          ? `Shipment ${s.ShipmentNbr} confirmed in Acumatica (TikTok Shipping: TikTok issues the label and tracking): ${contents}.`
          : `Package ${pkg.tracking} (${s.ShipVia ?? "carrier?"}) of shipment ${s.ShipmentNbr}: ${contents}.`;
        await addEvent(tx.db, workspaceId, order.id, "fulfillment", message, { fulfillmentId });
      } else if (!tiktokShipping && existing.trackingNumber !== pkg.tracking) {
        // Lines stay as first recorded; a tracking correction is recorded and pushed as an update.
        await tx.db.update(fulfillments).set({ trackingNumber: pkg.tracking, updatedAt: sql`now()` }).where(eq(fulfillments.id, existing.id));
        await addEvent(tx.db, workspaceId, order.id, "tracking", `Tracking of shipment ${s.ShipmentNbr} corrected in Acumatica: ${existing.trackingNumber} → ${pkg.tracking}.`, { fulfillmentId: existing.id });
        fulfillmentId = existing.id;
      } else continue;
      if (pushOn) await tx.enqueue(JOBS.pushFulfillment, { workspaceId, fulfillmentId }, { singletonKey: fulfillmentId });
    }
  }
}

/** partialFulfillment / fulfilled from the confirmed shipments' units, unless the order is canceled or refunded. */
async function updateFulfillmentStatus(tx: JobTx, workspaceId: string, orderId: string, unitCount: number, status: string) {
  if (status === "canceled" || status === "refunded") return;
  const rows = await tx.db
    .select({ lines: orderShipments.lines })
    .from(orderShipments)
    .where(and(eq(orderShipments.workspaceId, workspaceId), eq(orderShipments.orderId, orderId), eq(orderShipments.confirmed, true)));
  const shipped = rows.reduce((t, r) => t + r.lines.reduce((u, l) => u + Number(l.quantity ?? 0), 0), 0);
  const next = shipped >= unitCount && unitCount > 0 ? "fulfilled" : shipped > 0 ? "partialFulfillment" : null;
  if (next && next !== status) await touchOrder(tx.db, workspaceId, orderId, { status: next });
}
