"use client";

import { Check, Pencil, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { editInventoryLevelAction } from "@/lib/inventory/actions";
import { editInventorySchema } from "@/lib/inventory/schemas";

/** A row's available quantity; in push mode (owners and admins) an Edit button turns it into a field saved on its own. */
export function QuantityCell({ productId, locationId, sku, location, value, editable }: { productId: string; locationId: string; sku: string; location: string; value: number; editable: boolean }) {
  const router = useRouter();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(String(value));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  if (!editable || !editing) {
    return (
      <span className="inline-flex items-center gap-1 tabular-nums">
        <span data-testid="available">{value}</span>
        {editable && (
          <Button
            type="button"
            variant="ghost"
            size="icon"
            className="size-7"
            aria-label={`Edit quantity of ${sku} at ${location}`}
            onClick={() => {
              setText(String(value));
              setError(null);
              setEditing(true);
            }}
          >
            <Pencil aria-hidden />
          </Button>
        )}
      </span>
    );
  }
  const submit = async () => {
    const input = { productId, locationId, quantity: text };
    const parsed = editInventorySchema.safeParse(input);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Check the quantity");
    setSaving(true);
    const res = await editInventoryLevelAction(input);
    setSaving(false);
    if (!res.ok) return setError(res.error.fieldErrors?.quantity?.join(" ") ?? res.error.message);
    setEditing(false);
    toast.success(res.data.changed ? `${sku} at ${location}: ${res.data.before ?? 0} → ${res.data.after}.` : "No change.");
    router.refresh();
  };
  return (
    <form
      className="grid min-w-[9rem] gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="flex items-center gap-1">
        <label htmlFor={id} className="sr-only">
          Quantity of {sku} at {location}
        </label>
        <Input
          id={id}
          value={text}
          inputMode="numeric"
          autoComplete="off"
          autoFocus
          className="h-8 w-20 tabular-nums"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") setEditing(false);
          }}
        />
        <Button type="submit" size="icon" className="size-8" disabled={saving} aria-label={`Save quantity of ${sku} at ${location}`}>
          <Check aria-hidden />
        </Button>
        <Button type="button" variant="ghost" size="icon" className="size-8" onClick={() => setEditing(false)} aria-label="Cancel">
          <X aria-hidden />
        </Button>
      </div>
      {error && (
        <p id={`${id}-error`} className="max-w-[14rem] text-xs font-medium whitespace-normal text-destructive">
          Quantity: {error}
        </p>
      )}
    </form>
  );
}
