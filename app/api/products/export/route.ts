import { withApiContext } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { exportCatalogCsv } from "@/lib/products/queries";

export const dynamic = "force-dynamic";

// GET /api/products/export — the catalog with its Acumatica Channel SKUs as a CSV download (the import reads the same columns).
export const GET = withApiContext(async (_req, ctx) => {
  const csv = await exportCatalogCsv(getDb(), ctx.workspaceId);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="orderbridge-products-${day}.csv"`, "cache-control": "no-store" },
  });
});
