"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Unplug } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Path } from "react-hook-form";
import { Controller, useForm } from "react-hook-form";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { useActionForm } from "@/components/ui/use-action-form";
import { disconnectTikTokShopAction, saveTikTokShopTogglesAction } from "@/lib/connections/actions";
import type { TikTokShopToggles } from "@/lib/connections/tiktok-schemas";
import { PRODUCT_PUSH_REGION_NOTE, tiktokShopTogglesSchema } from "@/lib/connections/tiktok-schemas";

type ToggleName = Extract<Path<TikTokShopToggles>, "pullOrders" | "pushFulfillments" | "pushProducts" | "pushInventory">;

const TOGGLES: ReadonlyArray<{ name: ToggleName; label: string; description: string }> = [
  { name: "pullOrders", label: "Pull orders", description: "New and changed orders of this shop become Acumatica sales orders." },
  { name: "pushFulfillments", label: "Push fulfillments", description: "Acumatica shipments go back to this shop with their tracking numbers." },
  { name: "pushProducts", label: "Push products", description: "Items from Acumatica's item master are listed in this shop." },
  { name: "pushInventory", label: "Push inventory", description: "Available quantities reach this shop's TikTok warehouses mapped on Locations." },
];

/** The sync toggles of one connected shop, with Save and Disconnect. */
export function TikTokShopTogglesForm(props: {
  connectionId: string;
  shopName: string;
  values: Omit<TikTokShopToggles, "connectionId">;
  productPushAllowed: boolean;
  canEdit: boolean;
}) {
  const router = useRouter();
  const [disconnectError, setDisconnectError] = useState<string | null>(null);
  const form = useForm<TikTokShopToggles>({ resolver: zodResolver(tiktokShopTogglesSchema), defaultValues: { connectionId: props.connectionId, ...props.values } });
  const { message, submit } = useActionForm(saveTikTokShopTogglesAction, form.setError);
  const onSubmit = form.handleSubmit(async (values) => {
    if (await submit(values, "Settings saved.")) router.refresh();
  });
  const id = (name: string) => `${name}-${props.connectionId}`;
  return (
    <form onSubmit={onSubmit} noValidate aria-label={`${props.shopName} settings`} className="grid grid-cols-1 gap-4">
      <FormMessage message={message} />
      {disconnectError && <FormMessage message={{ kind: "error", text: disconnectError }} />}
      <fieldset disabled={!props.canEdit} className="m-0 grid min-w-0 grid-cols-1 gap-0 divide-y rounded-lg border p-0">
        <legend className="sr-only">Sync</legend>
        {TOGGLES.map((t) => {
          const disabled = t.name === "pushProducts" && !props.productPushAllowed;
          const hint = disabled ? PRODUCT_PUSH_REGION_NOTE : t.description;
          // The server's region refusal repeats the hint word for word; say it once.
          const fieldError = form.formState.errors[t.name]?.message;
          const error = fieldError && fieldError !== hint ? fieldError : undefined;
          const hintId = `${id(t.name)}-hint`;
          const errorId = `${id(t.name)}-error`;
          return (
            <div key={t.name} className="flex items-start justify-between gap-4 px-4 py-3">
              <div className="grid min-w-0 gap-1">
                <Label htmlFor={id(t.name)}>{t.label}</Label>
                <p id={hintId} className="text-sm text-muted-foreground">
                  {hint}
                </p>
                {error && (
                  <p id={errorId} className="text-sm font-medium text-destructive">
                    {error}
                  </p>
                )}
              </div>
              <Controller
                control={form.control}
                name={t.name}
                render={({ field }) => (
                  <Switch
                    id={id(t.name)}
                    ref={field.ref}
                    checked={!!field.value}
                    onCheckedChange={field.onChange}
                    onBlur={field.onBlur}
                    disabled={disabled}
                    aria-describedby={error ? `${hintId} ${errorId}` : hintId}
                    aria-invalid={error ? true : undefined}
                    className="mt-0.5"
                  />
                )}
              />
            </div>
          );
        })}
      </fieldset>
      {props.canEdit && (
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" disabled={form.formState.isSubmitting}>
            Save
          </Button>
          <ConfirmDialog
            trigger={
              <Button variant="destructive-outline">
                <Unplug aria-hidden />
                Disconnect
              </Button>
            }
            title={`Disconnect ${props.shopName}?`}
            description="OrderBridge stops working with this shop until you reconnect it."
            confirmLabel="Disconnect"
            onConfirm={async () => {
              const res = await disconnectTikTokShopAction({ connectionId: props.connectionId });
              setDisconnectError(res.ok ? null : res.error.message);
              router.refresh();
            }}
          >
            <ul className="grid list-disc gap-1 pl-5">
              <li>Orders from this shop stop being pulled.</li>
              <li>Fulfillments stop being pushed to this shop.</li>
              <li>Webhooks from this shop are ignored.</li>
            </ul>
            <p className="mt-3 text-muted-foreground">Its settings are kept for when you reconnect. Other shops are not affected.</p>
          </ConfirmDialog>
        </div>
      )}
    </form>
  );
}
