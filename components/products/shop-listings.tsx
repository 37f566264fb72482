"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Send } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { useActionForm } from "@/components/ui/use-action-form";
import { pushListingsNowAction, saveListingDefaultsAction } from "@/lib/products/actions";
import type { ShopListingsView } from "@/lib/products/queries";
import { listingDefaultsSchema } from "@/lib/products/schemas";

type DefaultsIn = z.input<typeof listingDefaultsSchema>;
type DefaultsOut = z.output<typeof listingDefaultsSchema>;

export const LISTING_STATUS_LABELS: Record<string, string> = {
  pending: "Being sent",
  listed: "Listed by OrderBridge",
  linked: "Linked (you listed it in TikTok Shop)",
  failed: "Not listed (see why)",
  refused: "Refused",
};

/** "Push now": one product (its page) or a shop's whole catalog. Refused outside the US and the UK by the server too. */
export function PushListingButton({ connectionId, productId, label, disabled }: { connectionId: string; productId?: string; label: string; disabled?: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const push = async () => {
    setError(null);
    setBusy(true);
    const res = await pushListingsNowAction(productId ? { connectionId, productId } : { connectionId });
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    toast.success(productId ? "Queued: the listing is sent in a moment." : "Queued: the shop's listings are compared with the catalog and sent.");
    router.refresh();
  };
  return (
    <div className="grid gap-2">
      {error && <FormMessage message={{ kind: "error", text: error }} />}
      <Button type="button" variant="outline" size="sm" onClick={push} disabled={busy || disabled} className="w-fit">
        <Send aria-hidden />
        {label}
      </Button>
    </div>
  );
}

function CategoryForm({ shop, canEdit }: { shop: ShopListingsView; canEdit: boolean }) {
  const router = useRouter();
  const form = useForm<DefaultsIn, unknown, DefaultsOut>({ resolver: zodResolver(listingDefaultsSchema), defaultValues: { connectionId: shop.connectionId, categoryId: shop.categoryId } });
  const { message, submit } = useActionForm(saveListingDefaultsAction, form.setError);
  const onSubmit = form.handleSubmit(async (v) => {
    if (await submit(v, "Category saved.")) router.refresh();
  });
  const id = `category-${shop.connectionId}`;
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-2" aria-label={`${shop.shopName} listing category`}>
      {message?.kind === "error" && <FormMessage message={message} />}
      <fieldset disabled={!canEdit} className="m-0 flex min-w-0 flex-wrap items-start gap-2 border-0 p-0">
        <FormField id={id} label="TikTok category for new listings" hint="A leaf category id from TikTok Shop Seller Center. Change it per product there afterwards." error={form.formState.errors.categoryId?.message} className="w-full max-w-xs">
          <Input inputMode="numeric" autoComplete="off" className="font-mono" {...form.register("categoryId")} />
        </FormField>
        {canEdit && (
          <Button type="submit" variant="outline" className="sm:mt-5" disabled={form.formState.isSubmitting}>
            Save
          </Button>
        )}
      </fieldset>
    </form>
  );
}

/** Products → TikTok Shop per shop: US and UK shops push listings (toggle, category, counts, Push now); others say why they cannot. */
export function ShopListings({ shops, canEdit }: { shops: ShopListingsView[]; canEdit: boolean }) {
  if (shops.length === 0) return <p className="text-sm text-muted-foreground">No TikTok shop is connected yet. Connect one under Connectors → TikTok Shop.</p>;
  return (
    <ul className="grid gap-4">
      {shops.map((shop) => (
        <li key={shop.connectionId} className="grid gap-3 rounded-lg border p-4" data-testid="shop-listings">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{shop.shopName}</span>
            <Badge variant="outline">{shop.region || "region unknown"}</Badge>
            {!shop.connected && <Badge variant="warning">not connected</Badge>}
          </div>
          {!shop.allowed ? (
            <Alert announce={false} data-testid="product-push-refused">
              {shop.refusal}
            </Alert>
          ) : (
            <>
              <p className="text-sm">
                Push products is <strong>{shop.pushProducts ? "on" : "off"}</strong> for this shop.{" "}
                <Link href="/connectors/tiktok-shop" className="text-primary hover:underline">
                  {shop.pushProducts ? "Change it" : "Turn it on"} under Connectors → TikTok Shop
                </Link>
                .
              </p>
              {Object.keys(shop.counts).length > 0 && (
                <ul className="flex flex-wrap gap-2 text-sm" aria-label={`${shop.shopName} listings`}>
                  {Object.entries(shop.counts).map(([status, n]) => (
                    <li key={status}>
                      <Badge variant={status === "failed" || status === "refused" ? "destructive" : "secondary"}>
                        {n} {LISTING_STATUS_LABELS[status] ?? status}
                      </Badge>
                    </li>
                  ))}
                </ul>
              )}
              <CategoryForm shop={shop} canEdit={canEdit} />
              {canEdit && <PushListingButton connectionId={shop.connectionId} label="Push catalog now" disabled={!shop.pushProducts || !shop.connected} />}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
