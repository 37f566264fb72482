"use client";

import { Slot } from "radix-ui";
import type { ReactElement, ReactNode } from "react";
import { cn } from "./cn";
import { Label } from "./label";

/** What a form control needs to be tied to its label, hint and error. */
export interface FieldControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

/**
 * One labelled control with an optional hint and error. The control gets `id`,
 * `aria-describedby` (hint, then error) and `aria-invalid` when there is an error.
 * Pass the control as the only child, or a function of those props for
 * controls whose focusable part is not the outer element (e.g. a Select trigger).
 */
export function FormField({
  id,
  label,
  hint,
  error,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  className?: string;
  children: ReactElement | ((props: FieldControlProps) => ReactNode);
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const controlProps: FieldControlProps = { id, "aria-describedby": describedBy, ...(error ? { "aria-invalid": true as const } : {}) };
  return (
    <div data-slot="form-field" className={cn("grid min-w-0 content-start gap-1.5", className)}>
      <Label htmlFor={id}>{label}</Label>
      {typeof children === "function" ? children(controlProps) : <Slot.Root {...controlProps}>{children}</Slot.Root>}
      {hint && (
        <p id={hintId} className="text-sm text-muted-foreground">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} data-slot="form-field-error" className="text-sm font-medium text-destructive">
          {error}
        </p>
      )}
    </div>
  );
}
