"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { useActionForm } from "@/components/ui/use-action-form";
import { changePasswordAction } from "@/lib/workspaces/actions";
import type { ChangePasswordInput } from "@/lib/workspaces/schemas";
import { changePasswordSchema } from "@/lib/workspaces/schemas";

export function ChangePasswordForm() {
  const form = useForm<ChangePasswordInput>({ resolver: zodResolver(changePasswordSchema), defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" } });
  const { message, submit } = useActionForm(changePasswordAction, form.setError);
  const onSubmit = form.handleSubmit(async (values) => {
    if (await submit(values, "Password changed.")) form.reset();
  });
  const err = form.formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Change password" className="grid max-w-md gap-4">
      <FormMessage message={message} />
      <FormField id="current-password" label="Current password" error={err.currentPassword?.message}>
        <Input type="password" autoComplete="current-password" {...form.register("currentPassword")} />
      </FormField>
      <FormField id="new-password" label="New password" error={err.newPassword?.message}>
        <Input type="password" autoComplete="new-password" {...form.register("newPassword")} />
      </FormField>
      <FormField id="confirm-password" label="Repeat new password" error={err.confirmPassword?.message}>
        <Input type="password" autoComplete="new-password" {...form.register("confirmPassword")} />
      </FormField>
      <div>
        <Button type="submit" disabled={form.formState.isSubmitting}>
          Change password
        </Button>
      </div>
    </form>
  );
}
