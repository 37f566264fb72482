import { PackageSearch } from "lucide-react";
import { redirect } from "next/navigation";
import { ChannelSkuForm } from "@/components/products/channel-sku-form";
import { PRODUCT_TABLE_PARAMS } from "@/components/products/product-list-params";
import { ProductsTable } from "@/components/products/products-table";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { parseDataTableParams } from "@/components/ui/data-table-params";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { listProducts } from "@/lib/products/queries";

export default async function ProductsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext();
  const params = await searchParams;
  const db = getDb();
  const header = <PageHeader title="Products" description="The product master: each SKU, and the SKU Acumatica knows it by when that differs." className="mb-0" />;

  // A fix link (`?sku=…`) looks for that exact SKU, spaces and case included.
  const sku = typeof params.sku === "string" ? params.sku : undefined;
  if (sku !== undefined && sku.length > 0 && sku.length <= 100) {
    const found = await listProducts(db, ctx.workspaceId, { sku, page: 0, pageSize: 2 });
    if (found.rows.length === 1) redirect(`/products/${found.rows[0]!.id}`);
    const canEdit = can(ctx, "connectors:write");
    return (
      <div className="grid grid-cols-1 gap-6">
        {header}
        <Card data-testid="sku-not-found">
          <CardHeader>
            <CardTitle className="flex items-center gap-2">
              <PackageSearch aria-hidden className="size-5 text-muted-foreground" />
              <span className="[overflow-wrap:anywhere]">
                No product with SKU <code className="rounded bg-muted px-1 font-mono whitespace-pre">{sku}</code> yet
              </span>
            </CardTitle>
            <CardDescription>
              TikTok Shop sent this SKU on an order, but no product in OrderBridge has it. If Acumatica knows the item by another SKU, enter that Acumatica SKU
              below: the product is created with this master SKU and the orders waiting for it are sent again.
            </CardDescription>
          </CardHeader>
          <CardContent>
            {canEdit ? (
              <ChannelSkuForm sku={sku} channelSku="" label="Acumatica Channel SKU" openAfterSave />
            ) : (
              <p className="text-sm text-muted-foreground">Only owners and admins can add the mapping.</p>
            )}
          </CardContent>
        </Card>
      </div>
    );
  }

  const query = parseDataTableParams(params, PRODUCT_TABLE_PARAMS);
  const q = query.filters.find((f) => f.id === "q")?.value;
  const page = await listProducts(db, ctx.workspaceId, { q, page: query.pageIndex, pageSize: query.pageSize });
  return (
    <div className="grid grid-cols-1 gap-6">
      {header}
      <ProductsTable rows={page.rows} rowCount={page.total} />
    </div>
  );
}
