"use client";

import { useState } from "react";
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { ActionResult } from "@/lib/errors";

/**
 * Runs a server action from a react-hook-form submit and spreads its answer:
 * field errors onto the fields, anything else into one form-level message.
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
    for (const [field, errors] of Object.entries(res.error.fieldErrors ?? {})) {
      setError(field as Path<V>, { message: errors.join(" ") });
    }
    setMessage({ kind: "error", text: res.error.fixAt ? `${res.error.message} (${res.error.fixAt})` : res.error.message });
    return undefined;
  }
  return { message, submit };
}
