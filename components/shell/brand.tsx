import Link from "next/link";
import { BRAND_ICON as Icon } from "./nav-items";

export function Brand() {
  return (
    <Link href="/dashboard" className="flex items-center gap-2 rounded-md px-1 text-base font-semibold text-sidebar-accent-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none">
      <span className="flex size-7 items-center justify-center rounded-md bg-primary text-primary-foreground">
        <Icon aria-hidden className="size-4" />
      </span>
      OrderBridge
    </Link>
  );
}
