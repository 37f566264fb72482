"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Controller, useForm } from "react-hook-form";
import type { z } from "zod";
import { CatalogResync } from "@/components/products/catalog-resync";
import { SettingsSection } from "@/components/order-settings/settings-section";
import { useSectionSave } from "@/components/order-settings/use-section-save";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { saveCatalogSettingsAction } from "@/lib/order-settings/actions";
import { LABELS, saveCatalogSchema } from "@/lib/order-settings/schemas";
import type { CatalogSyncStatus } from "@/lib/products/queries";

type Field = "pullProducts" | "pullShippingRequests" | "pullFulfillments";
type Values = z.input<typeof saveCatalogSchema>;

const HINTS: Record<Field, string> = {
  pullProducts:
    "Items of Acumatica's item master become products here, then every 5 minutes what changed. Matrix variants sit under their template; items that cannot be sold are marked inactive, never deleted.",
  pullShippingRequests: "Acumatica's shipments of the sales orders OrderBridge created show on each order: which lines, from which warehouse, and their status.",
  pullFulfillments: "Each package of a confirmed Acumatica shipment becomes a fulfillment with its tracking number, sent to TikTok Shop where the shop's Push fulfillments is on.",
};

export const CATALOG_FIELDS: readonly Field[] = ["pullProducts", "pullShippingRequests", "pullFulfillments"];

/**
 * Step 8, the product and fulfillment part: "Pull product catalog information
 * from Acumatica", "Pull shipping requests from Acumatica", "Pull fulfillments
 * from Acumatica" (the setup guide's labels), saved on their own — the other
 * catalog settings (inventory, locations) keep their values — and Force
 * product catalog resync with its progress. `fields` shows a subset (e.g. the
 * two fulfillment toggles on the Fulfillments screen).
 */
export function CatalogSettingsSection({
  values,
  status,
  canEdit,
  fields = CATALOG_FIELDS,
  id = "catalog-settings",
  title = "Products and fulfillments",
  description = "What OrderBridge reads from Acumatica. Each flow moves nothing while it is off.",
}: {
  values: Record<Field, boolean>;
  /** The catalog pull and resync status: with it, Force product catalog resync and its progress show under the product toggle. */
  status?: CatalogSyncStatus;
  canEdit: boolean;
  fields?: readonly Field[];
  id?: string;
  title?: string;
  description?: string;
}) {
  const defaults = Object.fromEntries(fields.map((f) => [f, values[f]])) as Values;
  const form = useForm<Values>({ resolver: zodResolver(saveCatalogSchema), defaultValues: defaults });
  const { save, error, warnings } = useSectionSave({ action: saveCatalogSettingsAction, setError: form.setError, saved: `${title} settings saved.` });
  const onSubmit = form.handleSubmit(async (v) => {
    // Only this form's fields: the inventory and locations settings are another form's.
    const own = Object.fromEntries(fields.map((f) => [f, !!v[f]])) as Values;
    if (await save(own)) form.reset(own);
  });
  return (
    <SettingsSection id={id} title={title} description={description} canEdit={canEdit} onSubmit={onSubmit} submitting={form.formState.isSubmitting} error={error} warnings={warnings}>
      <div className="grid grid-cols-1 divide-y rounded-lg border">
        {fields.map((name) => {
          const fieldId = `${id}-${name}`;
          return (
            <div key={name} className="grid gap-3 px-4 py-3">
              <div className="flex items-start justify-between gap-4">
                <div className="grid min-w-0 gap-1">
                  <Label htmlFor={fieldId}>{LABELS[name]}</Label>
                  <p id={`${fieldId}-hint`} className="text-sm text-muted-foreground">
                    {HINTS[name]}
                  </p>
                </div>
                <Controller
                  control={form.control}
                  name={name}
                  render={({ field }) => (
                    <Switch id={fieldId} ref={field.ref} checked={!!field.value} onCheckedChange={field.onChange} onBlur={field.onBlur} aria-describedby={`${fieldId}-hint`} className="mt-0.5" />
                  )}
                />
              </div>
              {name === "pullProducts" && status && <CatalogResync initial={status} canEdit={canEdit} />}
            </div>
          );
        })}
      </div>
    </SettingsSection>
  );
}
