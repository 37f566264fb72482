"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Controller, useForm } from "react-hook-form";
import type { z } from "zod";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { saveTaxSettingsAction } from "@/lib/order-settings/actions";
import { LABELS, saveTaxSchema } from "@/lib/order-settings/schemas";
import { SettingsSection } from "./settings-section";
import { useSectionSave } from "./use-section-save";

type Values = z.input<typeof saveTaxSchema>;
type Parsed = z.output<typeof saveTaxSchema>;

const FIELDS: ReadonlyArray<{ name: Exclude<keyof Parsed, "marketplaceFacilitator">; label: string; hint: string }> = [
  { name: "taxZoneId", label: "Tax zone", hint: "The Acumatica tax zone the sales order's taxes are set under (default TIKTOK)." },
  { name: "facilitatorTaxId", label: "Sales tax ID when TikTok Shop remits", hint: "Used while the marketplace facilitator option is on (default TTSALESTAX)." },
  { name: "sellerTaxId", label: "Sales tax ID when you remit", hint: "Used while the marketplace facilitator option is off (default SALESTAX)." },
  { name: "retailDeliveryFeeTaxId", label: "Retail delivery fee tax ID", hint: "For fees such as Colorado's retail delivery fee (default CORDF)." },
];

/** How TikTok's sales tax and fees are placed on the sales order. */
export function TaxSection({ values, canEdit }: { values: Parsed; canEdit: boolean }) {
  const form = useForm<Values, unknown, Parsed>({ resolver: zodResolver(saveTaxSchema), defaultValues: values });
  const { save, error, warnings } = useSectionSave({ action: saveTaxSettingsAction, setError: form.setError, saved: "Taxes and fees saved." });
  const onSubmit = form.handleSubmit(async (v) => {
    if (await save(v)) form.reset(v);
  });
  const err = form.formState.errors;
  return (
    <SettingsSection
      id="tax"
      title="Taxes and fees"
      description="The sales order total must equal what TikTok Shop charged the buyer, so OrderBridge sends TikTok's sales tax and fees as Acumatica tax lines under the tax zone below instead of letting Acumatica calculate its own."
      canEdit={canEdit}
      onSubmit={onSubmit}
      submitting={form.formState.isSubmitting}
      error={error}
      warnings={warnings}
    >
      <div className="flex items-start justify-between gap-4 rounded-lg border px-4 py-3">
        <div className="grid min-w-0 gap-1">
          <Label htmlFor="tax-facilitator">{LABELS.marketplaceFacilitator}</Label>
          <p id="tax-facilitator-hint" className="text-sm text-muted-foreground">
            In most US states TikTok Shop collects and remits the sales tax on your behalf; turn this off where you remit it yourself.
          </p>
        </div>
        <Controller
          control={form.control}
          name="marketplaceFacilitator"
          render={({ field }) => (
            <Switch id="tax-facilitator" ref={field.ref} checked={!!field.value} onCheckedChange={field.onChange} onBlur={field.onBlur} aria-describedby="tax-facilitator-hint" className="mt-0.5" />
          )}
        />
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        {FIELDS.map((f) => (
          <FormField key={f.name} id={`tax-${f.name}`} label={f.label} hint={f.hint} error={err[f.name]?.message}>
            <Input autoComplete="off" spellCheck={false} maxLength={30} {...form.register(f.name)} />
          </FormField>
        ))}
      </div>
    </SettingsSection>
  );
}
