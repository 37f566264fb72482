import Link from "next/link";
import { notFound } from "next/navigation";
import { ChannelSkuForm } from "@/components/products/channel-sku-form";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { requirePageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { getProduct } from "@/lib/products/queries";
import { CHANNEL_OPTIONS_NOTES } from "@/lib/products/schemas";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePageContext();
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const found = await getProduct(getDb(), ctx.workspaceId, id);
  if (!found) notFound();
  const { product, parent, children } = found;
  const canEdit = can(ctx, "connectors:write");
  const isParent = children.length > 0;

  return (
    <div className="grid grid-cols-1 gap-6">
      <div className="grid gap-2">
        <Link href="/products" className="w-fit text-sm text-primary hover:underline">
          ← Products
        </Link>
        <PageHeader
          className="mb-0"
          title={<span className="font-mono whitespace-pre-wrap [overflow-wrap:anywhere]">{product.sku}</span>}
          description={[product.name, product.source === "acumatica" ? "from Acumatica's item master" : "added in OrderBridge"].filter(Boolean).join(" · ")}
        />
        <div className="flex flex-wrap gap-2">
          {!product.active && <Badge variant="secondary">Inactive</Badge>}
          {isParent && <Badge variant="secondary">Parent of {children.length} variants</Badge>}
          {parent && (
            <Badge variant="outline">
              Variant of&nbsp;
              <Link href={`/products/${parent.id}`} className="font-mono text-primary hover:underline">
                {parent.sku}
              </Link>
            </Badge>
          )}
        </div>
      </div>

      <Card id="channel-options" aria-labelledby="channel-options-title">
        <CardHeader>
          <CardTitle id="channel-options-title">Channel Options</CardTitle>
          <CardDescription>The SKU each connector uses for this product when it differs from the master SKU.</CardDescription>
        </CardHeader>
        <CardContent className="grid grid-cols-1 gap-4">
          {isParent && (
            <p className="rounded-lg border bg-muted/40 p-3 text-sm" data-testid="parent-note">
              {CHANNEL_OPTIONS_NOTES.parent}
            </p>
          )}
          <div className="rounded-lg border">
            <Table aria-label="Channel Options">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Connector</TableHead>
                  {!isParent && <TableHead>Channel SKU</TableHead>}
                </TableRow>
              </TableHeader>
              <TableBody>
                <TableRow data-testid="channel-row-acumatica">
                  <TableCell className="align-top font-medium whitespace-nowrap">Acumatica</TableCell>
                  {!isParent && (
                    <TableCell className="min-w-[16rem]">
                      {canEdit ? (
                        <ChannelSkuForm productId={product.id} channelSku={product.acumaticaSku ?? ""} />
                      ) : product.acumaticaSku ? (
                        <span className="font-mono">{product.acumaticaSku}</span>
                      ) : (
                        <span className="text-muted-foreground">— (the master SKU is sent)</span>
                      )}
                    </TableCell>
                  )}
                </TableRow>
                <TableRow data-testid="channel-row-tiktok">
                  <TableCell className="align-top font-medium whitespace-nowrap">TikTok Shop</TableCell>
                  {!isParent && <TableCell className="min-w-[16rem] text-sm text-muted-foreground">{CHANNEL_OPTIONS_NOTES.tiktokRow}</TableCell>}
                </TableRow>
              </TableBody>
            </Table>
          </div>
        </CardContent>
      </Card>

      {isParent && (
        <Card>
          <CardHeader>
            <CardTitle>Variants</CardTitle>
            <CardDescription>Open a variant to set its channel SKUs.</CardDescription>
          </CardHeader>
          <CardContent>
            <ul className="grid gap-1" data-testid="variants">
              {children.map((c) => (
                <li key={c.id}>
                  <Link href={`/products/${c.id}`} className="font-mono text-primary hover:underline">
                    {c.sku}
                  </Link>
                  {c.name && <span className="text-muted-foreground"> — {c.name}</span>}
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      )}
    </div>
  );
}
