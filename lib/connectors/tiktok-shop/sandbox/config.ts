import type { Env } from "@/lib/env";
import type { TikTokSandboxOptions } from "./server";

/** The sandbox as `npm run dev` and `npm run sandbox:tiktok` run it: the env's app and the app's callback. */
export function tiktokSandboxOptionsFromEnv(e: Env): TikTokSandboxOptions & { port: number } {
  return {
    port: e.TIKTOK_SANDBOX_PORT,
    appKey: e.tiktok.appKey,
    appSecret: e.tiktok.appSecret,
    serviceId: e.tiktok.serviceId,
    redirectUri: `${e.appUrl}/api/connectors/tiktok-shop/callback`,
    verbose: e.LOG_LEVEL === "debug",
  };
}
