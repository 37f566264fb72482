"use client";

import { X } from "lucide-react";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { FlashMessage } from "@/lib/connections/flash";
import { clearFlashAction } from "@/lib/connections/flash-actions";

/**
 * Shows the flash the server read from the cookie, then clears the cookie so a
 * reload shows nothing. Clearing re-renders the page without a flash; the
 * message stays on screen until the person dismisses it or leaves.
 */
export function ConnectFlash({ message }: { message: FlashMessage | null }) {
  const [shown, setShown] = useState(message);
  const [received, setReceived] = useState(message);
  if (message && message !== received) {
    setReceived(message);
    setShown(message);
  }
  useEffect(() => {
    if (message) void clearFlashAction();
  }, [message]);
  if (!shown) return null;
  return (
    <Alert variant={shown.kind === "error" ? "destructive" : "success"} className="pr-12" data-testid="connect-flash">
      <p>{shown.text}</p>
      <Button variant="ghost" size="icon-sm" className="absolute top-1.5 right-1.5 text-muted-foreground" aria-label="Dismiss" onClick={() => setShown(null)}>
        <X aria-hidden />
      </Button>
    </Alert>
  );
}
