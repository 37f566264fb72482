"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { switchWorkspaceAction } from "@/lib/workspaces/actions";

export function WorkspaceSwitcher({ current, workspaces }: { current: string; workspaces: Array<{ id: string; name: string }> }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  if (workspaces.length < 2) return <strong>{workspaces.find((w) => w.id === current)?.name}</strong>;
  return (
    <label className="actions" style={{ fontWeight: 400 }}>
      <span className="muted">Workspace</span>
      <select
        aria-label="Workspace"
        value={current}
        disabled={pending}
        onChange={(e) => {
          const id = e.target.value;
          startTransition(async () => {
            await switchWorkspaceAction({ workspaceId: id });
            router.refresh();
          });
        }}
      >
        {workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
    </label>
  );
}
