"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useEffect, useState } from "react";
import { Toaster } from "@/components/ui/toaster";

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: 1 } } }));
  // No next-auth SessionProvider: pages read the session on the server, and its /session fetches on mount
  // (twice in development) raced the sign-in's CSRF cookie and bounced the first sign-in of a fresh browser.
  // Marks the page interactive (React has hydrated it): browser tests wait for this before typing, since a value typed
  // into server-rendered HTML can be reset by hydration halfway through.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <QueryClientProvider client={queryClient}>
      {children}
      <Toaster />
    </QueryClientProvider>
  );
}
