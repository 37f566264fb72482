"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { useActionForm } from "@/components/ui/use-action-form";
import { saveChannelSkuAction } from "@/lib/products/actions";
import type { SaveChannelSkuInput } from "@/lib/products/schemas";
import { saveChannelSkuSchema } from "@/lib/products/schemas";

/**
 * The Acumatica row's Channel SKU: the Acumatica Inventory ID to send when it
 * differs from the master SKU (empty = the master SKU). Given only a `sku`,
 * saving creates the product first. Orders held back by that SKU are retried.
 */
export function ChannelSkuForm({ productId, sku, channelSku, label = "Channel SKU", openAfterSave = false }: { productId?: string; sku?: string; channelSku: string; label?: string; openAfterSave?: boolean }) {
  const router = useRouter();
  const form = useForm<SaveChannelSkuInput>({ resolver: zodResolver(saveChannelSkuSchema), defaultValues: { productId, sku, channelSku } });
  const { message, submit } = useActionForm(saveChannelSkuAction, form.setError);
  const onSubmit = form.handleSubmit(async (values) => {
    const saved = await submit(values, "Channel SKU saved.");
    if (!saved) return;
    const merged = saved.merged ? " It is the product Acumatica's item already had: that one now carries this master SKU." : "";
    toast.success(saved.retried ? `Channel SKU saved.${merged} ${saved.retried === 1 ? "1 order held back by this SKU was" : `${saved.retried} orders held back by this SKU were`} sent again.` : `Channel SKU saved.${merged}`);
    form.reset({ productId: saved.productId, sku: undefined, channelSku: values.channelSku });
    // A merge keeps the product Acumatica's item had, so this page's product may be another one now.
    if (openAfterSave || saved.productId !== productId) router.push(`/products/${saved.productId}`);
    else router.refresh();
  });
  const error = form.formState.errors.channelSku?.message ?? form.formState.errors.productId?.message;
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-3">
      {message?.kind === "error" && <FormMessage message={message} />}
      <div className="flex flex-wrap items-start gap-2">
        <FormField
          id={`channel-sku-${productId ?? "new"}`}
          label={label}
          hint="The Acumatica Inventory ID, when it differs from the master SKU. Leave empty to send the master SKU."
          error={error}
          className="w-full max-w-sm"
        >
          <Input autoComplete="off" spellCheck={false} maxLength={30} className="font-mono" {...form.register("channelSku")} />
        </FormField>
        <Button type="submit" className="sm:mt-5" disabled={form.formState.isSubmitting}>
          Save
        </Button>
      </div>
    </form>
  );
}
