"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { useActionForm } from "@/components/ui/use-action-form";
import { addLocationAction } from "@/lib/locations/actions";
import { addLocationSchema } from "@/lib/locations/schemas";

type Values = z.input<typeof addLocationSchema>;

/** Locations → Add location (Push locations to Acumatica): the code is the Acumatica Warehouse ID. */
export function AddLocationForm() {
  const router = useRouter();
  const form = useForm<Values>({ resolver: zodResolver(addLocationSchema), defaultValues: { code: "", name: "" } });
  const { message, submit } = useActionForm(addLocationAction as (v: Values) => ReturnType<typeof addLocationAction>, form.setError);
  const onSubmit = form.handleSubmit(async (v) => {
    const res = await submit(v, `Location ${v.code} added.`);
    if (res) {
      toast.success(`Location ${v.code} added.`);
      form.reset({ code: "", name: "" });
      router.refresh();
    }
  });
  const err = form.formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Add location" className="grid gap-4">
      <FormMessage message={message?.kind === "error" ? message : null} />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-[12rem_1fr_auto] sm:items-start">
        <FormField id="location-code" label="Code" hint="The Acumatica Warehouse ID: 1–10 letters, digits, - or _." error={err.code?.message}>
          <Input autoComplete="off" spellCheck={false} maxLength={10} className="font-mono" {...form.register("code")} />
        </FormField>
        <FormField id="location-name" label="Name" hint="Optional; the code when empty." error={err.name?.message}>
          <Input autoComplete="off" maxLength={60} {...form.register("name")} />
        </FormField>
        <Button type="submit" disabled={form.formState.isSubmitting} className="sm:mt-[1.375rem]">
          <Plus aria-hidden />
          Add location
        </Button>
      </div>
    </form>
  );
}
