"use client";

import { Plug, RefreshCw } from "lucide-react";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { connectTikTokShopAction } from "@/lib/connections/actions";

/** Starts the seller authorization on TikTok Shop (Connect, Reconnect, or Connect another shop: the same flow). */
export function TikTokConnectButton({ label, variant = "default" }: { label: string; variant?: "default" | "outline" }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="grid gap-3">
      <div>
        <Button
          variant={variant}
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              setError(null);
              const res = await connectTikTokShopAction();
              if (res.ok) window.location.assign(res.data.authorizeUrl);
              else setError(res.error.message);
            })
          }
        >
          {label === "Reconnect" ? <RefreshCw aria-hidden /> : <Plug aria-hidden />}
          {label}
        </Button>
      </div>
      {error && <Alert variant="destructive">{error}</Alert>}
    </div>
  );
}
