import { env } from "@/lib/env";
import { DEMO_USER } from "../fixtures";
import { startAcumaticaSandbox } from "./server";

/** `npm run sandbox:acumatica`: one local Acumatica instance on ACUMATICA_SANDBOX_PORT. */
async function main() {
  const e = env();
  const callback = `${e.appUrl}/api/connectors/acumatica/callback`;
  const redirectUris = [...new Set([callback, callback.replace("//localhost", "//127.0.0.1")])];
  const sandbox = await startAcumaticaSandbox({
    port: e.ACUMATICA_SANDBOX_PORT,
    connectedApps: [{ clientId: e.ACUMATICA_SANDBOX_CLIENT_ID, clientSecret: e.ACUMATICA_SANDBOX_CLIENT_SECRET, redirectUris }],
    actionDurationMs: 1000,
  });
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
