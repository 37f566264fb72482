"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { Controller, useForm, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { FormMessage } from "@/components/ui/form-message";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { useActionForm } from "@/components/ui/use-action-form";
import { saveTikTokBuyerRequestsAction } from "@/lib/connections/actions";
import type { TikTokBuyerRequests } from "@/lib/connections/tiktok-schemas";
import { BUYER_REQUEST_CHOICES, BUYER_REQUEST_LABELS, tiktokBuyerRequestsSchema } from "@/lib/connections/tiktok-schemas";

type Field = keyof typeof BUYER_REQUEST_CHOICES;
const FIELDS: Field[] = ["buyerCancellations", "buyerReturns"];

/**
 * One shop's answers to buyers' cancellation and return requests. Owners and
 * admins change them; viewers see them read-only.
 */
export function BuyerRequestsForm(props: { connectionId: string; shopName: string; values: Omit<TikTokBuyerRequests, "connectionId">; canEdit: boolean }) {
  const router = useRouter();
  const form = useForm<TikTokBuyerRequests>({ resolver: zodResolver(tiktokBuyerRequestsSchema), defaultValues: { connectionId: props.connectionId, ...props.values } });
  const { message, submit } = useActionForm(saveTikTokBuyerRequestsAction, form.setError);
  const onSubmit = form.handleSubmit(async (values) => {
    if (await submit(values, "Buyer request settings saved.")) {
      form.reset(values);
      router.refresh();
    }
  });
  const current = useWatch({ control: form.control });
  const titleId = `buyer-requests-title-${props.connectionId}`;
  return (
    <section id={`buyer-requests-${props.connectionId}`} aria-labelledby={titleId} className="grid scroll-mt-24 gap-3 target:rounded-lg target:ring-2 target:ring-ring/40">
      <div>
        <h3 id={titleId} className="text-sm font-semibold">
          Buyer requests
        </h3>
        <p className="text-sm text-muted-foreground">How OrderBridge answers this shop&apos;s buyers when they ask to cancel an order or to return it. Each answer is given once and shows on the order&apos;s timeline.</p>
      </div>
      <form onSubmit={onSubmit} noValidate aria-label={`${props.shopName} buyer requests`} className="grid gap-4">
        <FormMessage message={message} />
        <fieldset disabled={!props.canEdit} className="m-0 grid min-w-0 grid-cols-1 gap-4 border-0 p-0 sm:grid-cols-2">
          <legend className="sr-only">Buyer requests</legend>
          {FIELDS.map((name) => {
            const id = `${name}-${props.connectionId}`;
            const choice = BUYER_REQUEST_CHOICES[name].find((c) => c.value === current[name]);
            return (
              <FormField key={name} id={id} label={BUYER_REQUEST_LABELS[name]} hint={choice?.hint} error={form.formState.errors[name]?.message}>
                {(p) => (
                  <Controller
                    control={form.control}
                    name={name}
                    render={({ field }) => (
                      <Select value={field.value} onValueChange={field.onChange} disabled={!props.canEdit}>
                        <SelectTrigger {...p} ref={field.ref} data-testid={`${name}-select`}>
                          <SelectValue />
                        </SelectTrigger>
                        <SelectContent>
                          {BUYER_REQUEST_CHOICES[name].map((c) => (
                            <SelectItem key={c.value} value={c.value}>
                              {c.label}
                            </SelectItem>
                          ))}
                        </SelectContent>
                      </Select>
                    )}
                  />
                )}
              </FormField>
            );
          })}
        </fieldset>
        {props.canEdit && (
          <div>
            <Button type="submit" size="sm" disabled={form.formState.isSubmitting}>
              Save buyer requests
            </Button>
          </div>
        )}
      </form>
    </section>
  );
}
