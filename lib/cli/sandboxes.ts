import { acumaticaSandboxOptionsFromEnv } from "@/lib/connectors/acumatica/sandbox/config";
import { startAcumaticaSandbox } from "@/lib/connectors/acumatica/sandbox/server";
import { tiktokSandboxOptionsFromEnv } from "@/lib/connectors/tiktok-shop/sandbox/config";
import { startTikTokSandbox } from "@/lib/connectors/tiktok-shop/sandbox/server";
import { env } from "@/lib/env";

export interface RunningSandboxes {
  describe: string[];
  close(): Promise<void>;
}

/**
 * Starts the Acumatica and TikTok Shop sandboxes in this process, on their
 * configured ports, registered with the app's OAuth callback URLs. The app
 * reaches them through its ordinary settings: the TIKTOK_SHOP_* defaults point
 * at the TikTok sandbox, and the Acumatica URL is entered on the Connection screen.
 */
export async function startSandboxes(): Promise<RunningSandboxes> {
  const e = env();
  const acu = await startAcumaticaSandbox(acumaticaSandboxOptionsFromEnv(e));
  const tts = await startTikTokSandbox(tiktokSandboxOptionsFromEnv(e));
  return {
    describe: [
      `Acumatica: ${acu.url}  (sign-in admin / sandbox; client id ${e.ACUMATICA_SANDBOX_CLIENT_ID}, secret ${e.ACUMATICA_SANDBOX_CLIENT_SECRET} — sandbox-only)`,
      `TikTok:    ${tts.url}  (buyer console ${tts.url}/_sandbox/ui)`,
    ],
    async close() {
      await Promise.all([acu.close(), tts.close()].map((p) => p.catch(() => undefined)));
    },
  };
}
