"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { FormMessage } from "@/components/ui/form-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { renameWorkspaceAction } from "@/lib/workspaces/actions";
import type { WorkspaceNameInput } from "@/lib/workspaces/schemas";
import { workspaceNameSchema } from "@/lib/workspaces/schemas";

export function WorkspaceNameForm({ name, canEdit }: { name: string; canEdit: boolean }) {
  const router = useRouter();
  const form = useForm<WorkspaceNameInput>({ resolver: zodResolver(workspaceNameSchema), defaultValues: { name } });
  const { message, submit } = useActionForm(renameWorkspaceAction, form.setError);
  const onSubmit = form.handleSubmit(async (values) => {
    if (await submit(values, "Workspace name saved.")) router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate>
      <FormMessage message={message} />
      <div className="field">
        <label htmlFor="workspace-name">Workspace name</label>
        <input id="workspace-name" type="text" readOnly={!canEdit} {...form.register("name")} />
        {form.formState.errors.name && <div className="error">{form.formState.errors.name.message}</div>}
      </div>
      {canEdit && (
        <button type="submit" className="primary" disabled={form.formState.isSubmitting}>
          Save
        </button>
      )}
    </form>
  );
}
