import { env } from "@/lib/env";
import { DEMO_USER } from "../fixtures";
import { acumaticaSandboxOptionsFromEnv } from "./config";
import { startAcumaticaSandbox } from "./server";

/** `npm run sandbox:acumatica`: one local Acumatica instance on ACUMATICA_SANDBOX_PORT. */
async function main() {
  const e = env();
  const options = acumaticaSandboxOptionsFromEnv(e);
  const redirectUris = options.connectedApps?.[0]?.redirectUris ?? [];
  const sandbox = await startAcumaticaSandbox(options);
  // A sandbox secret, not a real credential: printing it makes the demo self-explanatory.
  console.log(
    [
      `Acumatica sandbox instance: ${sandbox.url}`,
      `  endpoints:     Default/24.200.001, Pipe17/001`,
      `  sign-in user:  ${DEMO_USER.username} / ${DEMO_USER.password}`,
      `  client id:     ${e.ACUMATICA_SANDBOX_CLIENT_ID}`,
      `  client secret: ${e.ACUMATICA_SANDBOX_CLIENT_SECRET} (sandbox-only secret)`,
      `  redirect URIs: ${redirectUris.join(", ")}`,
      `  operator API:  ${sandbox.operatorUrl}`,
    ].join("\n"),
  );
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
