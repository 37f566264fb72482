"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import type { ReactNode } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { saveOrderSyncSettingsAction } from "@/lib/order-settings/actions";
import { LABELS, saveSyncSchema } from "@/lib/order-settings/schemas";
import { SettingsSection } from "./settings-section";
import { useSectionSave } from "./use-section-save";

type Values = z.input<typeof saveSyncSchema>;
type Parsed = z.output<typeof saveSyncSchema>;
type Toggle = "pushOrders" | "pushCanceledOrders" | "allowRefunds" | "limitToSources" | "markSentToFulfillment";

const TOGGLES: ReadonlyArray<{ name: Toggle; hint: string }> = [
  { name: "pushOrders", hint: "Paid TikTok Shop orders awaiting shipment become Acumatica sales orders. Test with one order (Send as test order on the order's page) before turning this on." },
  { name: "pushCanceledOrders", hint: "An order canceled on TikTok Shop is canceled in Acumatica too." },
  { name: "allowRefunds", hint: "Off by default. Completed TikTok refunds and returns are pushed as the refund order type." },
  { name: "limitToSources", hint: "Only orders from the TikTok shops picked below are pushed; the others stay in OrderBridge." },
  { name: "markSentToFulfillment", hint: "Orders move to Sent to Fulfillment once their sales order is created." },
];

/** Step 8 (orders): the push toggles and the order sources. */
export function SyncSection({
  values,
  shops,
  canEdit,
}: {
  values: Parsed;
  shops: Array<{ id: string; name: string; status: string }>;
  canEdit: boolean;
}) {
  const form = useForm<Values, unknown, Parsed>({ resolver: zodResolver(saveSyncSchema), defaultValues: values });
  const { save, error, warnings } = useSectionSave({ action: saveOrderSyncSettingsAction, setError: form.setError, saved: "Sync settings saved." });
  const onSubmit = form.handleSubmit(async (v) => {
    if (await save(v)) form.reset(v);
  });
  const err = form.formState.errors;
  const limit = useWatch({ control: form.control, name: "limitToSources" });
  const sources = useWatch({ control: form.control, name: "sources" }) ?? [];
  // Every connected shop, plus a disconnected one still picked (so it can be unpicked).
  const listed = shops.filter((s) => s.status === "connected" || sources.includes(s.id));

  const toggle = (name: Toggle, hint: string, extra?: ReactNode) => {
    const id = `sync-${name}`;
    const message = err[name]?.message;
    return (
      <div key={name} className="grid gap-3 px-4 py-3">
        <div className="flex items-start justify-between gap-4">
          <div className="grid min-w-0 gap-1">
            <Label htmlFor={id}>{LABELS[name]}</Label>
            <p id={`${id}-hint`} className="text-sm text-muted-foreground">
              {hint}
            </p>
            {message && <p className="text-sm font-medium text-destructive">{message}</p>}
          </div>
          <Controller
            control={form.control}
            name={name}
            render={({ field }) => (
              <Switch id={id} ref={field.ref} checked={!!field.value} onCheckedChange={field.onChange} onBlur={field.onBlur} aria-describedby={`${id}-hint`} className="mt-0.5" />
            )}
          />
        </div>
        {extra}
      </div>
    );
  };

  const sourcesError = err.sources?.message;
  const sourceList = (
    <fieldset className="m-0 grid min-w-0 gap-2 rounded-lg border p-3" disabled={!limit || !canEdit} aria-describedby={sourcesError ? "sync-sources-error" : undefined}>
      <legend className="px-1 text-sm font-medium">Order sources</legend>
      {listed.length === 0 ? (
        <p className="text-sm text-muted-foreground">No TikTok shop is connected yet. Connect one under Connectors → TikTok Shop.</p>
      ) : (
        <Controller
          control={form.control}
          name="sources"
          render={({ field }) => (
            <ul className="grid gap-2">
              {listed.map((shop) => {
                const id = `sync-source-${shop.id}`;
                const checked = (field.value ?? []).includes(shop.id);
                return (
                  <li key={shop.id} className="flex items-center gap-2">
                    <Checkbox
                      id={id}
                      checked={checked}
                      onCheckedChange={(c) => {
                        const current = field.value ?? [];
                        field.onChange(c === true ? [...current, shop.id] : current.filter((s) => s !== shop.id));
                      }}
                    />
                    <Label htmlFor={id} className="font-normal">
                      TikTok Shop — {shop.name}
                    </Label>
                    {shop.status !== "connected" && <Badge variant="warning">not connected</Badge>}
                  </li>
                );
              })}
            </ul>
          )}
        />
      )}
      {sourcesError && (
        <p id="sync-sources-error" className="text-sm font-medium text-destructive">
          {sourcesError}
        </p>
      )}
    </fieldset>
  );

  return (
    <SettingsSection
      id="sync-settings"
      title="Sync settings"
      description="What OrderBridge sends to Acumatica. Nothing is pushed until Push orders to Acumatica is on."
      canEdit={canEdit}
      onSubmit={onSubmit}
      submitting={form.formState.isSubmitting}
      error={error}
      warnings={warnings}
    >
      <div className="grid grid-cols-1 divide-y rounded-lg border">
        {TOGGLES.map((t) => toggle(t.name, t.hint, t.name === "limitToSources" ? sourceList : undefined))}
      </div>
    </SettingsSection>
  );
}
