"use client";

import { Menu } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Separator } from "@/components/ui/separator";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import { AppNav } from "./app-nav";
import { SignOutButton } from "./sign-out-button";

/** Below the `md` breakpoint the sidebar is hidden; this button opens the same navigation (and the account) in a sheet. */
export function MobileNav({ email, role, openExceptions }: { email: string; role: string; openExceptions: number }) {
  const [open, setOpen] = useState(false);
  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger asChild>
        <Button variant="ghost" size="icon" className="md:hidden" aria-label="Open menu">
          <Menu aria-hidden className="size-5" />
        </Button>
      </SheetTrigger>
      <SheetContent side="left" className="gap-0 overflow-y-auto bg-sidebar text-sidebar-foreground">
        <SheetHeader className="pr-12">
          <SheetTitle className="text-sidebar-accent-foreground">OrderBridge</SheetTitle>
          <SheetDescription className="sr-only">Navigation and account</SheetDescription>
        </SheetHeader>
        <AppNav className="px-3" onNavigate={() => setOpen(false)} openExceptions={openExceptions} />
        <Separator className="my-4 bg-sidebar-accent" />
        <div className="grid gap-3 px-4 pb-6 text-sm">
          <p className="min-w-0 [overflow-wrap:anywhere]">
            <span className="block text-sidebar-accent-foreground">{email}</span>
            <span className="text-sidebar-muted">{role}</span>
          </p>
          <SignOutButton className="w-full justify-center" />
        </div>
      </SheetContent>
    </Sheet>
  );
}
