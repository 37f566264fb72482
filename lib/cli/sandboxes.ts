import { acumaticaSandboxOptionsFromEnv } from "@/lib/connectors/acumatica/sandbox/config";
import { startAcumaticaSandbox } from "@/lib/connectors/acumatica/sandbox/server";
import { tiktokSandboxOptionsFromEnv } from "@/lib/connectors/tiktok-shop/sandbox/config";
import { startTikTokSandbox } from "@/lib/connectors/tiktok-shop/sandbox/server";
import { env } from "@/lib/env";

export interface RunningSandboxes {
  describe: string[];
  /** What the app and worker need to reach the sandboxes: the TikTok app settings and the loopback allowance. */
  appEnv: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts the Acumatica and TikTok Shop sandboxes in this process, on their
 * configured ports, registered with the app's OAuth callback URLs. The app
 * reaches them through its ordinary settings, passed explicitly (`appEnv`): the
 * TIKTOK_SHOP_* variables name the TikTok sandbox and its public app, and
 * OUTBOUND_ALLOWED_HOSTS adds loopback so the Acumatica URL entered on the
 * Connection screen (http://127.0.0.1:…) passes the merchant-URL guard.
 */
export async function startSandboxes(): Promise<RunningSandboxes> {
  const e = env();
  const acu = await startAcumaticaSandbox(acumaticaSandboxOptionsFromEnv(e));
  const tts = await startTikTokSandbox(tiktokSandboxOptionsFromEnv(e));
  const allowed = new Set((e.OUTBOUND_ALLOWED_HOSTS ?? "").split(/[\s,]+/).filter(Boolean));
  for (const host of ["127.0.0.1", "localhost"]) allowed.add(host);
  return {
    appEnv: {
      TIKTOK_SHOP_API_URL: e.tiktok.apiUrl,
      TIKTOK_SHOP_AUTH_URL: e.tiktok.authUrl,
      TIKTOK_SHOP_AUTHORIZE_URL: e.tiktok.authorizeUrl,
      TIKTOK_SHOP_APP_KEY: e.tiktok.appKey,
      TIKTOK_SHOP_APP_SECRET: e.tiktok.appSecret,
      TIKTOK_SHOP_SERVICE_ID: e.tiktok.serviceId,
      OUTBOUND_ALLOWED_HOSTS: [...allowed].join(","),
    },
    describe: [
      `Acumatica: ${acu.url}  (sign-in admin / sandbox; client id ${e.ACUMATICA_SANDBOX_CLIENT_ID}, secret ${e.ACUMATICA_SANDBOX_CLIENT_SECRET} — sandbox-only)`,
      `TikTok:    ${tts.url}  (buyer console ${tts.url}/_sandbox/ui)`,
    ],
    async close() {
      await Promise.all([acu.close(), tts.close()].map((p) => p.catch(() => undefined)));
    },
  };
}
