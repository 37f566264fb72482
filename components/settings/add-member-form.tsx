"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { Controller, useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { useActionForm } from "@/components/ui/use-action-form";
import { addMemberAction } from "@/lib/workspaces/actions";
import { addMemberSchema } from "@/lib/workspaces/schemas";
import { ROLE_OPTIONS } from "./role-options";

type Values = z.input<typeof addMemberSchema>;

export function AddMemberForm() {
  const router = useRouter();
  const form = useForm<Values>({ resolver: zodResolver(addMemberSchema), defaultValues: { email: "", name: "", role: "viewer", password: "" } });
  const { message, submit } = useActionForm(addMemberAction, form.setError);
  const onSubmit = form.handleSubmit(async (values) => {
    if (await submit(values, `${values.email} added.`)) {
      form.reset();
      router.refresh();
    }
  });
  const err = form.formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Add a member" className="grid gap-4">
      <FormMessage message={message} />
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="member-email" label="E-mail" error={err.email?.message}>
          <Input type="email" autoComplete="off" {...form.register("email")} />
        </FormField>
        <FormField id="member-name" label="Name" error={err.name?.message}>
          <Input {...form.register("name")} />
        </FormField>
        <FormField id="member-role" label="Role" error={err.role?.message}>
          {(control) => (
            <Controller
              control={form.control}
              name="role"
              render={({ field }) => (
                <Select value={field.value} onValueChange={field.onChange} name={field.name}>
                  <SelectTrigger {...control} ref={field.ref} onBlur={field.onBlur}>
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {ROLE_OPTIONS.map((r) => (
                      <SelectItem key={r.value} value={r.value} description={r.description}>
                        {r.label}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            />
          )}
        </FormField>
        <FormField
          id="member-password"
          label="Initial password"
          hint="At least 12 characters. Share it with the person privately. Someone who already has an OrderBridge account keeps their own password."
          error={err.password?.message}
        >
          <Input type="password" autoComplete="new-password" {...form.register("password")} />
        </FormField>
      </div>
      <div>
        <Button type="submit" disabled={form.formState.isSubmitting}>
          Add member
        </Button>
      </div>
    </form>
  );
}
