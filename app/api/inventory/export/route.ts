import { withApiContext } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { exportInventoryCsv } from "@/lib/inventory/queries";

export const dynamic = "force-dynamic";

// GET /api/inventory/export — every SKU × location level as a CSV download (sku,location,quantity first: the import reads them back).
export const GET = withApiContext(async (_req, ctx) => {
  const csv = await exportInventoryCsv(getDb(), ctx.workspaceId);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="orderbridge-inventory-${day}.csv"`, "cache-control": "no-store" },
  });
});
