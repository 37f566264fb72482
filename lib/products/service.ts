import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { erpItemChecks, productChannelSkus, products, syncExceptions } from "@/lib/db/schema";
import type { RequestContext } from "@/lib/auth/context-types";
import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { withJobTransaction } from "@/lib/jobs/transaction";
import { JOBS } from "@/lib/sync/jobs/catalog";
import { writeAudit } from "@/lib/workspaces/service";
import type { SaveChannelSkuInput } from "./schemas";
import { CHANNEL_OPTIONS_NOTES } from "./schemas";

/**
 * Sets (or clears) a product's Channel SKU on the Acumatica row — the
 * Acumatica InventoryID to send for it when it differs from the master SKU.
 * A SKU seen only on TikTok orders gets its product created here. The open
 * "SKU not found" exceptions of that SKU are retried at once, so they close
 * themselves when the mapping fixes them.
 */
export async function saveChannelSku(db: Db, ctx: RequestContext, input: SaveChannelSkuInput): Promise<{ productId: string; retried: number }> {
  assertCan(ctx, "connectors:write");
  return withJobTransaction(db, async (tx) => {
    let [product] = input.productId
      ? await tx.db.select().from(products).where(and(eq(products.workspaceId, ctx.workspaceId), eq(products.id, input.productId)))
      : await tx.db.select().from(products).where(and(eq(products.workspaceId, ctx.workspaceId), eq(products.sku, input.sku!)));
    if (!product && input.sku !== undefined) {
      [product] = await tx.db.insert(products).values({ workspaceId: ctx.workspaceId, sku: input.sku, name: input.sku, source: "manual" }).returning();
    }
    if (!product) throw new AppError("not_found", "That product is not in this workspace.");
    const [child] = await tx.db.select({ id: products.id }).from(products).where(and(eq(products.workspaceId, ctx.workspaceId), eq(products.parentId, product.id))).limit(1);
    if (child) throw new AppError("validation", CHANNEL_OPTIONS_NOTES.parent, { channelSku: [CHANNEL_OPTIONS_NOTES.parent] });
    const [before] = await tx.db.select().from(productChannelSkus).where(and(eq(productChannelSkus.productId, product.id), eq(productChannelSkus.connector, "acumatica")));
    if (input.channelSku) {
      await tx.db
        .insert(productChannelSkus)
        .values({ workspaceId: ctx.workspaceId, productId: product.id, connector: "acumatica", channelSku: input.channelSku })
        .onConflictDoUpdate({ target: [productChannelSkus.productId, productChannelSkus.connector], set: { channelSku: input.channelSku, updatedAt: sql`now()` } });
      // Ask Acumatica afresh about the new mapping.
      await tx.db.delete(erpItemChecks).where(and(eq(erpItemChecks.workspaceId, ctx.workspaceId), eq(erpItemChecks.requested, input.channelSku)));
    } else {
      await tx.db.delete(productChannelSkus).where(and(eq(productChannelSkus.productId, product.id), eq(productChannelSkus.connector, "acumatica")));
    }
    await writeAudit(tx.db, ctx, "product.channel_sku", product.id, { sku: product.sku, before: before?.channelSku ?? null, after: input.channelSku || null });
    const open = await tx.db
      .select({ entityType: syncExceptions.entityType, entityId: syncExceptions.entityId })
      .from(syncExceptions)
      .where(and(eq(syncExceptions.workspaceId, ctx.workspaceId), eq(syncExceptions.status, "open"), eq(syncExceptions.subject, product.sku), sql`${syncExceptions.cause} in ('sku_not_found', 'sku_spelling')`));
    for (const e of open) {
      if (e.entityType === "order") await tx.enqueue(JOBS.pushSalesOrder, { workspaceId: ctx.workspaceId, orderId: e.entityId }, { singletonKey: e.entityId });
      else if (e.entityType === "refund") await tx.enqueue(JOBS.pushReturnOrder, { workspaceId: ctx.workspaceId, refundId: e.entityId }, { singletonKey: e.entityId });
    }
    return { productId: product.id, retried: open.length };
  });
}
