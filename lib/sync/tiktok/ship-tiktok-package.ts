import { eq, sql } from "drizzle-orm";
import type { connections, orders } from "@/lib/db/schema";
import { fulfillments } from "@/lib/db/schema";
import type { Order, PackageDetail } from "@/lib/connectors/tiktok-shop/api-types";
import type { TikTokShopClient } from "@/lib/connectors/tiktok-shop/client";
import { TikTokShopError } from "@/lib/connectors/tiktok-shop/errors";
import type { HubOrder } from "@/lib/orders/types";
import type { EngineDeps } from "@/lib/sync/acumatica/context";
import { addEvent } from "@/lib/sync/acumatica/context";
import { createExactlyOnce } from "@/lib/sync/acumatica/create-once";
import type { BindingKey } from "@/lib/sync/bindings";
import { getBinding } from "@/lib/sync/bindings";
import type { Problem } from "@/lib/sync/exceptions/causes";
import { syncProblems } from "@/lib/sync/exceptions/service";
import type { FulfillmentOutcome } from "./fulfillment-outcome";
import { FULFILLMENT_CAUSES } from "./fulfillment-outcome";
import { classifyTikTok } from "./tiktok-failures";
import type { ShippedLine } from "./tiktok-shipping-packages";
import { isPackageShipped, pickTikTokPackages } from "./tiktok-shipping-packages";

type Context = {
  f: typeof fulfillments.$inferSelect;
  order: typeof orders.$inferSelect;
  shop: typeof connections.$inferSelect;
  hub: HubOrder;
  client: TikTokShopClient;
  entity: { workspaceId: string; entityType: "fulfillment"; entityId: string; orderId: string };
};

/** The packages a push ships, kept in the binding's reference so a lost answer is settled on exactly those. */
const REF_PREFIX = "tiktok-packages:";
const refOf = (packageIds: string[]) => `${REF_PREFIX}${packageIds.join(",")}`;
const idsOf = (ref: string) => (ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length).split(",").filter(Boolean) : []);

/**
 * A confirmed Acumatica shipment of a TikTok Shipping order (`shipping_type`
 * TIKTOK) ships the order's TikTok package(s) with Ship Package — no tracking
 * is sent: TikTok issues the label. Then each package's detail is read back
 * and TikTok's tracking number and carrier are recorded on the fulfillment and
 * the timeline. Exactly once: the packages are read before anything is sent,
 * the binding keeps which packages were shipped, and a lost answer is settled
 * by reading those packages' state before any resend.
 */
export async function shipTikTokPackages(deps: EngineDeps, p: { workspaceId: string; fulfillmentId: string }, c: Context, snapshot: Order | undefined): Promise<FulfillmentOutcome> {
  const { f, order, shop, client, entity } = c;
  const key: BindingKey = { workspaceId: p.workspaceId, entityType: "fulfillment", entityId: f.id, target: "tiktok_shop" };
  const lines = f.lines as unknown as ShippedLine[];
  const readOrder = async () => {
    const [tiktok] = await client.getOrderDetails([order.externalId]);
    if (!tiktok) throw new TikTokShopError({ code: 21008111, kind: "not_found", message: `Order ${order.externalId} is not visible to ${shop.displayName}.` });
    return tiktok;
  };

  // Which packages: decided on what TikTok says now (or what the caller read under the order's lease), unless an
  // earlier attempt already chose them (then its binding holds them).
  const prior = await getBinding(deps.db, key);
  let packageIds = prior ? idsOf(prior.externalRef) : [];
  let tiktok = snapshot;
  if (packageIds.length === 0) {
    tiktok ??= await readOrder();
    const pick = pickTikTokPackages(c.hub, tiktok, lines);
    if ("problem" in pick) return refuse(deps, c, { cause: "fulfillment_refused", subject: f.id, message: pick.problem });
    packageIds = pick.packageIds;
  }

  const details = async () => Promise.all(packageIds.map((id) => client.getPackageDetail(id)));
  const result = await createExactlyOnce<PackageDetail[], TikTokShopError>(deps, key, refOf(packageIds), {
    classify: classifyTikTok,
    // A lost answer: shipped means every chosen package left the seller.
    lookup: async () => {
      const now = await readOrder();
      return packageIds.every((id) => isPackageShipped(now, id)) ? details() : null;
    },
    create: async () => {
      const copy = tiktok ?? (await readOrder());
      for (const id of packageIds) {
        if (isPackageShipped(copy, id)) continue;
        await client.shipPackage(id);
        // The caller's copy now shows these units shipped, for the order's next shipment.
        for (const l of copy.line_items) if (l.package_id === id && l.display_status !== "CANCELLED") Object.assign(l, { display_status: "AWAITING_COLLECTION" });
      }
      return details();
    },
    keysOf: (d) => ({ externalType: "package", externalId: d.map((x) => x.package_id).join(",") }),
    payloadHash: null,
    async onDone(tx, d, created) {
      const tracking = d.map((x) => x.tracking_number).filter(Boolean).join(", ");
      const provider = [...new Set(d.map((x) => x.shipping_provider_name).filter(Boolean))].join(", ");
      await tx.db
        .update(fulfillments)
        .set({
          status: "pushed",
          tiktokPackageId: d.map((x) => x.package_id).join(","),
          trackingNumber: tracking,
          pushedTracking: tracking,
          shippingProvider: provider || null,
          pushedAt: sql`now()`,
          lastError: null,
          updatedAt: sql`now()`,
        })
        .where(eq(fulfillments.id, f.id));
      await syncProblems(tx.db, entity, [], `fixed: TikTok package ${packageIds.join(", ")} shipped`, FULFILLMENT_CAUSES);
      const label = `package${d.length > 1 ? "s" : ""} ${packageIds.join(", ")}`;
      const what = tracking ? `TikTok's tracking ${tracking}${provider ? ` (${provider})` : ""}` : "TikTok has not assigned a tracking number yet";
      await addEvent(
        tx.db,
        p.workspaceId,
        order.id,
        "fulfillment-pushed",
        `${created ? "Shipped" : "Found shipped"} TikTok ${label} (TikTok Shipping) for the Acumatica shipment: ${what}; ${lines.map((l) => `${l.quantity} × ${l.sku}`).join(", ")}.`,
        { fulfillmentId: f.id, packageIds, trackingNumber: tracking, shippingProvider: provider },
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
      return refuse(deps, c, { cause: "fulfillment_refused", subject: f.id, message: `TikTok Shop refused to ship package ${packageIds.join(", ")}: ${err.message}`, raw: { code: err.code, kind: err.kind, message: err.message } });
    }
  }
}

async function refuse(deps: EngineDeps, c: Context, problem: Problem): Promise<FulfillmentOutcome> {
  await deps.db.update(fulfillments).set({ status: "failed", lastError: problem.message, updatedAt: sql`now()` }).where(eq(fulfillments.id, c.f.id));
  await syncProblems(deps.db, c.entity, [problem], "superseded", FULFILLMENT_CAUSES);
  await addEvent(deps.db, c.entity.workspaceId, c.order.id, "fulfillment-refused", problem.message, { fulfillmentId: c.f.id });
  return { kind: "refused", problems: [problem] };
}
