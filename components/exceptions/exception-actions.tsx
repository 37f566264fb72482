"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { RotateCcw, XCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { OPEN_EXCEPTIONS_KEY } from "@/components/shell/use-open-exceptions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { FormMessage } from "@/components/ui/form-message";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toaster";
import { useActionForm } from "@/components/ui/use-action-form";
import { dismissExceptionAction, retryCauseAction, retryExceptionAction } from "@/lib/sync/exceptions/actions";

/** The dismiss form; the server action checks the same rule. */
const dismissSchema = z.object({ id: z.string().uuid(), reason: z.string().trim().min(3, "Say why you dismiss it (at least 3 characters)").max(500) });
type DismissValues = z.infer<typeof dismissSchema>;

/** After a change: the page's server parts, the nav badge and any order timeline read again. */
function useAfterChange() {
  const router = useRouter();
  const client = useQueryClient();
  return () => {
    router.refresh();
    void client.invalidateQueries({ queryKey: OPEN_EXCEPTIONS_KEY });
    void client.invalidateQueries({ queryKey: ["order-activity"] });
  };
}

/** Retry one exception now; it closes itself when the retry succeeds. */
export function RetryExceptionButton({ id, label = "Retry" }: { id: string; label?: string }) {
  const [busy, setBusy] = useState(false);
  const after = useAfterChange();
  return (
    <Button
      variant="outline"
      size="sm"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        try {
          const res = await retryExceptionAction({ id });
          if (res.ok) toast.success("Queued for another try. It closes itself once it goes through.");
          else toast.error(res.error.message);
          after();
        } finally {
          setBusy(false);
        }
      }}
    >
      <RotateCcw aria-hidden />
      {label}
    </Button>
  );
}

/** Retry every open exception of one cause (after fixing the setting they share). */
export function RetryCauseButton({ cause, title }: { cause: string; title: string }) {
  const [busy, setBusy] = useState(false);
  const after = useAfterChange();
  return (
    <Button
      variant="outline"
      size="sm"
      disabled={busy}
      aria-label={`Retry all: ${title}`}
      onClick={async () => {
        setBusy(true);
        try {
          const res = await retryCauseAction({ cause });
          if (res.ok) toast.success(res.data.queued === 1 ? "Queued 1 record for another try." : `Queued ${res.data.queued} records for another try.`);
          else toast.error(res.error.message);
          after();
        } finally {
          setBusy(false);
        }
      }}
    >
      <RotateCcw aria-hidden />
      Retry all
    </Button>
  );
}

/** Dismiss with a required reason: the exception closes by hand, the record stays as it is. */
export function DismissExceptionButton({ id, title }: { id: string; title: string }) {
  const [open, setOpen] = useState(false);
  const after = useAfterChange();
  const form = useForm<DismissValues>({ resolver: zodResolver(dismissSchema), defaultValues: { id, reason: "" } });
  // The action answers with no data: success is `ok`, so it returns `true` here for useActionForm to pass on.
  const { message, submit, clearMessage } = useActionForm(async (values: DismissValues) => {
    const res = await dismissExceptionAction(values);
    return res.ok ? { ok: true as const, data: true } : res;
  }, form.setError);
  const onSubmit = form.handleSubmit(async (values) => {
    if (await submit(values, "Dismissed.")) {
      toast.success("Exception dismissed.");
      setOpen(false);
      form.reset({ id, reason: "" });
      after();
    }
  });
  const fieldId = `dismiss-reason-${id}`;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (form.formState.isSubmitting) return;
        setOpen(next);
        if (!next) {
          clearMessage();
          form.clearErrors();
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm">
          <XCircle aria-hidden />
          Dismiss
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form onSubmit={onSubmit} noValidate className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Dismiss this exception?</DialogTitle>
            <DialogDescription>
              {title}. Dismissing closes it without changing the record; if the same problem happens again, a new exception opens.
            </DialogDescription>
          </DialogHeader>
          {message?.kind === "error" && <FormMessage message={message} />}
          <FormField id={fieldId} label="Reason" hint="Say why, for whoever looks at the history later." error={form.formState.errors.reason?.message}>
            <Textarea maxLength={500} {...form.register("reason")} />
          </FormField>
          <DialogFooter>
            <Button variant="outline" onClick={() => setOpen(false)} disabled={form.formState.isSubmitting}>
              Cancel
            </Button>
            <Button type="submit" variant="destructive" disabled={form.formState.isSubmitting}>
              Dismiss exception
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
