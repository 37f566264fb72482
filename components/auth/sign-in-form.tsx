"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { SignInInput } from "@/lib/auth/sign-in-schema";
import { signInSchema } from "@/lib/auth/sign-in-schema";
import { sameOriginPath } from "@/lib/auth/same-origin";

const csrfRefused = (url: string | null | undefined) => !!url && new URL(url, window.location.origin).searchParams.get("csrf") === "true";

export function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<SignInInput>({ resolver: zodResolver(signInSchema) });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    // next-auth answers a stale CSRF token with a redirect to its own sign-in page and no error: that is not a
    // success. The token is fresh on the second try (the first request set its cookie).
    let res = await signIn("credentials", { ...values, redirect: false });
    if (res && !res.error && csrfRefused(res.url)) res = await signIn("credentials", { ...values, redirect: false });
    if (!res || res.error || csrfRefused(res.url)) {
      setFormError(
        res?.error && res.error !== "CredentialsSignin"
          ? res.error
          : res && !res.error
            ? "The sign-in form expired. Reload the page and sign in again."
            : "Wrong e-mail or password.",
      );
      return;
    }
    const next = sameOriginPath(params.get("callbackUrl"), window.location.origin);
    // A full navigation, since the target may be a route handler (an OAuth callback).
    if (next) {
      window.location.assign(next);
      return;
    }
    router.replace("/dashboard");
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      {formError && <Alert variant="destructive">{formError}</Alert>}
      <FormField id="email" label="E-mail" error={formState.errors.email?.message}>
        <Input type="email" autoComplete="username" {...register("email")} />
      </FormField>
      <FormField id="password" label="Password" error={formState.errors.password?.message}>
        <Input type="password" autoComplete="current-password" {...register("password")} />
      </FormField>
      <Button type="submit" className="w-full" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
