"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { FormMessage } from "@/components/ui/form-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { addMemberAction } from "@/lib/workspaces/actions";
import { addMemberSchema } from "@/lib/workspaces/schemas";

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
    <form onSubmit={onSubmit} noValidate>
      <FormMessage message={message} />
      <div className="field">
        <label htmlFor="member-email">E-mail</label>
        <input id="member-email" type="email" {...form.register("email")} />
        {err.email && <div className="error">{err.email.message}</div>}
      </div>
      <div className="field">
        <label htmlFor="member-name">Name</label>
        <input id="member-name" type="text" {...form.register("name")} />
      </div>
      <div className="field">
        <label htmlFor="member-role">Role</label>
        <select id="member-role" {...form.register("role")}>
          <option value="viewer">Viewer — can look, cannot change settings</option>
          <option value="admin">Admin — can change settings and connectors</option>
          <option value="owner">Owner</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="member-password">Initial password</label>
        <input id="member-password" type="password" autoComplete="new-password" {...form.register("password")} />
        <div className="hint">
          At least 12 characters. Share it with the person privately. Someone who already has an OrderBridge account keeps their own password.
        </div>
        {err.password && <div className="error">{err.password.message}</div>}
      </div>
      <button type="submit" className="primary" disabled={form.formState.isSubmitting}>
        Add member
      </button>
    </form>
  );
}
