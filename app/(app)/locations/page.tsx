import Link from "next/link";
import { AddLocationForm } from "@/components/locations/add-location-form";
import { LocationsTable } from "@/components/locations/locations-table";
import { WarehouseMapping } from "@/components/locations/warehouse-mapping";
import { Alert, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { getLocationsDirection, listLocations, listWarehouseMappings } from "@/lib/locations/queries";
import { locationsReadOnlyReason } from "@/lib/locations/schemas";
import { LABELS } from "@/lib/order-settings/schemas";

export default async function LocationsPage() {
  const ctx = await requirePageContext();
  const db = getDb();
  const [direction, rows, shops] = await Promise.all([getLocationsDirection(db, ctx.workspaceId), listLocations(db, ctx.workspaceId), listWarehouseMappings(db, ctx.workspaceId)]);
  const canEdit = can(ctx, "connectors:write");
  const readOnly = locationsReadOnlyReason(direction);
  const options = rows.map((r) => ({ id: r.id, code: r.code, name: r.active ? r.name : `${r.name} (inactive)` }));
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader title="Locations" description="Warehouses stock is counted at, and which of them each TikTok Shop warehouse draws from." className="mb-0" />
      <Alert variant={direction === "off" ? "warning" : "info"} announce={false} data-testid="locations-direction">
        <AlertTitle>
          {LABELS.locations}: {direction === "pull" ? LABELS.locationsPull : direction === "push" ? LABELS.locationsPush : "Off"}
        </AlertTitle>
        <p>
          {direction === "push" ? "OrderBridge is the source: locations added here are created as warehouses in Acumatica. " : `${readOnly} `}
          <Link href="/connectors/acumatica#inventory-settings" className="font-medium text-primary hover:underline">
            Change it on Connectors → Acumatica
          </Link>
          .
        </p>
      </Alert>
      {!canEdit && (
        <Alert variant="info" announce={false}>
          You are a viewer in this workspace: you can see locations and mappings but not change them.
        </Alert>
      )}
      <Card aria-labelledby="hub-locations-title">
        <CardHeader>
          <CardTitle id="hub-locations-title">Hub locations</CardTitle>
          <CardDescription>Each location&apos;s code is its Acumatica Warehouse ID.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6">
          <LocationsTable rows={rows} />
          {canEdit && !readOnly && <AddLocationForm />}
        </CardContent>
      </Card>
      <Card aria-labelledby="tiktok-warehouses-title">
        <CardHeader>
          <CardTitle id="tiktok-warehouses-title">TikTok Shop warehouses</CardTitle>
          <CardDescription>Per connected shop: the hub location whose stock each TikTok warehouse gets. An unmapped warehouse gets no inventory updates.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6">
          {shops.length === 0 && (
            <p className="text-sm text-muted-foreground">
              No TikTok shop is connected.{" "}
              <Link href="/connectors/tiktok-shop" className="text-primary hover:underline">
                Connect one on Connectors → TikTok Shop
              </Link>
              .
            </p>
          )}
          {shops.map((shop) => (
            <section key={shop.connectionId} aria-labelledby={`shop-${shop.connectionId}`} className="grid gap-3" data-testid="shop-warehouses">
              <h3 id={`shop-${shop.connectionId}`} className="font-medium">
                {shop.shopName}
                {!shop.connected && <span className="ml-2 text-sm font-normal text-muted-foreground">(not connected)</span>}
              </h3>
              <WarehouseMapping shop={shop} locations={options} canEdit={canEdit} />
            </section>
          ))}
        </CardContent>
      </Card>
    </div>
  );
}
