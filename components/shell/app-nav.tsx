"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { CONNECTOR_NAV_ITEMS, NAV_ITEMS } from "./nav-items";

export function AppNav() {
  const pathname = usePathname();
  const current = (href: string) => (pathname === href || pathname.startsWith(`${href}/`) ? "page" : undefined);
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">OrderBridge</div>
      {NAV_ITEMS.map((item) => (
        <Link key={item.href} href={item.href} aria-current={current(item.href)}>
          {item.label}
        </Link>
      ))}
      <div className="group">Connectors</div>
      <div className="sub">
        {CONNECTOR_NAV_ITEMS.map((item) => (
          <Link key={item.href} href={item.href} aria-current={current(item.href)}>
            {item.label}
          </Link>
        ))}
      </div>
      <div className="group">Workspace</div>
      <Link href="/settings" aria-current={current("/settings")}>
        Settings
      </Link>
    </nav>
  );
}
