"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { useActionForm } from "@/components/ui/use-action-form";
import { saveAcumaticaConnectionAction } from "@/lib/connections/actions";
import type { AcumaticaConnectionInput } from "@/lib/connections/schemas";
import { acumaticaConnectionSchemaFor, DEFAULT_ACUMATICA_ENDPOINT } from "@/lib/connections/schemas";

const code = "rounded bg-muted px-1 py-0.5 font-mono text-[0.8125rem] text-foreground";

export function AcumaticaConnectionForm(props: { apiUrl?: string; endpoint?: string; clientId?: string; secretSet: boolean; canEdit: boolean }) {
  const router = useRouter();
  // Until a secret is stored, an empty API Client Secret is an error reported with the others on the first Save.
  const resolver = useMemo(() => zodResolver(acumaticaConnectionSchemaFor({ secretSet: props.secretSet })), [props.secretSet]);
  const form = useForm<AcumaticaConnectionInput>({
    resolver,
    defaultValues: { apiUrl: props.apiUrl ?? "", endpoint: props.endpoint ?? DEFAULT_ACUMATICA_ENDPOINT, clientId: props.clientId ?? "", clientSecret: "" },
  });
  const { message, submit } = useActionForm(saveAcumaticaConnectionAction, form.setError);
  const onSubmit = form.handleSubmit(async (values) => {
    if (await submit(values, "Connection settings saved.")) {
      form.setValue("clientSecret", "");
      router.refresh();
    }
  });
  const err = form.formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Connection settings" className="grid grid-cols-1 gap-4">
      <FormMessage message={message} />
      <fieldset disabled={!props.canEdit} className="m-0 grid min-w-0 grid-cols-1 gap-4 border-0 p-0 sm:grid-cols-2">
        <FormField id="acu-api-url" label="API URL" hint="Your Acumatica instance URL, including the instance name." error={err.apiUrl?.message} className="sm:col-span-2">
          <Input type="url" inputMode="url" placeholder="https://server_name/instance_name" autoComplete="off" {...form.register("apiUrl")} />
        </FormField>
        <FormField
          id="acu-endpoint"
          label="API EndPoint"
          className="sm:col-span-2"
          hint={
            <>
              Name/version of the contract endpoint. <code className={code}>Default/24.200.001</code> needs no customization project; an extended endpoint such as{" "}
              <code className={code}>Pipe17/001</code> works once its customization project is published.
            </>
          }
          error={err.endpoint?.message}
        >
          <Input autoComplete="off" {...form.register("endpoint")} />
        </FormField>
        <FormField id="acu-client-id" label="API Client ID" hint="From your Connected Application, shaped GUID@Tenant." error={err.clientId?.message}>
          <Input placeholder="GUID@Tenant" autoComplete="off" spellCheck={false} {...form.register("clientId")} />
        </FormField>
        <FormField
          id="acu-client-secret"
          label="API Client Secret"
          hint={props.secretSet ? "A secret is stored (encrypted). Type a new one only to replace it." : "Shown once by Acumatica when you add it to the Connected Application."}
          error={err.clientSecret?.message}
        >
          <Input type="password" autoComplete="new-password" placeholder={props.secretSet ? "Set — leave empty to keep it" : ""} {...form.register("clientSecret")} />
        </FormField>
      </fieldset>
      {props.canEdit && (
        <div>
          <Button type="submit" disabled={form.formState.isSubmitting}>
            Save
          </Button>
        </div>
      )}
    </form>
  );
}
