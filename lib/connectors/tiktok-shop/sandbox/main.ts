import { env } from "../../../env";
import { startTikTokSandbox } from "./server";

/** `npm run sandbox:tiktok` — the TikTok Shop sandbox on TIKTOK_SANDBOX_PORT. */
async function main() {
  const e = env();
  const sandbox = await startTikTokSandbox({
    port: e.TIKTOK_SANDBOX_PORT,
    appKey: e.tiktok.appKey,
    appSecret: e.tiktok.appSecret,
    serviceId: e.tiktok.serviceId,
    redirectUri: `${e.appUrl}/api/connectors/tiktok-shop/callback`,
    verbose: e.LOG_LEVEL === "debug",
  });
  console.log(`TikTok Shop sandbox listening on ${sandbox.url}`);
  console.log(`  authorize: ${sandbox.url}/oauth/authorize?service_id=${e.tiktok.serviceId}&state=…`);
  console.log(`  operator:  ${sandbox.url}/_sandbox`);
  const stop = async () => {
    await sandbox.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
