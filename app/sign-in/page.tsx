import { redirect } from "next/navigation";
import { Suspense } from "react";
import { SignInForm } from "@/components/auth/sign-in-form";
import { BRAND_ICON as BrandIcon } from "@/components/shell/nav-items";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { getRequestContext } from "@/lib/auth/context";

export const dynamic = "force-dynamic";

export default async function SignInPage() {
  if (await getRequestContext()) redirect("/dashboard");
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-10">
      <Card className="w-full max-w-sm">
        <CardHeader className="items-start">
          <span className="mb-2 flex size-9 items-center justify-center rounded-lg bg-primary text-primary-foreground">
            <BrandIcon aria-hidden className="size-5" />
          </span>
          <h1 className="text-xl font-semibold tracking-tight">Sign in to OrderBridge</h1>
          <CardDescription>TikTok Shop orders into Acumatica, fulfillment back.</CardDescription>
        </CardHeader>
        <CardContent>
          <Suspense>
            <SignInForm />
          </Suspense>
        </CardContent>
      </Card>
    </main>
  );
}
