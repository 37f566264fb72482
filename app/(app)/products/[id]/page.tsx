import Link from "next/link";
import { notFound } from "next/navigation";
import { formatDateTime } from "@/components/orders/format";
import { ChannelSkuForm } from "@/components/products/channel-sku-form";
import { LISTING_STATUS_LABELS, PushListingButton } from "@/components/products/shop-listings";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { requirePageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { getProduct } from "@/lib/products/queries";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const number = (v: string | null) => (v === null ? null : String(Number(v)));

export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePageContext();
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const found = await getProduct(getDb(), ctx.workspaceId, id);
  if (!found) notFound();
  const { product, parent, children, channelOptions, listings } = found;
  const canEdit = can(ctx, "connectors:write");
  const isParent = children.length > 0;
  const details: Array<[string, string | null]> = [
    ["Price", number(product.price)],
    ["Weight", product.weight === null ? null : `${number(product.weight)} ${product.weightUnit ?? ""}`.trim()],
    ["Barcode", product.barcode],
    ...Object.entries(product.attributes).map(([k, v]): [string, string] => [k, v]),
    ["Changed in Acumatica", product.erpModifiedAt ? formatDateTime(product.erpModifiedAt) : null],
    ["Last pulled", product.erpSyncedAt ? formatDateTime(product.erpSyncedAt) : null],
  ];

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
          {product.active ? <Badge variant="success">Active</Badge> : <Badge variant="secondary">Inactive</Badge>}
          {isParent && <Badge variant="secondary">Parent of {children.length} variants</Badge>}
          {product.isTemplate && !isParent && <Badge variant="secondary">Matrix template</Badge>}
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

      <Card aria-labelledby="details-title">
        <CardHeader>
          <CardTitle id="details-title">Details</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-6 md:grid-cols-2">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm" data-testid="product-details">
            {details
              .filter(([, v]) => v !== null && v !== "")
              .map(([k, v]) => (
                <div key={k} className="contents">
                  <dt className="text-muted-foreground">{k}</dt>
                  <dd className="[overflow-wrap:anywhere]">{v}</dd>
                </div>
              ))}
          </dl>
          <div className="grid content-start gap-2">
            <h3 className="text-sm font-medium">Stock per location</h3>
            {product.stock.length === 0 ? (
              <p className="text-sm text-muted-foreground">No stock figures yet: they arrive with the inventory sync.</p>
            ) : (
              <div className="overflow-x-auto rounded-lg border">
                <Table aria-label="Stock per location">
                  <TableHeader>
                    <TableRow className="hover:bg-transparent">
                      <TableHead>Location</TableHead>
                      <TableHead className="text-right">Available</TableHead>
                      <TableHead className="text-right">On hand</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {product.stock.map((s) => (
                      <TableRow key={s.location}>
                        <TableCell className="font-mono">{s.location}</TableCell>
                        <TableCell className="text-right tabular-nums">{s.available}</TableCell>
                        <TableCell className="text-right tabular-nums">{s.onHand}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </div>
            )}
            {isParent && product.stock.length > 0 && <p className="text-xs text-muted-foreground">The variants&apos; stock added up.</p>}
          </div>
        </CardContent>
      </Card>

      <Card id="channel-options" aria-labelledby="channel-options-title" className="scroll-mt-20">
        <CardHeader>
          <CardTitle id="channel-options-title">Channel Options</CardTitle>
          <CardDescription>The SKU each connector uses for this product when it differs from the master SKU.</CardDescription>
        </CardHeader>
        <CardContent className="grid grid-cols-1 gap-4">
          {channelOptions.parentNote && (
            <p className="rounded-lg border bg-muted/40 p-3 text-sm" data-testid="parent-note">
              {channelOptions.parentNote}
            </p>
          )}
          <div className="overflow-x-auto rounded-lg border">
            <Table aria-label="Channel Options">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Connector</TableHead>
                  {!channelOptions.columnHidden && <TableHead>Channel SKU</TableHead>}
                </TableRow>
              </TableHeader>
              <TableBody>
                {channelOptions.rows.map((row) => (
                  <TableRow key={row.connector} data-testid={row.connector === "acumatica" ? "channel-row-acumatica" : "channel-row-tiktok"}>
                    <TableCell className="align-top font-medium whitespace-nowrap">{row.label}</TableCell>
                    {!channelOptions.columnHidden && (
                      <TableCell className="min-w-[16rem]">
                        {row.channelSku ? (
                          canEdit ? (
                            <ChannelSkuForm productId={product.id} channelSku={row.channelSku.value} />
                          ) : row.channelSku.value ? (
                            <span className="font-mono">{row.channelSku.value}</span>
                          ) : (
                            <span className="text-muted-foreground">— (the master SKU is sent)</span>
                          )
                        ) : (
                          <span className="text-sm text-muted-foreground">{row.note}</span>
                        )}
                      </TableCell>
                    )}
                  </TableRow>
                ))}
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
                <li key={c.id} className="flex flex-wrap items-center gap-x-2">
                  <Link href={`/products/${c.id}`} className="font-mono text-primary hover:underline">
                    {c.sku}
                  </Link>
                  {c.name && <span className="text-muted-foreground">— {c.name}</span>}
                  {!c.active && <Badge variant="outline">Inactive</Badge>}
                  {c.acumaticaSku && <span className="font-mono text-xs text-muted-foreground">→ Acumatica {c.acumaticaSku}</span>}
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      )}

      <Card id="tiktok-listings" aria-labelledby="tiktok-listings-title" className="scroll-mt-20">
        <CardHeader>
          <CardTitle id="tiktok-listings-title">TikTok Shop</CardTitle>
          <CardDescription>
            {parent ? (
              <>
                A variant is listed with its parent,{" "}
                <Link href={`/products/${parent.id}#tiktok-listings`} className="font-mono text-primary hover:underline">
                  {parent.sku}
                </Link>
                , as one of its SKUs.
              </>
            ) : (
              "The listing of this product in each TikTok shop (pushed from here for US and UK shops with Push products on)."
            )}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {listings.length === 0 ? (
            <p className="text-sm text-muted-foreground">No TikTok shop is connected yet.</p>
          ) : (
            <ul className="grid gap-3">
              {listings.map((l) => (
                <li key={l.connectionId} className="grid gap-2 rounded-lg border p-3" data-testid="product-listing">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium">{l.shopName}</span>
                    <Badge variant="outline">{l.region || "region unknown"}</Badge>
                    {l.listing && <Badge variant={l.listing.status === "failed" || l.listing.status === "refused" ? "destructive" : "secondary"}>{LISTING_STATUS_LABELS[l.listing.status] ?? l.listing.status}</Badge>}
                  </div>
                  {!l.allowed ? (
                    <Alert announce={false} data-testid="product-push-refused">
                      {l.refusal}
                    </Alert>
                  ) : (
                    <>
                      {l.listing?.tiktokProductId && (
                        <p className="text-sm">
                          TikTok product <span className="font-mono">{l.listing.tiktokProductId}</span>
                          {l.listing.tiktokSkuId && (
                            <>
                              , SKU <span className="font-mono">{l.listing.tiktokSkuId}</span>
                            </>
                          )}
                        </p>
                      )}
                      {l.listing?.lastError && <p className="text-sm text-destructive">{l.listing.lastError}</p>}
                      {!l.listing && <p className="text-sm text-muted-foreground">{l.pushProducts ? "Not listed yet." : "Push products is off for this shop."}</p>}
                      {canEdit && !parent && l.listing?.status !== "linked" && (
                        <PushListingButton connectionId={l.connectionId} productId={product.id} label="Push now" disabled={!l.pushProducts || !l.connected} />
                      )}
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
