"use client";

import { useState } from "react";
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { ActionResult } from "@/lib/errors";

export const FIELDS_NEED_ATTENTION = "Some fields need attention.";

/**
 * Runs a server action from a react-hook-form submit and spreads its answer:
 * field errors onto the fields, anything else into one form-level message.
 * A message that is already shown under a field is not repeated above the form.
 */
export function useActionForm<V extends FieldValues, T>(action: (input: V) => Promise<ActionResult<T>>, setError: UseFormSetError<V>) {
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  async function submit(values: V, successText: string): Promise<T | undefined> {
    setMessage(null);
    const res = await action(values);
    if (res.ok) {
      setMessage({ kind: "success", text: successText });
      return res.data;
    }
    // "_form" holds what zod could not pin to one field: it belongs in the form-level message.
    const { _form: formErrors, ...byField } = res.error.fieldErrors ?? {};
    const fieldErrors = Object.entries(byField);
    for (const [field, errors] of fieldErrors) {
      setError(field as Path<V>, { message: errors.join(" ") });
    }
    const shownUnderAField = fieldErrors.some(([, errors]) => errors.includes(res.error.message));
    const text = formErrors?.length
      ? formErrors.join(" ")
      : shownUnderAField
        ? FIELDS_NEED_ATTENTION
        : res.error.fixAt
          ? `${res.error.message} (${res.error.fixAt})`
          : res.error.message;
    setMessage({ kind: "error", text });
    return undefined;
  }
  return { message, submit, clearMessage: () => setMessage(null) };
}
