"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useId } from "react";
import { cn } from "@/components/ui/cn";
import type { NavItem } from "./nav-items";
import { CONNECTOR_NAV_ITEMS, NAV_ITEMS, WORKSPACE_NAV_ITEMS } from "./nav-items";
import { useOpenExceptionCount } from "./use-open-exceptions";

const GROUPS: Array<{ label?: string; items: readonly NavItem[] }> = [
  { items: NAV_ITEMS },
  { label: "Connectors", items: CONNECTOR_NAV_ITEMS },
  { label: "Workspace", items: WORKSPACE_NAV_ITEMS },
];

/** The main navigation: in the sidebar on wide screens, in the menu sheet on a phone. */
export function AppNav({ onNavigate, className, openExceptions }: { onNavigate?: () => void; className?: string; openExceptions: number }) {
  const pathname = usePathname();
  const { data: exceptions } = useOpenExceptionCount(openExceptions);
  const badgeId = useId();
  const isCurrent = (href: string) => pathname === href || pathname.startsWith(`${href}/`);
  return (
    <nav aria-label="Main" className={cn("grid gap-4", className)}>
      {exceptions > 0 && (
        <span id={badgeId} className="sr-only">
          {exceptions === 1 ? "1 open exception" : `${exceptions} open exceptions`}
        </span>
      )}
      {GROUPS.map((group) => (
        <div key={group.label ?? "main"} className="grid gap-0.5">
          {group.label && <p className="px-3 pb-1 text-xs font-medium tracking-wider text-sidebar-muted uppercase">{group.label}</p>}
          {group.items.map((item) => {
            const current = isCurrent(item.href);
            const Icon = item.icon;
            // The count is a description, not part of the link's name, so "Exceptions" stays "Exceptions".
            const badge = item.href === "/exceptions" && exceptions > 0 ? exceptions : 0;
            return (
              <Link
                key={item.href}
                href={item.href}
                aria-current={current ? "page" : undefined}
                aria-describedby={badge ? badgeId : undefined}
                onClick={onNavigate}
                className={cn(
                  "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium text-sidebar-foreground transition-colors hover:bg-sidebar-accent hover:text-sidebar-accent-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none",
                  current && "bg-sidebar-accent text-sidebar-accent-foreground",
                )}
              >
                <Icon aria-hidden className="size-4 shrink-0" />
                {item.label}
                {badge > 0 && (
                  <span aria-hidden data-testid="nav-exceptions-count" className="ml-auto rounded-full bg-destructive px-1.5 text-xs leading-5 font-semibold text-destructive-foreground tabular-nums">
                    {badge > 999 ? "999+" : badge}
                  </span>
                )}
              </Link>
            );
          })}
        </div>
      ))}
    </nav>
  );
}
