"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
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
    <form onSubmit={onSubmit} noValidate className="grid max-w-md gap-4">
      <FormMessage message={message} />
      <FormField id="workspace-name" label="Workspace name" error={form.formState.errors.name?.message}>
        <Input readOnly={!canEdit} {...form.register("name")} />
      </FormField>
      {canEdit && (
        <div>
          <Button type="submit" disabled={form.formState.isSubmitting}>
            Save
          </Button>
        </div>
      )}
    </form>
  );
}
