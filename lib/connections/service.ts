import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections } from "@/lib/db/schema";
import type { RequestContext } from "@/lib/auth/context-types";
import { assertCan } from "@/lib/auth/permissions";
import { openJson, sealJson } from "@/lib/crypto/secrets";
import { writeAudit } from "@/lib/workspaces/service";
import type { FieldErrors } from "@/lib/errors";
import { AppError } from "@/lib/errors";
import type { AcumaticaConnectionValues, AcumaticaSettings } from "./schemas";
import { acumaticaConnectionSchemaFor } from "./schemas";

/**
 * Saves the Acumatica Connection form. The client secret is stored encrypted;
 * an empty secret keeps the stored one, and is refused when none is stored. Changing the URL, endpoint or client
 * id of a connected instance marks it as needing a new Connect.
 */
export async function saveAcumaticaConnection(db: Db, ctx: RequestContext, input: AcumaticaConnectionValues) {
  assertCan(ctx, "connectors:write");
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(connections)
      .where(and(eq(connections.workspaceId, ctx.workspaceId), eq(connections.provider, "acumatica"), eq(connections.externalId, "")))
      .for("update");
    const secrets = openJson(existing?.secretsEnc);
    // The first save needs a secret: the same rule, and message, as the form's.
    const checked = acumaticaConnectionSchemaFor({ secretSet: !!secrets.clientSecret }).safeParse(input);
    if (!checked.success) {
      const fieldErrors: FieldErrors = {};
      for (const issue of checked.error.issues) (fieldErrors[String(issue.path[0] ?? "_form")] ??= []).push(issue.message);
      throw new AppError("validation", "Some fields need attention.", fieldErrors);
    }
    const settings: AcumaticaSettings = { apiUrl: input.apiUrl, endpoint: input.endpoint, clientId: input.clientId };
    if (input.clientSecret) secrets.clientSecret = input.clientSecret;
    const before = (existing?.settings ?? {}) as AcumaticaSettings;
    const identityChanged =
      !!existing && (before.apiUrl !== settings.apiUrl || before.endpoint !== settings.endpoint || before.clientId !== settings.clientId || !!input.clientSecret);
    const values = {
      settings: { ...(existing?.settings ?? {}), ...settings },
      secretsEnc: Object.keys(secrets).length ? sealJson(secrets) : null,
      displayName: settings.apiUrl ?? "",
      updatedAt: sql`now()`,
      ...(identityChanged && existing?.status === "connected"
        ? { status: "error" as const, statusMessage: "Connection details changed. Click Connect to authorise again." }
        : {}),
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
