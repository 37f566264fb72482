"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { FormMessage } from "@/components/ui/form-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { saveAcumaticaConnectionAction } from "@/lib/connections/actions";
import type { AcumaticaConnectionInput } from "@/lib/connections/schemas";
import { acumaticaConnectionSchema, DEFAULT_ACUMATICA_ENDPOINT } from "@/lib/connections/schemas";

export function AcumaticaConnectionForm(props: { apiUrl?: string; endpoint?: string; clientId?: string; secretSet: boolean; canEdit: boolean }) {
  const router = useRouter();
  const form = useForm<AcumaticaConnectionInput>({
    resolver: zodResolver(acumaticaConnectionSchema),
    defaultValues: { apiUrl: props.apiUrl ?? "", endpoint: props.endpoint ?? DEFAULT_ACUMATICA_ENDPOINT, clientId: props.clientId ?? "", clientSecret: "" },
  });
  const { message, submit } = useActionForm(saveAcumaticaConnectionAction, form.setError);
  const onSubmit = form.handleSubmit(async (values) => {
    if (!props.secretSet && !values.clientSecret) {
      form.setError("clientSecret", { message: "Enter the API Client Secret of your Connected Application" });
      return;
    }
    if (await submit(values, "Connection settings saved.")) {
      form.setValue("clientSecret", "");
      router.refresh();
    }
  });
  const err = form.formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate>
      <FormMessage message={message} />
      <fieldset disabled={!props.canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
        <div className="field">
          <label htmlFor="acu-api-url">API URL</label>
          <input id="acu-api-url" type="url" placeholder="https://server_name/instance_name" {...form.register("apiUrl")} />
          <div className="hint">Your Acumatica instance URL, including the instance name.</div>
          {err.apiUrl && <div className="error">{err.apiUrl.message}</div>}
        </div>
        <div className="field">
          <label htmlFor="acu-endpoint">API EndPoint</label>
          <input id="acu-endpoint" type="text" {...form.register("endpoint")} />
          <div className="hint">
            Name/version of the contract endpoint. <code>Default/24.200.001</code> needs no customization project; an extended endpoint such as{" "}
            <code>Pipe17/001</code> works once its customization project is published.
          </div>
          {err.endpoint && <div className="error">{err.endpoint.message}</div>}
        </div>
        <div className="field">
          <label htmlFor="acu-client-id">API Client ID</label>
          <input id="acu-client-id" type="text" placeholder="GUID@Tenant" autoComplete="off" {...form.register("clientId")} />
          {err.clientId && <div className="error">{err.clientId.message}</div>}
        </div>
        <div className="field">
          <label htmlFor="acu-client-secret">API Client Secret</label>
          <input
            id="acu-client-secret"
            type="password"
            autoComplete="new-password"
            placeholder={props.secretSet ? "Set — leave empty to keep it" : ""}
            {...form.register("clientSecret")}
          />
          {props.secretSet && <div className="hint">A secret is stored (encrypted). Type a new one only to replace it.</div>}
          {err.clientSecret && <div className="error">{err.clientSecret.message}</div>}
        </div>
        {props.canEdit && (
          <button type="submit" className="primary" disabled={form.formState.isSubmitting}>
            Save
          </button>
        )}
      </fieldset>
    </form>
  );
}
