import type { ReactNode } from "react";
import { AppNav } from "@/components/shell/app-nav";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { WorkspaceSwitcher } from "@/components/shell/workspace-switcher";
import { requirePageContext } from "@/lib/auth/context";
import { getDb } from "@/lib/db/client";
import { listUserWorkspaces } from "@/lib/workspaces/queries";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const ctx = await requirePageContext();
  const workspaces = await listUserWorkspaces(getDb(), ctx.userId);
  return (
    <div className="shell">
      <AppNav />
      <div>
        <header className="topbar">
          <WorkspaceSwitcher current={ctx.workspaceId} workspaces={workspaces} />
          <div className="actions">
            <span className="muted" data-testid="signed-in-as">
              {ctx.email} · {ctx.role}
            </span>
            <SignOutButton />
          </div>
        </header>
        <main className="main">{children}</main>
      </div>
    </div>
  );
}
