"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Plus, Trash2 } from "lucide-react";
import { Controller, useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { saveOrderTypesAction } from "@/lib/order-settings/actions";
import { LABELS, saveOrderTypesSchema } from "@/lib/order-settings/schemas";
import { SettingsSection } from "./settings-section";
import { useSectionSave } from "./use-section-save";

type Values = z.input<typeof saveOrderTypesSchema>;
type Parsed = z.output<typeof saveOrderTypesSchema>;

const code = "rounded bg-muted px-1 py-0.5 font-mono text-[0.8125rem] text-foreground";

/** Step 7: the default order type, the per-channel `channel:orderType` entries, and the refund order type. */
export function OrderTypesSection({
  values,
  channels,
  canEdit,
}: {
  values: Parsed;
  channels: Array<{ channel: string; label: string }>;
  canEdit: boolean;
}) {
  const form = useForm<Values, unknown, Parsed>({ resolver: zodResolver(saveOrderTypesSchema), defaultValues: values });
  const { save, error, warnings } = useSectionSave({ action: saveOrderTypesAction, setError: form.setError, saved: "Order types saved." });
  const onSubmit = form.handleSubmit(async (v) => {
    if (await save(v)) form.reset(v);
  });
  const err = form.formState.errors;
  const entries = useWatch({ control: form.control, name: "entries" });
  const setEntries = (next: string[]) => {
    form.setValue("entries", next, { shouldDirty: true });
    form.clearErrors("entries");
  };
  const entryError = (i: number) => err.entries?.[i]?.message;
  return (
    <SettingsSection
      id="order-types"
      title="Order types"
      description={
        <>
          By default TikTok Shop orders go to Acumatica as order type SO. To send them to another order type (useful for channel-level reporting), turn on the option
          below and add an entry in the format <code className={code}>channel:orderType</code>.
        </>
      }
      canEdit={canEdit}
      onSubmit={onSubmit}
      submitting={form.formState.isSubmitting}
      error={error}
      warnings={warnings}
    >
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <FormField id="order-type-default" label="Default order type" hint="Used for every sales order unless an entry below applies." error={err.defaultOrderType?.message}>
          <Input autoComplete="off" spellCheck={false} maxLength={2} className="w-24 uppercase" {...form.register("defaultOrderType")} />
        </FormField>
        <FormField id="order-type-refund" label="Refund order type" hint="Refunds are pushed as this order type when Allow push refund orders to Acumatica is on." error={err.refundOrderType?.message}>
          <Input autoComplete="off" spellCheck={false} maxLength={2} className="w-24 uppercase" {...form.register("refundOrderType")} />
        </FormField>
      </div>
      <div className="flex items-start gap-3">
        <Controller
          control={form.control}
          name="useChannelOrderTypes"
          render={({ field }) => (
            <Checkbox id="order-type-use-channel" ref={field.ref} checked={field.value} onCheckedChange={(c) => field.onChange(c === true)} onBlur={field.onBlur} className="mt-0.5" />
          )}
        />
        <Label htmlFor="order-type-use-channel" className="leading-snug">
          {LABELS.useChannelOrderTypes}
        </Label>
      </div>
      <fieldset className="m-0 grid min-w-0 gap-3 rounded-lg border p-3 sm:p-4" aria-describedby="order-type-entries-hint">
        <legend className="px-1 text-sm font-medium">Order type entries</legend>
        <p id="order-type-entries-hint" className="text-sm text-muted-foreground">
          One entry per channel, e.g. <code className={code}>tiktok:TS</code>. A shop&apos;s own entry wins over <code className={code}>tiktok</code>. Known channels:
        </p>
        <ul className="flex flex-wrap gap-2" aria-label="Known channels">
          {channels.map((c) => (
            <li key={c.channel} className="flex max-w-full min-w-0 items-center gap-1 rounded-md border bg-muted/40 py-0.5 pr-0.5 pl-2 text-sm">
              <code className="font-mono text-[0.8125rem]">{c.channel}</code>
              <span className="min-w-0 text-muted-foreground">— {c.label}</span>
              {canEdit && (
                <Button
                  variant="ghost"
                  size="sm"
                  className="h-6 px-2"
                  aria-label={`Add an entry for ${c.channel}`}
                  disabled={entries.some((e) => e.split(":")[0]?.toLowerCase() === c.channel.toLowerCase())}
                  onClick={() => setEntries([...entries, `${c.channel}:`])}
                >
                  <Plus aria-hidden />
                </Button>
              )}
            </li>
          ))}
        </ul>
        {entries.length === 0 ? (
          <p className="text-sm text-muted-foreground">No entries: every order uses the default order type.</p>
        ) : (
          <ol className="grid gap-2">
            {entries.map((entry, i) => {
              const id = `order-type-entry-${i}`;
              const message = entryError(i);
              return (
                <li key={i} className="grid gap-1">
                  <div className="flex items-center gap-2">
                    <Label htmlFor={id} className="sr-only">
                      Entry {i + 1}
                    </Label>
                    <Input
                      id={id}
                      value={entry}
                      onChange={(e) => {
                        const next = [...entries];
                        next[i] = e.target.value;
                        setEntries(next);
                      }}
                      placeholder="channel:orderType"
                      autoComplete="off"
                      spellCheck={false}
                      className="max-w-xs font-mono"
                      aria-invalid={message ? true : undefined}
                      aria-describedby={message ? `${id}-error` : undefined}
                    />
                    {canEdit && (
                      <Button variant="ghost" size="icon-sm" aria-label={`Remove entry ${i + 1}`} onClick={() => setEntries(entries.filter((_, j) => j !== i))}>
                        <Trash2 aria-hidden />
                      </Button>
                    )}
                  </div>
                  {message && (
                    <p id={`${id}-error`} className="text-sm font-medium text-destructive">
                      {message}
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
        )}
        {err.entries?.message && <p className="text-sm font-medium text-destructive">{err.entries.message}</p>}
        {canEdit && (
          <div>
            <Button variant="outline" size="sm" onClick={() => setEntries([...entries, ""])}>
              <Plus aria-hidden />
              Add entry
            </Button>
          </div>
        )}
      </fieldset>
    </SettingsSection>
  );
}
