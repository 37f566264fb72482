import type { Env } from "@/lib/env";
import type { AcumaticaSandboxOptions } from "./server";

/** The sandbox as `npm run dev` and `npm run sandbox:acumatica` run it: the env's connected app and the app's callbacks. */
export function acumaticaSandboxOptionsFromEnv(e: Env): AcumaticaSandboxOptions & { port: number } {
  const callback = `${e.appUrl}/api/connectors/acumatica/callback`;
  const redirectUris = [...new Set([callback, callback.replace("//localhost", "//127.0.0.1")])];
  return {
    port: e.ACUMATICA_SANDBOX_PORT,
    connectedApps: [{ clientId: e.ACUMATICA_SANDBOX_CLIENT_ID, clientSecret: e.ACUMATICA_SANDBOX_CLIENT_SECRET, redirectUris }],
    actionDurationMs: 1000,
  };
}
