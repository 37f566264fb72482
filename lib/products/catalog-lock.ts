import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";

/**
 * Catalog writes (the Acumatica pull, Channel SKU saves, CSV imports) take
 * this per-workspace lock in their transaction, so a merge or an import never
 * interleaves with a page of the pull deciding which product an item is.
 */
export async function lockCatalog(db: DbOrTx, workspaceId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`orderbridge.catalog:${workspaceId}`}, 0))`);
}
