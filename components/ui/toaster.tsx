"use client";

import { Toaster as Sonner } from "sonner";

export { toast } from "sonner";

/** Mounted once in the root providers; call `toast.success(…)` / `toast.error(…)` from any client component. */
export function Toaster() {
  return <Sonner position="bottom-right" closeButton richColors />;
}
