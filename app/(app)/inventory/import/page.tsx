import Link from "next/link";
import { InventoryImport } from "@/components/inventory/inventory-import";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { getInventorySettings } from "@/lib/inventory/queries";
import { inventoryReadOnlyReason } from "@/lib/inventory/schemas";

export default async function InventoryImportPage() {
  const ctx = await requirePageContext();
  const { direction } = await getInventorySettings(getDb(), ctx.workspaceId);
  const readOnly = inventoryReadOnlyReason(direction);
  const code = "font-mono";
  return (
    <div className="grid grid-cols-1 gap-6">
      <div className="grid gap-2">
        <Link href="/inventory" className="w-fit text-sm text-primary hover:underline">
          ← Inventory
        </Link>
        <PageHeader className="mb-0" title="Import inventory" description="Quantities for many SKUs and locations at once (Push inventory updates to Acumatica)." />
      </div>
      <Card>
        <CardHeader>
          <CardTitle>CSV file</CardTitle>
          <CardDescription>
            Columns <code className={code}>sku</code> (the master SKU, exactly: case and spaces matter), <code className={code}>location</code> (the location code, e.g.{" "}
            <code className={code}>MAIN</code>) and <code className={code}>quantity</code> (a whole number, 0 or more). Other columns are ignored, so a file from{" "}
            <a href="/api/inventory/export" className="text-primary hover:underline" download>
              Export CSV
            </a>{" "}
            can be edited and imported back. One row per SKU and location; the whole file is imported, or nothing when a row has a problem.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {!can(ctx, "connectors:write") ? (
            <p className="text-sm text-muted-foreground">Only owners and admins can import quantities.</p>
          ) : readOnly ? (
            <Alert variant="info" announce={false} data-testid="inventory-read-only">
              {readOnly}{" "}
              <Link href="/connectors/acumatica#inventory-settings" className="font-medium text-primary hover:underline">
                Change it on Connectors → Acumatica
              </Link>
              .
            </Alert>
          ) : (
            <InventoryImport />
          )}
        </CardContent>
      </Card>
    </div>
  );
}
