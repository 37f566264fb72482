import { Download, Upload } from "lucide-react";
import Link from "next/link";
import { DirectionBanner } from "@/components/inventory/direction-banner";
import { INVENTORY_TABLE_PARAMS, inventoryListQuery } from "@/components/inventory/inventory-list-params";
import { InventoryTable } from "@/components/inventory/inventory-table";
import { SkippedSkus } from "@/components/inventory/skipped-skus";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { parseDataTableParams } from "@/components/ui/data-table-params";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { getInventorySettings, listInventory, listInventorySkips, listLocationOptions } from "@/lib/inventory/queries";
import { inventoryReadOnlyReason } from "@/lib/inventory/schemas";

export default async function InventoryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext();
  const query = parseDataTableParams(await searchParams, INVENTORY_TABLE_PARAMS);
  const db = getDb();
  const [settings, page, locationOptions, skips] = await Promise.all([
    getInventorySettings(db, ctx.workspaceId),
    listInventory(db, ctx.workspaceId, { ...inventoryListQuery(query), page: query.pageIndex, pageSize: query.pageSize }),
    listLocationOptions(db, ctx.workspaceId),
    listInventorySkips(db, ctx.workspaceId),
  ]);
  const canEdit = can(ctx, "connectors:write");
  const readOnly = inventoryReadOnlyReason(settings.direction);
  const editable = canEdit && !readOnly;
  return (
    <div className="grid grid-cols-1 gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <PageHeader title="Inventory" description="Stock per SKU and location, and when each figure last reached TikTok Shop and Acumatica." className="mb-0" />
        <div className="flex flex-wrap gap-2">
          {editable && (
            <Button asChild variant="outline" size="sm">
              <Link href="/inventory/import">
                <Upload aria-hidden />
                Import CSV
              </Link>
            </Button>
          )}
          <Button asChild variant="outline" size="sm">
            <a href="/api/inventory/export" download>
              <Download aria-hidden />
              Export CSV
            </a>
          </Button>
        </div>
      </div>
      <DirectionBanner direction={settings.direction} matchedSkusOnly={settings.matchedSkusOnly} excludedSkus={settings.excludedSkus.length} canEdit={canEdit} />
      {!canEdit && (
        <Alert variant="info" announce={false}>
          You are a viewer in this workspace: you can see inventory but not change it.
        </Alert>
      )}
      {canEdit && readOnly && (
        <p className="-mt-3 text-sm text-muted-foreground" data-testid="inventory-read-only">
          Quantities are read-only: {readOnly}
        </p>
      )}
      <InventoryTable rows={page.rows} rowCount={page.total} locations={locationOptions} editable={editable} />
      <Card aria-labelledby="skipped-title">
        <CardHeader>
          <CardTitle id="skipped-title">Skipped SKUs</CardTitle>
          <CardDescription>
            SKUs the inventory sync left out and why: not matched on both sides (with Process only inventory items with matched SKUs on), excluded, or unknown to Acumatica.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <SkippedSkus skips={skips} />
        </CardContent>
      </Card>
    </div>
  );
}
