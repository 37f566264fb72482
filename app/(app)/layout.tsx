import type { ReactNode } from "react";
import { AppNav } from "@/components/shell/app-nav";
import { Brand } from "@/components/shell/brand";
import { MobileNav } from "@/components/shell/mobile-nav";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { WorkspaceSwitcher } from "@/components/shell/workspace-switcher";
import { listMyWorkspaces, requirePageContext } from "@/lib/auth/context";
import { getDb } from "@/lib/db/client";
import { countOpenExceptions } from "@/lib/sync/exceptions/queries";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const ctx = await requirePageContext();
  const [workspaces, openExceptions] = await Promise.all([listMyWorkspaces(ctx.userId), countOpenExceptions(getDb(), ctx.workspaceId)]);
  return (
    <div className="min-h-dvh md:grid md:grid-cols-[15rem_minmax(0,1fr)]">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-primary px-3 py-2 text-sm font-medium text-primary-foreground focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <aside className="sticky top-0 hidden h-dvh flex-col gap-6 overflow-y-auto bg-sidebar px-3 py-5 md:flex">
        <div className="px-2">
          <Brand />
        </div>
        <AppNav openExceptions={openExceptions} />
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="sticky top-0 z-40 flex h-14 items-center gap-2 border-b bg-card/95 px-3 backdrop-blur sm:px-6">
          <MobileNav email={ctx.email} role={ctx.role} openExceptions={openExceptions} />
          <WorkspaceSwitcher current={ctx.workspaceId} workspaces={workspaces} />
          <div className="ml-auto hidden items-center gap-3 md:flex">
            <span className="max-w-[22rem] truncate text-sm text-muted-foreground" data-testid="signed-in-as">
              {ctx.email} · {ctx.role}
            </span>
            <SignOutButton />
          </div>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 outline-none sm:px-6 lg:px-8">{children}</main>
      </div>
    </div>
  );
}
