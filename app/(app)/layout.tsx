import type { ReactNode } from "react";
import { AppNav } from "@/components/shell/app-nav";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { WorkspaceSwitcher } from "@/components/shell/workspace-switcher";
import { listMyWorkspaces, requirePageContext } from "@/lib/auth/context";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const ctx = await requirePageContext();
  const workspaces = await listMyWorkspaces(ctx.userId);
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
