import Link from "next/link";
import { ChannelSkuImport } from "@/components/products/channel-sku-import";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";

export default async function ProductImportPage() {
  const ctx = await requirePageContext();
  return (
    <div className="grid grid-cols-1 gap-6">
      <div className="grid gap-2">
        <Link href="/products" className="w-fit text-sm text-primary hover:underline">
          ← Products
        </Link>
        <PageHeader className="mb-0" title="Import Channel SKUs" description="The Acumatica row of Channel Options for many products at once." />
      </div>
      <Card>
        <CardHeader>
          <CardTitle>CSV file</CardTitle>
          <CardDescription>
            Columns <code className="font-mono">sku</code> (the master SKU, exactly) and <code className="font-mono">acumatica_channel_sku</code> (the Acumatica Inventory ID; empty sends the master SKU).
            Other columns are ignored, so a file from{" "}
            <a href="/api/products/export" className="text-primary hover:underline" download>
              Export CSV
            </a>{" "}
            can be edited and imported back. A parent product takes no Channel SKU: set it on its variants.
          </CardDescription>
        </CardHeader>
        <CardContent>{can(ctx, "connectors:write") ? <ChannelSkuImport /> : <p className="text-sm text-muted-foreground">Only owners and admins can import Channel SKUs.</p>}</CardContent>
      </Card>
    </div>
  );
}
