"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { toast } from "@/components/ui/toaster";
import { FIELDS_NEED_ATTENTION } from "@/components/ui/use-action-form";
import type { ActionResult, FieldErrors } from "@/lib/errors";

/**
 * Saves one section of the order settings: field errors go onto the fields
 * (or to `onFieldErrors` for keys the form cannot hold, such as a mapping row),
 * anything else into one message above the form; a save shows a toast and the
 * warnings the server returned (what it could not check against Acumatica).
 */
export function useSectionSave<V extends FieldValues, In>(opts: {
  action: (input: In) => Promise<ActionResult<{ warnings: string[] }>>;
  setError: UseFormSetError<V>;
  saved: string;
  /** Takes the field errors this hook should not set on the form; returns the rest. */
  takeFieldErrors?: (errors: FieldErrors) => FieldErrors;
}) {
  const router = useRouter();
  const [error, setErrorText] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);

  async function save(values: In): Promise<boolean> {
    setErrorText(null);
    setWarnings([]);
    const res = await opts.action(values);
    if (res.ok) {
      setWarnings(res.data.warnings);
      toast.success(opts.saved);
      router.refresh();
      return true;
    }
    const { _form: formErrors, ...all } = res.error.fieldErrors ?? {};
    const byField = Object.entries(opts.takeFieldErrors ? opts.takeFieldErrors(all) : all);
    for (const [field, errors] of byField) opts.setError(field as Path<V>, { message: errors.join(" ") });
    const shownUnderAField = byField.length > 0 || Object.keys(all).length > 0;
    setErrorText(formErrors?.length ? formErrors.join(" ") : shownUnderAField ? FIELDS_NEED_ATTENTION : res.error.message);
    return false;
  }
  return { save, error, warnings };
}
