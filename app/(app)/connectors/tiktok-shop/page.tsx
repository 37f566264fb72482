import { ConnectionStatus } from "@/components/connectors/connection-status";
import { TikTokConnectButton } from "@/components/connectors/tiktok-connect-button";
import { TikTokShopTogglesForm } from "@/components/connectors/tiktok-shop-toggles";
import { requirePageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { listConnections } from "@/lib/connections/queries";
import type { TikTokShopSettings } from "@/lib/connections/tiktok-schemas";
import { productPushAllowed, TIKTOK_TOGGLE_DEFAULTS } from "@/lib/connections/tiktok-schemas";
import { getDb } from "@/lib/db/client";
import { listWebhookEvents } from "@/lib/webhooks/queries";
import { WebhookEventsTable } from "@/components/connectors/webhook-events-table";

export default async function TikTokShopConnectorPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requirePageContext();
  const params = await searchParams;
  const db = getDb();
  const [shops, events] = await Promise.all([listConnections(db, ctx.workspaceId, "tiktok_shop"), listWebhookEvents(db, ctx.workspaceId, "tiktok_shop")]);
  const canEdit = can(ctx, "connectors:write");
  const needsReconnect = shops.some((s) => s.status !== "connected");
  return (
    <>
      <h1>TikTok Shop</h1>
      {params.connected && (
        <div role="status" className="notice success">
          Connected: {params.connected}.
        </div>
      )}
      {params.error && (
        <div role="alert" className="notice error">
          {params.error}
        </div>
      )}
      <section className="panel">
        <h2>Shops</h2>
        <p className="muted">Connect TikTok Shop first, then Acumatica. Each authorised shop gets its own settings below.</p>
        {canEdit && <TikTokConnectButton label={shops.length === 0 ? "Connect" : needsReconnect ? "Reconnect" : "Connect another shop"} />}
        {shops.length === 0 && <p>No shop connected yet.</p>}
      </section>
      {shops.map((shop) => {
        const s = shop.settings as TikTokShopSettings;
        return (
          <section className="panel" key={shop.id} data-testid="tiktok-shop">
            <h2>
              {shop.displayName} <span className="badge">{s.region}</span>
            </h2>
            <ConnectionStatus connection={shop} details={[`Shop id: ${shop.externalId}`, `Webhooks: ${s.webhooksRegistered ? "registered" : "not registered"}`]} />
            <TikTokShopTogglesForm
              connectionId={shop.id}
              shopName={shop.displayName}
              values={{
                pullOrders: s.pullOrders ?? TIKTOK_TOGGLE_DEFAULTS.pullOrders,
                pushFulfillments: s.pushFulfillments ?? TIKTOK_TOGGLE_DEFAULTS.pushFulfillments,
                pushProducts: s.pushProducts ?? TIKTOK_TOGGLE_DEFAULTS.pushProducts,
              }}
              productPushAllowed={productPushAllowed(s.region)}
              canEdit={canEdit}
              connected={shop.status === "connected"}
            />
          </section>
        );
      })}
      <section className="panel">
        <h2>Recent webhooks</h2>
        <WebhookEventsTable initial={events.map((e) => ({ ...e, receivedAt: e.receivedAt.toISOString() }))} />
      </section>
    </>
  );
}
