"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Plus, X } from "lucide-react";
import { useId, useState } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { InventoryResync } from "@/components/inventory/inventory-resync";
import { SkuText } from "@/components/inventory/sku-text";
import { SettingsSection } from "@/components/order-settings/settings-section";
import { useSectionSave } from "@/components/order-settings/use-section-save";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import type { InventorySyncStatus } from "@/lib/inventory/queries";
import { saveCatalogSettingsAction } from "@/lib/order-settings/actions";
import { LABELS, saveCatalogSchema } from "@/lib/order-settings/schemas";

type Direction = "off" | "pull" | "push";
type Values = z.input<typeof saveCatalogSchema>;
export interface InventorySettingsValues {
  inventory: Direction;
  locations: Direction;
  matchedSkusOnly: boolean;
  excludedSkus: string[];
}

const OFF = "Off";
const INVENTORY_OPTIONS: Array<{ value: Direction; label: string; description: string }> = [
  { value: "off", label: OFF, description: "No quantities move either way." },
  { value: "pull", label: LABELS.inventoryPull, description: "Acumatica is the source: its quantities come here and go on to TikTok Shop." },
  { value: "push", label: LABELS.inventoryPush, description: "OrderBridge is the source: quantities entered here go to Acumatica and TikTok Shop." },
];
const LOCATION_OPTIONS: Array<{ value: Direction; label: string; description: string }> = [
  { value: "off", label: OFF, description: "Locations are neither read nor sent." },
  { value: "pull", label: LABELS.locationsPull, description: "Acumatica's warehouses become the locations here." },
  { value: "push", label: LABELS.locationsPush, description: "Locations added here are created as warehouses in Acumatica." },
];

function DirectionSelect({ id, value, onChange, options, describedBy, invalid }: { id: string; value: Direction; onChange: (v: Direction) => void; options: typeof INVENTORY_OPTIONS; describedBy?: string; invalid?: boolean }) {
  return (
    <Select value={value} onValueChange={(v) => onChange(v as Direction)}>
      <SelectTrigger id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} className="w-full sm:w-96">
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {options.map((o) => (
          <SelectItem key={o.value} value={o.value} description={o.description}>
            {o.label}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}

/**
 * Step 8, the inventory and locations part, with the setup guide's labels:
 * "Process inventory information" (one direction), "Process locations
 * information", "Process only inventory items with matched SKUs", "Exclude
 * inventory items with specific SKUs" (exact text: case and spaces matter),
 * saved on their own, and "Force inventory resync" with its progress.
 */
export function InventorySettingsSection({ values, status, canEdit }: { values: InventorySettingsValues; status: InventorySyncStatus; canEdit: boolean }) {
  const form = useForm<Values>({ resolver: zodResolver(saveCatalogSchema), defaultValues: values });
  const [skuErrors, setSkuErrors] = useState<Record<string, string>>({});
  const { save, error, warnings } = useSectionSave({
    action: saveCatalogSettingsAction,
    setError: form.setError,
    saved: "Inventory and locations settings saved.",
    // Per-SKU errors (excludedSkus.3) go on their chip.
    takeFieldErrors: (errors) => {
      const rest: Record<string, string[]> = {};
      const chips: Record<string, string> = {};
      for (const [k, v] of Object.entries(errors)) {
        if (k.startsWith("excludedSkus.")) chips[k.slice("excludedSkus.".length)] = v.join(" ");
        else rest[k] = v;
      }
      setSkuErrors(chips);
      return rest;
    },
  });
  const onSubmit = form.handleSubmit(async (v) => {
    // Only this form's fields: the product and fulfillment toggles are another form's.
    const own: Values = { inventory: v.inventory, locations: v.locations, matchedSkusOnly: !!v.matchedSkusOnly, excludedSkus: v.excludedSkus ?? [] };
    setSkuErrors({});
    if (await save(own)) form.reset(own);
  });
  const err = form.formState.errors;
  const excluded = useWatch({ control: form.control, name: "excludedSkus" }) ?? [];
  const inputId = useId();
  const [draft, setDraft] = useState("");
  const [draftError, setDraftError] = useState<string | null>(null);
  const add = () => {
    if (draft === "") return setDraftError("Type a SKU first.");
    if (draft.length > 100) return setDraftError("A SKU is at most 100 characters.");
    if (excluded.includes(draft)) return setDraftError(`${JSON.stringify(draft)} is already excluded.`);
    form.setValue("excludedSkus", [...excluded, draft], { shouldDirty: true });
    setDraft("");
    setDraftError(null);
    setSkuErrors({});
  };
  const remove = (i: number) => {
    form.setValue(
      "excludedSkus",
      excluded.filter((_, j) => j !== i),
      { shouldDirty: true },
    );
    setSkuErrors({});
  };
  const listError = err.excludedSkus?.message ?? (Array.isArray(err.excludedSkus) ? err.excludedSkus.find((e) => e?.message)?.message : undefined);
  return (
    <SettingsSection
      id="inventory-settings"
      title="Inventory and locations"
      description="Stock and warehouses move in one direction, picked here. Pick Pull when Acumatica holds the counts, Push when you keep them in OrderBridge."
      canEdit={canEdit}
      onSubmit={onSubmit}
      submitting={form.formState.isSubmitting}
      error={error}
      warnings={warnings}
    >
      <div className="grid grid-cols-1 gap-4">
        <FormField id="inventory-direction" label={LABELS.inventory} hint="One direction only: the other side follows." error={err.inventory?.message}>
          {(p) => (
            <Controller
              control={form.control}
              name="inventory"
              render={({ field }) => <DirectionSelect id={p.id} describedBy={p["aria-describedby"]} invalid={!!p["aria-invalid"]} value={(field.value ?? "off") as Direction} onChange={field.onChange} options={INVENTORY_OPTIONS} />}
            />
          )}
        </FormField>
        <FormField id="locations-direction" label={LABELS.locations} hint="Locations are warehouses: their code is the Acumatica Warehouse ID." error={err.locations?.message}>
          {(p) => (
            <Controller
              control={form.control}
              name="locations"
              render={({ field }) => <DirectionSelect id={p.id} describedBy={p["aria-describedby"]} invalid={!!p["aria-invalid"]} value={(field.value ?? "off") as Direction} onChange={field.onChange} options={LOCATION_OPTIONS} />}
            />
          )}
        </FormField>
        <div className="flex items-start justify-between gap-4 rounded-lg border px-4 py-3">
          <div className="grid min-w-0 gap-1">
            <Label htmlFor="inventory-matched-only">{LABELS.matchedSkusOnly}</Label>
            <p id="inventory-matched-only-hint" className="text-sm text-muted-foreground">
              Only SKUs that match on both sides (a product here whose master SKU, or Acumatica Channel SKU, is an Acumatica item) are synced; the rest show under Skipped SKUs on Inventory.
            </p>
          </div>
          <Controller
            control={form.control}
            name="matchedSkusOnly"
            render={({ field }) => (
              <Switch id="inventory-matched-only" ref={field.ref} checked={!!field.value} onCheckedChange={field.onChange} onBlur={field.onBlur} aria-describedby="inventory-matched-only-hint" className="mt-0.5" />
            )}
          />
        </div>
        <fieldset className="m-0 grid min-w-0 gap-3 rounded-lg border p-3 sm:p-4" aria-describedby={`${inputId}-hint`}>
          <legend className="float-left w-full p-0 text-sm font-medium">{LABELS.excludedSkus}</legend>
          <p id={`${inputId}-hint`} className="text-sm text-muted-foreground">
            Exact text: case and spaces matter (<code className="font-mono">Socks-3PK</code> does not exclude <code className="font-mono">SOCKS-3PK</code>). A leading or trailing space shows as ␣.
          </p>
          {excluded.length > 0 ? (
            <ul className="flex flex-wrap gap-2" aria-label="Excluded SKUs" data-testid="excluded-skus">
              {excluded.map((sku, i) => (
                <li key={`${i}:${sku}`} className="grid gap-1">
                  <span className={`inline-flex max-w-full items-center gap-1 rounded-full border bg-muted/50 py-0.5 pr-1 pl-2.5 ${skuErrors[String(i)] ? "border-destructive" : ""}`}>
                    <SkuText sku={sku} className="min-w-0 [overflow-wrap:anywhere]" />
                    {canEdit && (
                      <Button type="button" variant="ghost" size="icon" className="size-6 rounded-full" onClick={() => remove(i)} aria-label={`Remove ${JSON.stringify(sku)}`}>
                        <X aria-hidden />
                      </Button>
                    )}
                  </span>
                  {skuErrors[String(i)] && <span className="text-sm text-destructive">{skuErrors[String(i)]}</span>}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-muted-foreground">No SKU is excluded.</p>
          )}
          {canEdit && (
            <div className="grid gap-1.5">
              <Label htmlFor={inputId}>SKU to exclude</Label>
              <div className="flex flex-wrap gap-2">
                <Input
                  id={inputId}
                  value={draft}
                  autoComplete="off"
                  spellCheck={false}
                  className="w-full font-mono sm:w-72"
                  aria-invalid={draftError ? true : undefined}
                  aria-describedby={draftError ? `${inputId}-error` : undefined}
                  onChange={(e) => {
                    setDraft(e.target.value);
                    setDraftError(null);
                  }}
                  onKeyDown={(e) => {
                    if (e.key === "Enter") {
                      e.preventDefault();
                      add();
                    }
                  }}
                />
                <Button type="button" variant="outline" onClick={add}>
                  <Plus aria-hidden />
                  Add SKU
                </Button>
              </div>
              {draft !== draft.trim() && draft.trim() !== "" && (
                <p className="text-sm text-muted-foreground">
                  This SKU will be saved as <SkuText sku={draft} /> — with its spaces.
                </p>
              )}
              {draftError && (
                <p id={`${inputId}-error`} className="text-sm font-medium text-destructive">
                  {draftError}
                </p>
              )}
            </div>
          )}
          {listError && <p className="text-sm font-medium text-destructive">{listError}</p>}
        </fieldset>
        <div className="grid gap-2 rounded-lg border px-4 py-3">
          <p className="text-sm text-muted-foreground">Inventory totals look wrong? Check the direction and the two scoping options above, then re-read everything:</p>
          <InventoryResync initial={status} canEdit={canEdit} />
        </div>
      </div>
    </SettingsSection>
  );
}
