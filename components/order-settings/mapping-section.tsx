"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { useState } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import type { FieldErrors } from "@/lib/errors";
import { refreshShippingOptionsAction, saveOrderMappingAction } from "@/lib/order-settings/actions";
import { useAcumaticaLookups } from "@/lib/order-settings/hooks";
import { LABELS, saveMappingSchema } from "@/lib/order-settings/schemas";
import type { ShippingOptionRow } from "@/lib/order-settings/shipping-options";
import { SettingsSection } from "./settings-section";
import { useSectionSave } from "./use-section-save";

type Values = z.input<typeof saveMappingSchema>;
type Parsed = z.output<typeof saveMappingSchema>;
type Choice = { id: string; description: string };

const NONE = "__none__";
const ROW_ERROR = /^shipVia\.(.+)$/;

/**
 * A picker over Acumatica's live list when it could be read; otherwise a text
 * field, so the mapping can be entered before Acumatica is connected.
 */
function AcumaticaPicker(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  choices: Choice[] | null;
  loading: boolean;
  disabled: boolean;
  maxLength: number;
  noneLabel: string;
  describedBy?: string;
  invalid?: boolean;
}) {
  const aria = { "aria-label": props.label, "aria-describedby": props.describedBy, "aria-invalid": props.invalid || undefined };
  if (props.loading) {
    return (
      <Select disabled>
        <SelectTrigger id={props.id} {...aria}>
          <SelectValue placeholder="Reading Acumatica's list…" />
        </SelectTrigger>
        <SelectContent />
      </Select>
    );
  }
  if (!props.choices) {
    return (
      <Input
        id={props.id}
        {...aria}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        disabled={props.disabled}
        maxLength={props.maxLength}
        autoComplete="off"
        spellCheck={false}
        placeholder="Type the Acumatica ID"
      />
    );
  }
  const known = props.choices.some((c) => c.id === props.value);
  return (
    <Select value={props.value || NONE} onValueChange={(v) => props.onChange(v === NONE ? "" : v)} disabled={props.disabled}>
      <SelectTrigger id={props.id} {...aria}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        <SelectItem value={NONE}>{props.noneLabel}</SelectItem>
        {props.value && !known && (
          <SelectItem value={props.value} description="Not in Acumatica's list: pick another">
            {props.value}
          </SelectItem>
        )}
        {props.choices.map((c) => (
          <SelectItem key={c.id} value={c.id} description={c.description || undefined}>
            {c.id}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}

/** Step 6: each TikTok shipping option → an Acumatica ship via (never hiding the unmapped ones), and the payment method. */
export function MappingSection({
  options,
  values,
  canEdit,
  acumaticaConnected,
}: {
  options: ShippingOptionRow[];
  values: Parsed;
  canEdit: boolean;
  acumaticaConnected: boolean;
}) {
  const router = useRouter();
  const lookups = useAcumaticaLookups(acumaticaConnected);
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [refreshing, setRefreshing] = useState(false);
  const form = useForm<Values, unknown, Parsed>({ resolver: zodResolver(saveMappingSchema), defaultValues: values });
  const { save, error, warnings } = useSectionSave({
    action: saveOrderMappingAction,
    setError: form.setError,
    saved: "Orders to Acumatica mapping saved.",
    takeFieldErrors: (all) => {
      const rest: FieldErrors = {};
      const rows: Record<string, string> = {};
      for (const [key, messages] of Object.entries(all)) {
        const m = ROW_ERROR.exec(key);
        if (m) rows[m[1]!] = messages.join(" ");
        else rest[key] = messages;
      }
      setRowErrors(rows);
      return rest;
    },
  });
  const onSubmit = form.handleSubmit(async (v) => {
    setRowErrors({});
    // Unmapped rows are left out rather than saved as empty.
    const shipVia = Object.fromEntries(Object.entries(v.shipVia).filter(([, carrier]) => carrier));
    if (await save({ shipVia, paymentMethod: v.paymentMethod })) form.reset({ shipVia, paymentMethod: v.paymentMethod });
  });

  const live = lookups.data && lookups.data.connected && !lookups.data.message ? lookups.data : null;
  const shipVias = live && live.shipVias.length ? live.shipVias : null;
  const paymentMethods = live && live.paymentMethods.length ? live.paymentMethods : null;
  const loading = acumaticaConnected && lookups.isPending;
  const listProblem = !acumaticaConnected
    ? "Acumatica is not connected, so its ship vias and payment methods cannot be listed. Type their IDs exactly as in Acumatica; they are checked on every push."
    : lookups.isError
      ? "Acumatica's lists could not be read just now. Type the IDs exactly as in Acumatica, or reload the page to try again."
      : lookups.data?.message
        ? `Acumatica's lists could not be read: ${lookups.data.message} Type the IDs exactly as in Acumatica meanwhile.`
        : null;

  const shipVia = useWatch({ control: form.control, name: "shipVia" });
  const unmapped = options.filter((o) => !shipVia[o.optionId]).length;
  const shops = [...new Map(options.map((o) => [o.connectionId, o.shopName])).entries()];

  const refresh = async () => {
    setRefreshing(true);
    try {
      const res = await refreshShippingOptionsAction();
      if (!res.ok) toast.error(res.error.message);
      else if (res.data.failed.length) toast.warning(`Read ${res.data.options} shipping options; could not read ${res.data.failed.join(", ")}.`);
      else toast.success(res.data.shops ? `Read ${res.data.options} shipping options from ${res.data.shops} shop(s).` : "No connected TikTok shop to read shipping options from.");
      router.refresh();
    } finally {
      setRefreshing(false);
    }
  };

  const paymentError = form.formState.errors.paymentMethod?.message;
  return (
    <SettingsSection
      id="orders-mapping"
      title={LABELS.mapping}
      description="Map each TikTok shipping option to a real Acumatica shipping method, and the payment method to the one you created for TikTok Shop (e.g. TTS). Acumatica rejects orders that don't reference a valid shipping method and payment method."
      canEdit={canEdit}
      onSubmit={onSubmit}
      submitting={form.formState.isSubmitting}
      error={error}
      warnings={warnings}
      extraActions={
        canEdit ? (
          <Button variant="outline" onClick={refresh} disabled={refreshing}>
            <RefreshCw aria-hidden className={refreshing ? "animate-spin" : undefined} />
            Refresh shipping options
          </Button>
        ) : undefined
      }
    >
      {listProblem && (
        <Alert variant="info" announce={false} data-testid="lookups-unavailable">
          {listProblem}
        </Alert>
      )}
      <div className="grid min-w-0 grid-cols-1 gap-2">
        <h3 className="text-sm font-semibold">Shipping options</h3>
        {options.length === 0 ? (
          <p className="rounded-lg border border-dashed p-4 text-sm text-muted-foreground">
            No TikTok shipping options yet. They appear when an order uses one; Refresh shipping options reads every connected shop&apos;s delivery options now.
          </p>
        ) : (
          <>
            {unmapped > 0 ? (
              <p className="text-sm text-warning-foreground" data-testid="unmapped-count">
                <Badge variant="warning">{unmapped} not mapped</Badge> Orders using an unmapped option are not sent to Acumatica until you map it.
              </p>
            ) : (
              <p className="text-sm text-muted-foreground">Every shipping option is mapped.</p>
            )}
            <div className="rounded-lg border">
              <Table aria-label="Shipping options to Acumatica ship vias">
                <TableHeader>
                  <TableRow className="hover:bg-transparent">
                    <TableHead>TikTok shipping option</TableHead>
                    <TableHead>Acumatica ship via</TableHead>
                  </TableRow>
                </TableHeader>
                {shops.map(([connectionId, shopName]) => (
                    <ShopRows
                      key={connectionId}
                      shopName={shopName}
                      rows={options.filter((o) => o.connectionId === connectionId)}
                      render={(o) => {
                        const rowError = rowErrors[o.optionId];
                        const errorId = `ship-via-${o.optionId}-error`;
                        return (
                          <TableRow
                            key={o.optionId}
                            id={`ship-via-${o.optionId}`}
                            data-hash-target
                            data-testid="ship-via-row"
                            data-unmapped={!shipVia[o.optionId] || undefined}
                            className="scroll-mt-24 transition-colors data-[highlight=true]:bg-warning/15 data-[highlight=true]:outline-2 data-[highlight=true]:outline-warning data-[unmapped]:bg-warning/5"
                          >
                            <TableCell className="min-w-[8rem] align-top">
                              <div className="grid gap-0.5">
                                <span className="font-medium">{o.name}</span>
                                <span className="font-mono text-xs [overflow-wrap:anywhere] text-muted-foreground">{o.optionId}</span>
                                {!shipVia[o.optionId] && (
                                  <Badge variant="warning" className="mt-1">
                                    Not mapped
                                  </Badge>
                                )}
                              </div>
                            </TableCell>
                            <TableCell className="w-1/2 min-w-[11rem] align-top">
                              <div className="grid gap-1">
                                <AcumaticaPicker
                                  id={`ship-via-${o.optionId}-input`}
                                  label={`Acumatica ship via for ${o.name} (${o.shopName})`}
                                  value={shipVia[o.optionId] ?? ""}
                                  onChange={(v) => {
                                    form.setValue(`shipVia`, { ...form.getValues("shipVia"), [o.optionId]: v }, { shouldDirty: true });
                                    setRowErrors(({ [o.optionId]: _gone, ...rest }) => rest);
                                  }}
                                  choices={shipVias}
                                  loading={loading}
                                  disabled={!canEdit}
                                  maxLength={15}
                                  noneLabel="Not mapped"
                                  describedBy={rowError ? errorId : undefined}
                                  invalid={!!rowError}
                                />
                                {rowError && (
                                  <p id={errorId} className="text-sm font-medium text-destructive">
                                    {rowError}
                                  </p>
                                )}
                              </div>
                            </TableCell>
                          </TableRow>
                        );
                      }}
                    />
                  ))}
              </Table>
            </div>
          </>
        )}
      </div>
      <div id="payment-method" data-hash-target className="grid max-w-md scroll-mt-24 rounded-lg p-1 data-[highlight=true]:bg-warning/15 data-[highlight=true]:outline-2 data-[highlight=true]:outline-warning">
        <FormField
          id="payment-method-input"
          label={LABELS.paymentMethod}
          hint="The payment method you created in Acumatica for TikTok Shop orders (e.g. TTS)."
          error={paymentError}
        >
          {(p) => (
            <Controller
              control={form.control}
              name="paymentMethod"
              render={({ field }) => (
                <AcumaticaPicker
                  id={p.id}
                  label={LABELS.paymentMethod}
                  value={field.value}
                  onChange={field.onChange}
                  choices={paymentMethods}
                  loading={loading}
                  disabled={!canEdit}
                  maxLength={10}
                  noneLabel="Not mapped"
                  describedBy={p["aria-describedby"]}
                  invalid={!!paymentError}
                />
              )}
            />
          )}
        </FormField>
      </div>
    </SettingsSection>
  );
}

function ShopRows({ shopName, rows, render }: { shopName: string; rows: ShippingOptionRow[]; render: (row: ShippingOptionRow) => ReactNode }) {
  return (
    <TableBody>
      <TableRow className="bg-muted/50 hover:bg-muted/50">
        <th scope="rowgroup" colSpan={2} className="px-3 py-1.5 text-left text-xs font-semibold tracking-wide text-muted-foreground uppercase">
          {shopName}
        </th>
      </TableRow>
      {rows.map(render)}
    </TableBody>
  );
}
