import { env } from "@/lib/env";

export interface RunningSandboxes {
  /** Environment for the app and worker so they talk to the sandboxes. */
  env: Record<string, string>;
  describe: string[];
  close(): Promise<void>;
}

/**
 * Starts the TikTok Shop and Acumatica sandboxes in this process, on their
 * configured ports, registered with the app's OAuth callback URLs.
 */
export async function startSandboxes(): Promise<RunningSandboxes> {
  const e = env();
  const closers: Array<() => Promise<void>> = [];
  const describe: string[] = [];
  const out: Record<string, string> = {};

  const { startAcumaticaSandbox } = await import("@/lib/connectors/acumatica/sandbox/server");
  const callbacks = (p: string) => [`${e.appUrl}${p}`, `${e.appUrl.replace("localhost", "127.0.0.1")}${p}`];
  const acu = await startAcumaticaSandbox({
    port: e.ACUMATICA_SANDBOX_PORT,
    connectedApps: [
      { clientId: e.ACUMATICA_SANDBOX_CLIENT_ID, clientSecret: e.ACUMATICA_SANDBOX_CLIENT_SECRET, redirectUris: callbacks("/api/connectors/acumatica/callback") },
    ],
  });
  closers.push(() => acu.close());
  describe.push(`Acumatica: ${acu.url}  (sign-in admin / sandbox; client id ${e.ACUMATICA_SANDBOX_CLIENT_ID}, secret ${e.ACUMATICA_SANDBOX_CLIENT_SECRET})`);

  const { startTikTokSandbox } = await import("@/lib/connectors/tiktok-shop/sandbox/server");
  const tts = await startTikTokSandbox({
    port: e.TIKTOK_SANDBOX_PORT,
    appKey: e.tiktok.appKey,
    appSecret: e.tiktok.appSecret,
    serviceId: e.tiktok.serviceId,
    redirectUri: `${e.appUrl}/api/connectors/tiktok-shop/callback`,
  });
  closers.push(() => tts.close());
  describe.push(`TikTok:    ${tts.url}`);
  out.TIKTOK_SHOP_API_URL = e.tiktok.apiUrl;

  return {
    env: out,
    describe,
    async close() {
      await Promise.all(closers.map((c) => c().catch(() => undefined)));
    },
  };
}
