import { redirect } from "next/navigation";
import { Suspense } from "react";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getRequestContext } from "@/lib/auth/context";

export const dynamic = "force-dynamic";

export default async function SignInPage() {
  if (await getRequestContext()) redirect("/dashboard");
  return (
    <main className="auth-page">
      <div className="auth-card">
        <h1>Sign in to OrderBridge</h1>
        <p className="muted">TikTok Shop orders into Acumatica, fulfillment back.</p>
        <Suspense>
          <SignInForm />
        </Suspense>
      </div>
    </main>
  );
}
