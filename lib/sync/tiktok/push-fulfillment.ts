import { and, eq, sql } from "drizzle-orm";
import { connections, fulfillments, orders } from "@/lib/db/schema";
import type { Order } from "@/lib/connectors/tiktok-shop/api-types";
import { TikTokShopError } from "@/lib/connectors/tiktok-shop/errors";
import { getTikTokShopClient } from "@/lib/connections/clients";
import type { TikTokShopClient } from "@/lib/connectors/tiktok-shop/client";
import { tiktokShopSettingsSchema } from "@/lib/connections/stored-settings";
import type { HubOrder } from "@/lib/orders/types";
import type { EngineDeps } from "@/lib/sync/acumatica/context";
import { addEvent, loadSettings } from "@/lib/sync/acumatica/context";
import { createExactlyOnce } from "@/lib/sync/acumatica/create-once";
import type { BindingKey } from "@/lib/sync/bindings";
import type { Problem } from "@/lib/sync/exceptions/causes";
import { syncProblems } from "@/lib/sync/exceptions/service";
import { packagesLeaseKey, packagesLeaseMs, releaseLease, tryLease } from "@/lib/sync/leases";
import type { FulfillmentOutcome } from "./fulfillment-outcome";
import { FULFILLMENT_CAUSES } from "./fulfillment-outcome";
import { shipTikTokPackages } from "./ship-tiktok-package";
import { classifyTikTok } from "./tiktok-failures";

export type { FulfillmentOutcome } from "./fulfillment-outcome";


interface Line {
  lineNo: number;
  sku: string;
  quantity: number;
}

/**
 * The TikTok line item ids (one per unit) for a package: from the hub's lines
 * of those SKUs, leaving out units TikTok already has in a shipped package or
 * cancelled. Null when TikTok has fewer unshipped units than the package holds.
 */
export function chooseLineItems(hub: HubOrder, tiktok: Order, lines: Line[]): string[] | null {
  const free = new Set(tiktok.line_items.filter((l) => l.display_status !== "CANCELLED" && !l.tracking_number).map((l) => l.id));
  const chosen: string[] = [];
  for (const want of lines) {
    const hubLine = hub.lines.find((l) => l.lineNo === want.lineNo);
    const candidates = (hubLine?.channelLineIds ?? []).filter((id) => free.has(id) && !chosen.includes(id));
    if (candidates.length < want.quantity) return null;
    chosen.push(...candidates.slice(0, want.quantity));
  }
  return chosen;
}

/**
 * One Acumatica package → one TikTok Shop package, exactly once (a TikTok
 * Shipping order's shipment ships TikTok's own packages instead: see
 * ship-tiktok-package.ts): the shop's
 * "Push fulfillments" toggle and the carrier mapping gate it; before any send
 * the order is read from TikTok, so a unit already in a shipped package is
 * never sent again (a lost answer is settled by finding the package with this
 * tracking number); a tracking corrected in Acumatica is sent with TikTok's
 * update call while its window is open, and becomes an exception after.
 */
export async function pushFulfillment(
  deps: EngineDeps,
  p: { workspaceId: string; fulfillmentId: string },
  opts: {
    /** The TikTok order, read by the caller while it held the order's packages lease (a batch reads many at once). */
    tiktokOrder?: Order;
    /** The caller holds the order's packages lease (lib/sync/leases.ts); otherwise this takes it. */
    leased?: boolean;
  } = {},
): Promise<FulfillmentOutcome> {
  const [row] = await deps.db
    .select({ f: fulfillments, order: orders, shop: connections })
    .from(fulfillments)
    .innerJoin(orders, eq(orders.id, fulfillments.orderId))
    .leftJoin(connections, eq(connections.id, orders.connectionId))
    .where(and(eq(fulfillments.workspaceId, p.workspaceId), eq(fulfillments.id, p.fulfillmentId)));
  if (!row) return { kind: "skipped", reason: "No such fulfillment." };
  const { f, order, shop } = row;
  const entity = { workspaceId: p.workspaceId, entityType: "fulfillment" as const, entityId: f.id, orderId: order.id };
  if (!shop || shop.status !== "connected") {
    await syncProblems(deps.db, entity, [{ cause: "tiktok_not_connected", message: "The order's TikTok shop is not connected: the package waits until it is reconnected." }], "superseded", ["tiktok_not_connected"]);
    return { kind: "parked", reason: "The TikTok shop is not connected." };
  }
  const shopSettings = tiktokShopSettingsSchema.parse(shop.settings);
  if (!shopSettings.pushFulfillments) return { kind: "skipped", reason: "Push fulfillments is off on the TikTok Shop connector." };
  // TikTok Shipping: TikTok's label and carrier, so no carrier mapping and no tracking corrections (ship-tiktok-package.ts).
  if (order.shippingType === "TIKTOK") {
    if (f.status === "pushed" && f.tiktokPackageId) return { kind: "exists", packageId: f.tiktokPackageId };
    const client = await getTikTokShopClient(deps.db, p.workspaceId, shop.id);
    const c = { f, order, shop, hub: order.detail as unknown as HubOrder, client, entity };
    return underPackagesLease(deps, order.id, opts.leased, () => shipTikTokPackages(deps, p, c, opts.tiktokOrder));
  }
  const settings = await loadSettings(deps.db, p.workspaceId);
  const providerId = f.carrier ? settings.carriers[shop.id]?.[f.carrier] : undefined;
  if (!providerId) {
    const problems: Problem[] = [
      {
        cause: "carrier_unmapped",
        subject: `${shop.id}|${f.carrier ?? ""}`,
        message: `Acumatica ship via '${f.carrier ?? "(none)"}' has no TikTok Shop shipping provider for ${shop.displayName} — map it on the TikTok Shop connector.`,
      },
    ];
    await syncProblems(deps.db, entity, problems, "superseded", FULFILLMENT_CAUSES);
    return { kind: "blocked", problems };
  }
  const hub = order.detail as unknown as HubOrder;
  const client = await getTikTokShopClient(deps.db, p.workspaceId, shop.id);

  // A tracking correction of a package TikTok already has.
  if (f.status === "pushed" && f.tiktokPackageId) {
    if (f.pushedTracking === f.trackingNumber) return { kind: "exists", packageId: f.tiktokPackageId };
    try {
      await client.updatePackageShippingInfo(f.tiktokPackageId, { trackingNumber: f.trackingNumber, shippingProviderId: providerId });
    } catch (err) {
      if (!(err instanceof TikTokShopError) || err.retryable) throw err;
      const problems: Problem[] = [
        {
          cause: "tracking_update_closed",
          subject: f.id,
          message: `TikTok Shop did not take the corrected tracking ${f.trackingNumber} for package ${f.tiktokPackageId} (${err.message}). TikTok allows corrections only within 72 hours of shipping: correct it in Seller Center.`,
          raw: { code: err.code, message: err.message },
        },
      ];
      await syncProblems(deps.db, entity, problems, "superseded", FULFILLMENT_CAUSES);
      return { kind: "refused", problems };
    }
    await deps.transaction(async (tx) => {
      await tx.db.update(fulfillments).set({ pushedTracking: f.trackingNumber, updatedAt: sql`now()` }).where(eq(fulfillments.id, f.id));
      await syncProblems(tx.db, entity, [], "fixed: tracking corrected on TikTok Shop", FULFILLMENT_CAUSES);
      await addEvent(tx.db, p.workspaceId, order.id, "tracking-pushed", `Corrected tracking ${f.pushedTracking} → ${f.trackingNumber} on TikTok package ${f.tiktokPackageId}.`, { fulfillmentId: f.id });
    });
    return { kind: "corrected", packageId: f.tiktokPackageId };
  }

  return underPackagesLease(deps, order.id, opts.leased, () => sendPackage(deps, p, { f, order, shop, hub, client, providerId, entity }, opts.tiktokOrder));
}

/** Packages of one order go one at a time: each picks unshipped units from what it read. */
async function underPackagesLease(deps: EngineDeps, orderId: string, leased: boolean | undefined, send: () => Promise<FulfillmentOutcome>): Promise<FulfillmentOutcome> {
  if (leased) return send();
  const lease = await tryLease(deps.db, packagesLeaseKey(orderId), packagesLeaseMs(deps));
  if (lease === null) return { kind: "wait", retryInMs: 1_000, reason: "another package of this order is being sent" };
  try {
    return await send();
  } finally {
    await releaseLease(deps.db, lease).catch(() => undefined);
  }
}


async function sendPackage(
  deps: EngineDeps,
  p: { workspaceId: string; fulfillmentId: string },
  c: {
    f: typeof fulfillments.$inferSelect;
    order: typeof orders.$inferSelect;
    shop: typeof connections.$inferSelect;
    hub: HubOrder;
    client: TikTokShopClient;
    providerId: string;
    entity: { workspaceId: string; entityType: "fulfillment"; entityId: string; orderId: string };
  },
  snapshot: Order | undefined,
): Promise<FulfillmentOutcome> {
  const { f, order, shop, hub, client, providerId, entity } = c;
  const lines = f.lines as unknown as Line[];
  const key: BindingKey = { workspaceId: p.workspaceId, entityType: "fulfillment", entityId: f.id, target: "tiktok_shop" };
  const findShipped = (tiktok: Order | undefined) => tiktok?.line_items.find((l) => l.tracking_number === f.trackingNumber && l.package_id)?.package_id ?? null;
  let refusal: Problem | null = null;
  const result = await createExactlyOnce<{ packageId: string }, TikTokShopError>(deps, key, f.trackingNumber, {
    classify: classifyTikTok,
    lookup: async () => {
      const [tiktok] = await client.getOrderDetails([order.externalId]);
      const packageId = findShipped(tiktok);
      return packageId ? { packageId } : null;
    },
    create: async () => {
      // Always read first (or use what the caller read under the lease): units already in a shipped package are never sent again.
      const tiktok = snapshot ?? (await client.getOrderDetails([order.externalId]))[0];
      if (!tiktok) throw new TikTokShopError({ code: 21008111, kind: "not_found", message: `Order ${order.externalId} is not visible to ${shop.displayName}.` });
      const already = findShipped(tiktok);
      if (already) return { packageId: already };
      const ids = chooseLineItems(hub, tiktok, lines);
      if (!ids) {
        refusal = {
          cause: "fulfillment_refused",
          subject: f.id,
          message: `TikTok Shop has fewer unshipped units of ${lines.map((l) => l.sku).join(", ")} than package ${f.trackingNumber} holds: they were shipped or cancelled on TikTok already. Check the order in Seller Center.`,
        };
        throw new TikTokShopError({ code: 21011006, kind: "conflict", message: "units already shipped" });
      }
      const res = await client.markPackageAsShipped(order.externalId, { trackingNumber: f.trackingNumber, shippingProviderId: providerId, orderLineItemIds: ids });
      // The caller's copy now shows these units shipped, for the order's next package.
      for (const l of tiktok.line_items) if (ids.includes(l.id)) Object.assign(l, { tracking_number: f.trackingNumber, package_id: res.package_id });
      return { packageId: res.package_id };
    },
    keysOf: (r) => ({ externalType: "package", externalId: r.packageId }),
    payloadHash: null,
    async onDone(tx, r, created) {
      await tx.db
        .update(fulfillments)
        .set({ status: "pushed", tiktokPackageId: r.packageId, pushedTracking: f.trackingNumber, pushedAt: sql`now()`, lastError: null, updatedAt: sql`now()` })
        .where(eq(fulfillments.id, f.id));
      await syncProblems(tx.db, entity, [], `fixed: TikTok package ${r.packageId}`, FULFILLMENT_CAUSES);
      await addEvent(
        tx.db,
        p.workspaceId,
        order.id,
        "fulfillment-pushed",
        `${created ? "Sent" : "Found"} package ${r.packageId} on TikTok Shop with tracking ${f.trackingNumber} (${f.carrier}): ${lines.map((l) => `${l.quantity} × ${l.sku}`).join(", ")}.`,
        { fulfillmentId: f.id, packageId: r.packageId },
      );
    },
  });
  switch (result.kind) {
    case "done":
      return { kind: result.created ? "pushed" : "exists", packageId: result.externalId };
    case "exists":
      return { kind: "exists", packageId: result.externalId };
    case "wait":
      return result;
    case "refused": {
      const err = result.error;
      const problem: Problem = refusal ?? {
        cause: "fulfillment_refused",
        subject: f.id,
        message: `TikTok Shop refused package ${f.trackingNumber}: ${err.message}`,
        raw: { code: err.code, kind: err.kind, message: err.message },
      };
      await deps.db.update(fulfillments).set({ status: "failed", lastError: problem.message, updatedAt: sql`now()` }).where(eq(fulfillments.id, f.id));
      await syncProblems(deps.db, entity, [problem], "superseded", FULFILLMENT_CAUSES);
      await addEvent(deps.db, p.workspaceId, order.id, "fulfillment-refused", problem.message, { fulfillmentId: f.id });
      return { kind: "refused", problems: [problem] };
    }
  }
}
