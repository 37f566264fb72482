"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Controller, useForm } from "react-hook-form";
import type { z } from "zod";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { saveCustomerSettingsAction } from "@/lib/order-settings/actions";
import { LABELS, saveCustomerSchema } from "@/lib/order-settings/schemas";
import { SettingsSection } from "./settings-section";
import { useSectionSave } from "./use-section-save";

type Values = z.input<typeof saveCustomerSchema>;
type Parsed = z.output<typeof saveCustomerSchema>;

/** Step 4: the customer matching strategy and the Generic Customer Id. */
export function CustomerSection({ values, canEdit }: { values: Parsed; canEdit: boolean }) {
  const form = useForm<Values, unknown, Parsed>({ resolver: zodResolver(saveCustomerSchema), defaultValues: values });
  const { save, error, warnings } = useSectionSave({ action: saveCustomerSettingsAction, setError: form.setError, saved: "Customer settings saved." });
  const onSubmit = form.handleSubmit(async (v) => {
    if (await save(v)) form.reset(v);
  });
  const err = form.formState.errors;
  return (
    <SettingsSection
      id="customer"
      title="Customer"
      description="TikTok Shop doesn't share buyer information, so all TikTok orders use a single generic Acumatica customer."
      canEdit={canEdit}
      onSubmit={onSubmit}
      submitting={form.formState.isSubmitting}
      error={error}
      warnings={warnings}
    >
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <FormField id="customer-strategy" label={LABELS.customerStrategy} error={err.strategy?.message}>
          {(p) => (
            <Controller
              control={form.control}
              name="strategy"
              render={({ field }) => (
                <Select value={field.value} onValueChange={field.onChange} disabled={!canEdit}>
                  <SelectTrigger {...p} ref={field.ref}>
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    <SelectItem value="generic">{LABELS.genericStrategy}</SelectItem>
                  </SelectContent>
                </Select>
              )}
            />
          )}
        </FormField>
        <FormField
          id="customer-generic-id"
          label={LABELS.genericCustomerId}
          hint="The Customer ID of the Acumatica customer you created for TikTok Shop orders."
          error={err.genericCustomerId?.message}
        >
          <Input autoComplete="off" spellCheck={false} maxLength={30} placeholder="e.g. TIKTOK" {...form.register("genericCustomerId")} />
        </FormField>
      </div>
    </SettingsSection>
  );
}
