import { env } from "@/lib/env";
import { tiktokSandboxOptionsFromEnv } from "./config";
import { startTikTokSandbox } from "./server";

/** `npm run sandbox:tiktok` — the TikTok Shop sandbox on TIKTOK_SANDBOX_PORT. */
async function main() {
  const e = env();
  const sandbox = await startTikTokSandbox(tiktokSandboxOptionsFromEnv(e));
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
