import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections } from "@/lib/db/schema";
import type { RequestContext } from "@/lib/auth/context-types";
import { assertCan } from "@/lib/auth/permissions";
import { openJson, sealJson } from "@/lib/crypto/secrets";
import { AppError } from "@/lib/errors";
import { checkOutboundUrl, OutboundBlockedError } from "@/lib/net/guarded-fetch";
import { merchantUrlPolicy } from "@/lib/net/outbound-policy";
import { writeAudit } from "@/lib/workspaces/service";
import { ACUMATICA_CONNECTION_SCREEN } from "./clients";
import type { AcumaticaConnectionValues } from "./schemas";
import { CLIENT_SECRET_REQUIRED } from "./schemas";
import type { AcumaticaConnectionSettings } from "./stored-settings";
import { acumaticaConnectionSettingsSchema } from "./stored-settings";

/** Refuses an API URL the merchant-URL guard would refuse at call time (scheme, private address), as a field error. */
async function assertApiUrlAllowed(apiUrl: string): Promise<void> {
  try {
    await checkOutboundUrl(apiUrl, merchantUrlPolicy());
  } catch (err) {
    if (!(err instanceof OutboundBlockedError)) throw err;
    // A name that does not resolve now is not a security problem: Test connection reports it.
    if (err.reason === "unresolvable") return;
    throw new AppError("validation", err.message, { apiUrl: [err.message] }, ACUMATICA_CONNECTION_SCREEN);
  }
}

/**
 * Saves the Acumatica Connection form. The client secret is stored encrypted;
 * an empty secret keeps the stored one (and is refused when none is stored).
 * Changing the URL, endpoint, client id or secret of a connected instance marks
 * it as needing a new Connect; the same change on a connection in error clears
 * the error, which was about the old values.
 */
export async function saveAcumaticaConnection(db: Db, ctx: RequestContext, input: AcumaticaConnectionValues) {
  assertCan(ctx, "connectors:write");
  await assertApiUrlAllowed(input.apiUrl);
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(connections)
      .where(and(eq(connections.workspaceId, ctx.workspaceId), eq(connections.provider, "acumatica"), eq(connections.externalId, "")))
      .for("update");
    const settings: AcumaticaConnectionSettings = { apiUrl: input.apiUrl, endpoint: input.endpoint, clientId: input.clientId };
    const secrets = openJson(existing?.secretsEnc);
    if (input.clientSecret) secrets.clientSecret = input.clientSecret;
    if (!secrets.clientSecret) {
      throw new AppError("validation", "Some fields need attention.", { clientSecret: [CLIENT_SECRET_REQUIRED] }, ACUMATICA_CONNECTION_SCREEN);
    }
    const parsedBefore = acumaticaConnectionSettingsSchema.safeParse(existing?.settings ?? {});
    const before: AcumaticaConnectionSettings = parsedBefore.success ? parsedBefore.data : {};
    const identityChanged =
      !!existing && (before.apiUrl !== settings.apiUrl || before.endpoint !== settings.endpoint || before.clientId !== settings.clientId || !!input.clientSecret);
    const statusChange =
      identityChanged && existing?.status === "connected"
        ? { status: "error" as const, statusMessage: "Connection details changed. Click Connect to authorise again." }
        : identityChanged && existing?.status === "error"
          ? { status: "not_connected" as const, statusMessage: null }
          : {};
    const values = {
      settings: { ...(existing?.settings ?? {}), ...settings },
      secretsEnc: sealJson(secrets),
      displayName: settings.apiUrl ?? "",
      updatedAt: sql`now()`,
      ...statusChange,
    };
    const [row] = existing
      ? await tx.update(connections).set(values).where(eq(connections.id, existing.id)).returning({ id: connections.id })
      : await tx
          .insert(connections)
          .values({ workspaceId: ctx.workspaceId, provider: "acumatica", externalId: "", ...values })
          .returning({ id: connections.id });
    await writeAudit(tx, ctx, "connection.acumatica.save", row!.id, {
      apiUrl: settings.apiUrl,
      endpoint: settings.endpoint,
      clientId: settings.clientId,
      clientSecretChanged: !!input.clientSecret,
    });
    return { id: row!.id };
  });
}
