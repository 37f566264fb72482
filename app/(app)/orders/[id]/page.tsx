import Link from "next/link";
import { notFound } from "next/navigation";
import { ERP_STATE_LABELS, formatDateTime, formatMoney, ORDER_STATUS_LABELS, ORDER_STATUS_VARIANT } from "@/components/orders/format";
import { OrderActions } from "@/components/orders/order-actions";
import { OrderExceptions } from "@/components/orders/order-exceptions";
import { OrderTimeline } from "@/components/orders/order-timeline";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { requirePageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { getOrderActivity, getOrderDetail } from "@/lib/orders/queries";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function Amount({ label, value, currency, strong, negative }: { label: string; value: string; currency: string; strong?: boolean; negative?: boolean }) {
  const zero = Number(value) === 0;
  return (
    <div className={strong ? "flex justify-between gap-4 border-t pt-2 font-semibold" : "flex justify-between gap-4"}>
      <dt className={strong ? undefined : "text-muted-foreground"}>{label}</dt>
      <dd className="tabular-nums">{negative && !zero ? `−${formatMoney(value, currency)}` : formatMoney(value, currency)}</dd>
    </div>
  );
}

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePageContext();
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const db = getDb();
  const [detail, activity] = await Promise.all([getOrderDetail(db, ctx.workspaceId, id), getOrderActivity(db, ctx.workspaceId, id)]);
  if (!detail || !activity) notFound();
  const { order, hub, lines, refunds, salesOrder, exceptions } = detail;
  const canEdit = can(ctx, "connectors:write");
  const a = hub.amounts;
  const currency = order.currency;
  const inAcumatica = salesOrder?.state === "created";

  return (
    <div className="grid grid-cols-1 gap-6">
      <div className="grid gap-2">
        <Link href="/orders" className="w-fit text-sm text-primary hover:underline">
          ← Orders
        </Link>
        <PageHeader
          className="mb-0"
          title={<span className="[overflow-wrap:anywhere]">Order {order.externalId}</span>}
          description={`${detail.shopName} · created ${formatDateTime(order.channelCreatedAt)}`}
        />
        <div className="flex flex-wrap items-center gap-2" data-testid="order-statuses">
          <Badge variant={ORDER_STATUS_VARIANT[order.status]}>{ORDER_STATUS_LABELS[order.status]}</Badge>
          <Badge variant="outline">TikTok Shop: {order.channelStatus.replace(/_/g, " ").toLowerCase()}</Badge>
          {inAcumatica ? (
            <Badge variant="success">
              In Acumatica as {salesOrder.externalType} {salesOrder.externalId}
            </Badge>
          ) : (
            <Badge variant="secondary">Not in Acumatica</Badge>
          )}
        </div>
      </div>

      <OrderActions orderId={order.id} externalId={order.externalId} canEdit={canEdit} inAcumatica={inAcumatica} />

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card>
          <CardHeader>
            <CardTitle>In Acumatica</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4 text-sm">
            <div className="grid gap-1" data-testid="sales-order">
              <p className="text-muted-foreground">Sales order</p>
              {inAcumatica ? (
                <p className="font-mono text-base font-semibold">
                  {salesOrder.externalType} {salesOrder.externalId}
                  {salesOrder.externalCanceledAt && <Badge variant="outline" className="ml-2 font-sans">canceled there</Badge>}
                </p>
              ) : (
                <p>
                  {salesOrder ? (ERP_STATE_LABELS[salesOrder.state] ?? salesOrder.state) : "Not sent"}
                  {salesOrder?.lastError && <span className="block text-muted-foreground [overflow-wrap:anywhere]">{salesOrder.lastError}</span>}
                </p>
              )}
            </div>
            <div className="grid gap-1">
              <p className="text-muted-foreground">Return orders</p>
              {refunds.length === 0 ? (
                <p>None.</p>
              ) : (
                <ul className="grid gap-1" data-testid="return-orders">
                  {refunds.map((r) => (
                    <li key={r.id} className="flex flex-wrap justify-between gap-x-3">
                      <span>
                        {r.kind === "return" ? "Return" : r.kind === "refund" ? "Refund" : "Cancellation"} {r.externalId} · {formatMoney(r.total, r.currency)}
                        {!r.completed && <span className="text-muted-foreground"> (not completed)</span>}
                      </span>
                      <span className="font-mono">
                        {r.binding?.state === "created" ? `${r.binding.externalType} ${r.binding.externalId}` : r.binding ? (ERP_STATE_LABELS[r.binding.state] ?? r.binding.state) : "—"}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </CardContent>
        </Card>

        <Card id="exceptions" className="lg:col-span-2">
          <CardHeader>
            <CardTitle>Exceptions</CardTitle>
          </CardHeader>
          <CardContent>
            <OrderExceptions exceptions={exceptions} canEdit={canEdit} />
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Lines</CardTitle>
          <CardDescription>SKUs as TikTok Shop sent them (case and spaces matter when they are matched in Acumatica).</CardDescription>
        </CardHeader>
        <CardContent>
          <div className="rounded-lg border">
            <Table aria-label="Order lines">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>SKU</TableHead>
                  <TableHead>Product</TableHead>
                  <TableHead className="text-right">Qty</TableHead>
                  <TableHead className="text-right">Unit price</TableHead>
                  <TableHead className="text-right">Discounts</TableHead>
                  <TableHead className="text-right">Tax</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {lines.map((l) => {
                  const discount = Number(l.sellerDiscount) + Number(l.platformDiscount);
                  return (
                    <TableRow key={l.id}>
                      <TableCell>
                        <Link href={`/products?sku=${encodeURIComponent(l.sku)}`} className="font-mono text-[0.8125rem] whitespace-pre text-primary hover:underline">
                          {l.sku}
                        </Link>
                      </TableCell>
                      <TableCell className="min-w-[10rem]">
                        {l.productName}
                        {l.variantName && <span className="text-muted-foreground"> · {l.variantName}</span>}
                      </TableCell>
                      <TableCell className="text-right tabular-nums">
                        {l.quantity}
                        {l.canceledQuantity > 0 && <span className="block text-xs text-muted-foreground">{l.canceledQuantity} canceled</span>}
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(l.unitPrice, currency)}</TableCell>
                      <TableCell className="text-right whitespace-nowrap tabular-nums">
                        {discount ? `−${formatMoney(String(discount), currency)}` : "—"}
                        {discount > 0 && (
                          <span className="block text-xs text-muted-foreground">
                            seller {formatMoney(l.sellerDiscount, currency)} · platform {formatMoney(l.platformDiscount, currency)}
                          </span>
                        )}
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(l.tax, currency)}</TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </div>
        </CardContent>
      </Card>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card>
          <CardHeader>
            <CardTitle>Amounts</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid gap-1.5 text-sm" data-testid="order-amounts">
              <Amount label="Product total" value={a.productTotal} currency={currency} />
              <Amount label="Seller discounts" value={a.sellerDiscount} currency={currency} negative />
              <Amount label="Platform discounts" value={a.platformDiscount} currency={currency} negative />
              <Amount label="Shipping" value={a.shippingFee} currency={currency} />
              <Amount label="Tax" value={a.tax} currency={currency} />
              <Amount label="Retail delivery fee" value={a.retailDeliveryFee} currency={currency} />
              {Number(a.otherFees) !== 0 && <Amount label="Other fees" value={a.otherFees} currency={currency} />}
              <Amount label="Total" value={a.total} currency={currency} strong />
            </dl>
            <dl className="mt-4 grid gap-1 border-t pt-3 text-sm">
              <div className="flex justify-between gap-4">
                <dt className="text-muted-foreground">Shipping option</dt>
                <dd className="text-right">{hub.shippingOption?.name ?? "—"}</dd>
              </div>
              <div className="flex justify-between gap-4">
                <dt className="text-muted-foreground">Payment</dt>
                <dd className="text-right">{hub.paymentMethodName ?? "—"}</dd>
              </div>
              <div className="flex justify-between gap-4">
                <dt className="text-muted-foreground">Paid</dt>
                <dd className="text-right">{formatDateTime(order.paidAt)}</dd>
              </div>
            </dl>
          </CardContent>
        </Card>
        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>Timeline</CardTitle>
            <CardDescription>Every sync event of this order, oldest first.</CardDescription>
          </CardHeader>
          <CardContent>
            <OrderTimeline orderId={order.id} initial={activity} />
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
