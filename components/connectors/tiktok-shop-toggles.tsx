"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { FormMessage } from "@/components/ui/form-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { disconnectTikTokShopAction, saveTikTokShopTogglesAction } from "@/lib/connections/actions";
import type { TikTokShopToggles } from "@/lib/connections/tiktok-schemas";
import { PRODUCT_PUSH_REGION_NOTE, tiktokShopTogglesSchema } from "@/lib/connections/tiktok-schemas";

export function TikTokShopTogglesForm(props: {
  connectionId: string;
  shopName: string;
  values: Omit<TikTokShopToggles, "connectionId">;
  productPushAllowed: boolean;
  canEdit: boolean;
  connected: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [disconnectError, setDisconnectError] = useState<string | null>(null);
  const form = useForm<TikTokShopToggles>({ resolver: zodResolver(tiktokShopTogglesSchema), defaultValues: { connectionId: props.connectionId, ...props.values } });
  const { message, submit } = useActionForm(saveTikTokShopTogglesAction, form.setError);
  const onSubmit = form.handleSubmit(async (values) => {
    if (await submit(values, "Settings saved.")) router.refresh();
  });
  const id = (name: string) => `${name}-${props.connectionId}`;
  return (
    <form onSubmit={onSubmit} noValidate aria-label={`${props.shopName} settings`}>
      <FormMessage message={message} />
      {disconnectError && (
        <div role="alert" className="notice error">
          {disconnectError}
        </div>
      )}
      <fieldset disabled={!props.canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
        <div className="field">
          <input id={id("pull-orders")} type="checkbox" {...form.register("pullOrders")} /> <label htmlFor={id("pull-orders")} style={{ display: "inline" }}>Pull orders</label>
        </div>
        <div className="field">
          <input id={id("push-fulfillments")} type="checkbox" {...form.register("pushFulfillments")} />{" "}
          <label htmlFor={id("push-fulfillments")} style={{ display: "inline" }}>Push fulfillments</label>
        </div>
        <div className="field">
          <input id={id("push-products")} type="checkbox" disabled={!props.productPushAllowed} {...form.register("pushProducts")} />{" "}
          <label htmlFor={id("push-products")} style={{ display: "inline" }}>Push products</label>
          {!props.productPushAllowed && <div className="hint">{PRODUCT_PUSH_REGION_NOTE}</div>}
          {form.formState.errors.pushProducts && <div className="error">{form.formState.errors.pushProducts.message}</div>}
        </div>
        {props.canEdit && (
          <div className="actions">
            <button type="submit" className="primary" disabled={form.formState.isSubmitting}>
              Save
            </button>
            {props.connected && (
              <button
                type="button"
                className="danger"
                disabled={pending}
                onClick={() =>
                  startTransition(async () => {
                    const res = await disconnectTikTokShopAction({ connectionId: props.connectionId });
                    setDisconnectError(res.ok ? null : res.error.message);
                    router.refresh();
                  })
                }
              >
                Disconnect
              </button>
            )}
          </div>
        )}
      </fieldset>
    </form>
  );
}
