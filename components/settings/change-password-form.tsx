"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { FormMessage } from "@/components/ui/form-message";
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
    <form onSubmit={onSubmit} noValidate aria-label="Change password">
      <FormMessage message={message} />
      <div className="field">
        <label htmlFor="current-password">Current password</label>
        <input id="current-password" type="password" autoComplete="current-password" {...form.register("currentPassword")} />
        {err.currentPassword && <div className="error">{err.currentPassword.message}</div>}
      </div>
      <div className="field">
        <label htmlFor="new-password">New password</label>
        <input id="new-password" type="password" autoComplete="new-password" {...form.register("newPassword")} />
        {err.newPassword && <div className="error">{err.newPassword.message}</div>}
      </div>
      <div className="field">
        <label htmlFor="confirm-password">Repeat new password</label>
        <input id="confirm-password" type="password" autoComplete="new-password" {...form.register("confirmPassword")} />
        {err.confirmPassword && <div className="error">{err.confirmPassword.message}</div>}
      </div>
      <button type="submit" className="primary" disabled={form.formState.isSubmitting}>
        Change password
      </button>
    </form>
  );
}
