import { cookies } from "next/headers";
import { Alert } from "@/components/ui/alert";
import { AcumaticaConnectPanel } from "@/components/connectors/acumatica-connect-panel";
import { AcumaticaConnectionForm } from "@/components/connectors/acumatica-connection-form";
import { ConnectFlash } from "@/components/connectors/connect-flash";
import { ConnectionStatus } from "@/components/connectors/connection-status";
import { CatalogSettingsSection } from "@/components/connectors/catalog-settings-section";
import { InventorySettingsSection } from "@/components/connectors/inventory-settings-section";
import { CustomerSection } from "@/components/order-settings/customer-section";
import { MappingSection } from "@/components/order-settings/mapping-section";
import { OrderTypesSection } from "@/components/order-settings/order-types-section";
import { SyncSection } from "@/components/order-settings/sync-section";
import { TaxSection } from "@/components/order-settings/tax-section";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { HashHighlight } from "@/components/ui/hash-highlight";
import { PageHeader } from "@/components/ui/page-header";
import { Separator } from "@/components/ui/separator";
import { requirePageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { acumaticaRedirectUri } from "@/lib/connections/acumatica-connect";
import { FLASH_COOKIE, readFlash } from "@/lib/connections/flash";
import { getConnection } from "@/lib/connections/queries";
import type { AcumaticaSettings } from "@/lib/connections/schemas";
import { getDb } from "@/lib/db/client";
import { getOrderSettingsView } from "@/lib/order-settings/queries";
import { getInventorySyncStatus } from "@/lib/inventory/queries";
import { getCatalogSyncStatus } from "@/lib/products/queries";

const SECTIONS = [
  { id: "connection", label: "Connection" },
  { id: "customer", label: "Customer" },
  { id: "orders-mapping", label: "Orders to Acumatica" },
  { id: "order-types", label: "Order types" },
  { id: "sync-settings", label: "Sync settings" },
  { id: "tax", label: "Taxes and fees" },
  { id: "catalog-settings", label: "Products and fulfillments" },
  { id: "inventory-settings", label: "Inventory and locations" },
] as const;

export default async function AcumaticaConnectorPage() {
  const ctx = await requirePageContext();
  const flash = readFlash((await cookies()).get(FLASH_COOKIE)?.value, "acumatica");
  const db = getDb();
  const [connection, view, catalogStatus, inventoryStatus] = await Promise.all([
    getConnection(db, ctx.workspaceId, "acumatica"),
    getOrderSettingsView(db, ctx.workspaceId),
    getCatalogSyncStatus(db, ctx.workspaceId),
    getInventorySyncStatus(db, ctx.workspaceId),
  ]);
  const settings = (connection?.settings ?? {}) as AcumaticaSettings;
  const canEdit = can(ctx, "connectors:write");
  const connected = connection?.status === "connected";
  const redirectUri = acumaticaRedirectUri();
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader title="Acumatica" description="Your ERP, in fulfillment mode: TikTok Shop orders become sales orders, shipments come back." className="mb-0" />
      <ConnectFlash message={flash?.message ?? null} />
      <HashHighlight />
      {!canEdit && (
        <Alert variant="info" announce={false}>
          You are a viewer in this workspace: you can see these settings but not change them.
        </Alert>
      )}
      <nav aria-label="On this page" className="-mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {SECTIONS.map((s) => (
          <a key={s.id} href={`#${s.id}`} className="rounded text-primary hover:underline focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none">
            {s.label}
          </a>
        ))}
      </nav>
      <Card id="connection" className="scroll-mt-20">
        <CardHeader>
          <CardTitle>Connection</CardTitle>
          <CardDescription>The instance and the Connected Application OrderBridge signs in with (OAuth 2.0 Authorization Code).</CardDescription>
        </CardHeader>
        <CardContent className="grid grid-cols-1 gap-6">
          <ConnectionStatus connection={connection} details={connected ? [`Instance: ${settings.apiUrl}`, `Endpoint: ${settings.endpoint}`] : []} />
          <div className="grid gap-2 rounded-lg border bg-muted/40 p-3 text-sm">
            <p>Redirect URI to register on your Acumatica Connected Application (OAuth 2.0 Authorization Code flow):</p>
            <div className="flex flex-wrap items-center gap-2">
              <code data-testid="redirect-uri" className="min-w-0 rounded bg-card px-2 py-1 font-mono text-[0.8125rem] break-all">
                {redirectUri}
              </code>
              <CopyButton value={redirectUri} what="Redirect URI" />
            </div>
          </div>
          <Separator />
          <AcumaticaConnectionForm
            apiUrl={settings.apiUrl}
            endpoint={settings.endpoint}
            clientId={settings.clientId}
            secretSet={!!connection?.secretsSet.clientSecret}
            canEdit={canEdit}
          />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Connect</CardTitle>
          <CardDescription>Connect signs in on your instance&apos;s own pages. Test connection checks the URL, the client credentials, the redirect URI, the endpoint and the token.</CardDescription>
        </CardHeader>
        <CardContent>
          <AcumaticaConnectPanel connected={connected} hasTokens={connected || !!connection?.tokenExpiresAt} canEdit={canEdit} saved={!!connection} />
        </CardContent>
      </Card>
      <CustomerSection values={{ strategy: "generic", genericCustomerId: view.settings.customer.genericCustomerId }} canEdit={canEdit} />
      <MappingSection options={view.shippingOptions} values={view.settings.mapping} canEdit={canEdit} acumaticaConnected={view.acumaticaConnected} />
      <OrderTypesSection values={view.settings.orderTypes} channels={view.channels} canEdit={canEdit} />
      <SyncSection values={view.settings.sync} shops={view.shops} canEdit={canEdit} />
      <TaxSection values={view.settings.tax} canEdit={canEdit} />
      <CatalogSettingsSection values={view.settings.catalog} status={catalogStatus} canEdit={canEdit} />
      <InventorySettingsSection values={view.settings.catalog} status={inventoryStatus} canEdit={canEdit} />
    </div>
  );
}
