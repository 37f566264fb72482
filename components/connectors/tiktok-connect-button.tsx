"use client";

import { useState, useTransition } from "react";
import { connectTikTokShopAction } from "@/lib/connections/actions";

export function TikTokConnectButton({ label }: { label: string }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="primary"
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
        {label}
      </button>
      {error && (
        <div role="alert" className="notice error">
          {error}
        </div>
      )}
    </>
  );
}
