import { cookies } from "next/headers";
import { BuyerRequestsForm } from "@/components/connectors/buyer-requests-form";
import { CarrierMappingForm } from "@/components/connectors/carrier-mapping-form";
import { ConnectFlash } from "@/components/connectors/connect-flash";
import { ConnectionStatus } from "@/components/connectors/connection-status";
import { TikTokConnectButton } from "@/components/connectors/tiktok-connect-button";
import { TikTokShopTogglesForm } from "@/components/connectors/tiktok-shop-toggles";
import { WebhookEventsTable } from "@/components/connectors/webhook-events-table";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { FLASH_COOKIE, readFlash } from "@/lib/connections/flash";
import { listConnections } from "@/lib/connections/queries";
import type { TikTokShopSettings } from "@/lib/connections/tiktok-schemas";
import { BUYER_REQUEST_DEFAULTS, productPushAllowed, TIKTOK_TOGGLE_DEFAULTS } from "@/lib/connections/tiktok-schemas";
import { getDb } from "@/lib/db/client";
import { getOrderSettings } from "@/lib/order-settings/queries";
import { listWebhookEvents } from "@/lib/webhooks/queries";

export default async function TikTokShopConnectorPage() {
  const ctx = await requirePageContext();
  const flash = readFlash((await cookies()).get(FLASH_COOKIE)?.value, "tiktok");
  const db = getDb();
  const [shops, events, { settings: orderSettings }] = await Promise.all([
    listConnections(db, ctx.workspaceId, "tiktok_shop"),
    listWebhookEvents(db, ctx.workspaceId, "tiktok_shop"),
    getOrderSettings(db, ctx.workspaceId),
  ]);
  const canEdit = can(ctx, "connectors:write");
  const needsReconnect = shops.some((s) => s.status !== "connected");
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title="TikTok Shop"
        description="Connect TikTok Shop first, then Acumatica. Each authorised shop gets its own settings below."
        className="mb-0"
        actions={canEdit && shops.length > 0 ? <TikTokConnectButton label={needsReconnect ? "Reconnect" : "Connect another shop"} variant="outline" /> : undefined}
      />
      <ConnectFlash message={flash?.message ?? null} />
      {shops.length === 0 && (
        <EmptyState
          title="No shop connected yet."
          description="Connect opens TikTok Shop's authorization page, where you choose the shops OrderBridge may work with."
          action={canEdit ? <TikTokConnectButton label="Connect" /> : undefined}
        />
      )}
      {shops.map((shop) => {
        const s = shop.settings as TikTokShopSettings;
        const connected = shop.status === "connected";
        return (
          <Card key={shop.id} data-testid="tiktok-shop" aria-labelledby={`shop-${shop.id}`}>
            <CardHeader>
              <CardTitle id={`shop-${shop.id}`} className="flex flex-wrap items-center gap-2">
                {shop.displayName} <Badge variant="outline">{s.region}</Badge>
              </CardTitle>
            </CardHeader>
            <CardContent className="grid grid-cols-1 gap-5">
              <ConnectionStatus connection={shop} details={[`Shop id: ${shop.externalId}`, `Webhooks: ${s.webhooksRegistered ? "registered" : "not registered"}`]} />
              {connected ? (
                <TikTokShopTogglesForm
                  connectionId={shop.id}
                  shopName={shop.displayName}
                  values={{
                    pullOrders: s.pullOrders ?? TIKTOK_TOGGLE_DEFAULTS.pullOrders,
                    pushFulfillments: s.pushFulfillments ?? TIKTOK_TOGGLE_DEFAULTS.pushFulfillments,
                    pushProducts: s.pushProducts ?? TIKTOK_TOGGLE_DEFAULTS.pushProducts,
                    pushInventory: s.pushInventory ?? TIKTOK_TOGGLE_DEFAULTS.pushInventory,
                  }}
                  productPushAllowed={productPushAllowed(s.region)}
                  canEdit={canEdit}
                />
              ) : null}
              {connected && <CarrierMappingForm connectionId={shop.id} shopName={shop.displayName} value={orderSettings.carriers[shop.id] ?? {}} canEdit={canEdit} />}
              {connected && (
                <BuyerRequestsForm
                  connectionId={shop.id}
                  shopName={shop.displayName}
                  values={{
                    buyerCancellations: s.buyerCancellations ?? BUYER_REQUEST_DEFAULTS.buyerCancellations,
                    buyerReturns: s.buyerReturns ?? BUYER_REQUEST_DEFAULTS.buyerReturns,
                  }}
                  canEdit={canEdit}
                />
              )}
              {connected ? null : (
                <div className="grid gap-3" data-testid="shop-disconnected">
                  <Alert announce={false}>
                    This shop is not connected: nothing syncs with it and its webhooks are ignored. Its settings are kept; reconnect to resume.
                  </Alert>
                  {canEdit && <TikTokConnectButton label="Reconnect" variant="outline" />}
                </div>
              )}
            </CardContent>
          </Card>
        );
      })}
      <Card>
        <CardHeader>
          <CardTitle>Recent webhooks</CardTitle>
          <CardDescription>The latest notifications from TikTok Shop; this list refreshes itself.</CardDescription>
        </CardHeader>
        <CardContent>
          <WebhookEventsTable initial={events.map((e) => ({ ...e, receivedAt: e.receivedAt.toISOString() }))} />
        </CardContent>
      </Card>
    </div>
  );
}
