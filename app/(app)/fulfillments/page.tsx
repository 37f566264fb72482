import Link from "next/link";
import { CatalogSettingsSection } from "@/components/connectors/catalog-settings-section";
import { fulfillmentListQuery, FULFILLMENT_TABLE_PARAMS } from "@/components/fulfillments/fulfillment-list-params";
import { FulfillmentsTable } from "@/components/fulfillments/fulfillments-table";
import { Badge } from "@/components/ui/badge";
import { parseDataTableParams } from "@/components/ui/data-table-params";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { listFulfillments, listPushFulfillmentShops } from "@/lib/fulfillments/queries";
import { getOrderSettings } from "@/lib/order-settings/queries";

export default async function FulfillmentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext();
  const query = parseDataTableParams(await searchParams, FULFILLMENT_TABLE_PARAMS);
  const db = getDb();
  const [page, { settings }, shops] = await Promise.all([
    listFulfillments(db, ctx.workspaceId, { filters: fulfillmentListQuery(query), page: query.pageIndex, pageSize: query.pageSize }),
    getOrderSettings(db, ctx.workspaceId),
    listPushFulfillmentShops(db, ctx.workspaceId),
  ]);
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader title="Fulfillments" description="Packages of Acumatica shipments and their push to TikTok Shop, with tracking." className="mb-0" />
      <FulfillmentsTable
        rows={page.rows.map((r) => ({ ...r, pushedAt: r.pushedAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString() }))}
        rowCount={page.total}
      />
      <CatalogSettingsSection
        id="fulfillment-settings"
        title="Fulfillment sync"
        description="The Step 8 settings of the Acumatica connector that bring shipments here (the same settings as on Connectors → Acumatica)."
        fields={["pullShippingRequests", "pullFulfillments"]}
        values={settings.catalog}
        canEdit={can(ctx, "connectors:write")}
      />
      <section aria-labelledby="push-fulfillments-title" className="grid gap-2 text-sm">
        <h2 id="push-fulfillments-title" className="font-medium">
          Push fulfillments per TikTok shop
        </h2>
        {shops.length === 0 ? (
          <p className="text-muted-foreground">No TikTok shop is connected yet.</p>
        ) : (
          <ul className="flex flex-wrap gap-2">
            {shops.map((s) => (
              <li key={s.id}>
                <Badge variant={s.pushFulfillments && s.connected ? "success" : "outline"}>
                  {s.name}: {s.connected ? (s.pushFulfillments ? "on" : "off") : "not connected"}
                </Badge>
              </li>
            ))}
          </ul>
        )}
        <p className="text-muted-foreground">
          Change it under{" "}
          <Link href="/connectors/tiktok-shop" className="text-primary hover:underline">
            Connectors → TikTok Shop
          </Link>
          .
        </p>
      </section>
    </div>
  );
}
