"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { switchWorkspaceAction } from "@/lib/workspaces/actions";

export function WorkspaceSwitcher({ current, workspaces }: { current: string; workspaces: Array<{ id: string; name: string }> }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const currentName = workspaces.find((w) => w.id === current)?.name;
  if (workspaces.length < 2) return <span className="truncate text-sm font-semibold">{currentName}</span>;
  return (
    <div className="flex min-w-0 items-center gap-2">
      <span id="workspace-switcher-label" className="hidden text-sm text-muted-foreground sm:inline">
        Workspace
      </span>
      <Select
        value={current}
        disabled={pending}
        onValueChange={(id) =>
          startTransition(async () => {
            await switchWorkspaceAction({ workspaceId: id });
            router.refresh();
          })
        }
      >
        <SelectTrigger size="sm" aria-label="Workspace" className="w-auto max-w-[11rem] font-medium sm:max-w-[16rem]">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {workspaces.map((w) => (
            <SelectItem key={w.id} value={w.id}>
              {w.name}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}
