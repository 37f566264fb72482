import { Download, PackageSearch, Upload } from "lucide-react";
import Link from "next/link";
import { redirect } from "next/navigation";
import { CatalogResync } from "@/components/products/catalog-resync";
import { ChannelSkuForm } from "@/components/products/channel-sku-form";
import { PRODUCT_TABLE_PARAMS, productListQuery } from "@/components/products/product-list-params";
import { ProductsTable } from "@/components/products/products-table";
import { ShopListings } from "@/components/products/shop-listings";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { parseDataTableParams } from "@/components/ui/data-table-params";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { LABELS } from "@/lib/order-settings/schemas";
import { getCatalogSyncStatus, listProducts, listShopListings } from "@/lib/products/queries";

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
  const canEdit = can(ctx, "connectors:write");
  const [page, status, shops] = await Promise.all([
    listProducts(db, ctx.workspaceId, { ...productListQuery(query), page: query.pageIndex, pageSize: query.pageSize }),
    getCatalogSyncStatus(db, ctx.workspaceId),
    listShopListings(db, ctx.workspaceId),
  ]);
  return (
    <div className="grid grid-cols-1 gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        {header}
        <div className="flex flex-wrap gap-2">
          {canEdit && (
            <Button asChild variant="outline" size="sm">
              <Link href="/products/import">
                <Upload aria-hidden />
                Import Channel SKUs
              </Link>
            </Button>
          )}
          <Button asChild variant="outline" size="sm">
            <a href="/api/products/export" download>
              <Download aria-hidden />
              Export CSV
            </a>
          </Button>
        </div>
      </div>
      <Card aria-labelledby="catalog-title">
        <CardHeader>
          <CardTitle id="catalog-title">Catalog from Acumatica</CardTitle>
          <CardDescription>
            {LABELS.pullProducts} is <strong data-testid="pull-products-state">{status.pullProducts ? "on" : "off"}</strong>.{" "}
            <Link href="/connectors/acumatica#catalog-settings" className="text-primary hover:underline">
              Change it on Connectors → Acumatica
            </Link>
            .
          </CardDescription>
        </CardHeader>
        <CardContent>
          <CatalogResync initial={status} canEdit={canEdit} />
        </CardContent>
      </Card>
      <ProductsTable rows={page.rows} rowCount={page.total} />
      <Card aria-labelledby="listings-title">
        <CardHeader>
          <CardTitle id="listings-title">TikTok Shop listings</CardTitle>
          <CardDescription>With Push products on, US and UK shops get a listing for each active product (variants as its SKUs); one you already listed in TikTok Shop is linked, not listed twice.</CardDescription>
        </CardHeader>
        <CardContent>
          <ShopListings shops={shops} canEdit={canEdit} />
        </CardContent>
      </Card>
    </div>
  );
}
