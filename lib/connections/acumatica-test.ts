import type { Db } from "@/lib/db/client";
import type { RequestContext } from "@/lib/auth/context-types";
import { assertCan } from "@/lib/auth/permissions";
import { AcumaticaError, blockedAddressError, redirectError } from "@/lib/connectors/acumatica/errors";
import { buildAuthorizeUrl, refreshAccessToken } from "@/lib/connectors/acumatica/oauth";
import { redirectTarget } from "@/lib/net/guarded-fetch";
import { merchantFetch } from "@/lib/net/outbound-policy";
import { acumaticaRedirectUri, explainAcumaticaError } from "./acumatica-connect";
import { getAcumaticaClient } from "./clients";
import { getConnection, getConnectionSecretsOrThrow } from "./queries";
import { acumaticaConnectionSettingsSchema } from "./stored-settings";
import { createDbTokenStore } from "./token-store";

export type CheckStatus = "ok" | "failed" | "skipped";
export interface ConnectionCheck {
  id: "reachable" | "credentials" | "redirect_uri" | "endpoint" | "token";
  label: string;
  status: CheckStatus;
  detail: string;
}

const TIMEOUT_MS = 10_000;
const LABELS: Record<ConnectionCheck["id"], string> = {
  reachable: "API URL reachable",
  credentials: "API Client ID and Secret accepted",
  redirect_uri: "Redirect URI registered",
  endpoint: "API EndPoint published",
  token: "Connected",
};

/** GET through the merchant-URL guard; the body is read (at most what the caller needs) so the socket goes back to the pool. */
async function probe(url: string): Promise<{ status: number; headers: Headers; ok: boolean; text: string }> {
  const res = await merchantFetch()(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await res.text().catch(() => "");
  return { status: res.status, headers: res.headers, ok: res.ok, text };
}

/** The troubleshooting sentence for a failed call; never an upstream body, status code or resolved address. */
function explain(err: unknown): string {
  const acu = err instanceof AcumaticaError ? err : blockedAddressError(err);
  if (acu) return explainAcumaticaError(acu);
  return "The API URL could not be reached. Check the URL and that the instance is online.";
}

/**
 * Test connection: walks the setup guide's troubleshooting cases in order —
 * wrong URL, bad client secret, redirect URI mismatch, endpoint not published,
 * token not working — and says which one applies. Every call goes through the
 * merchant-URL guard; answers name the case only.
 */
export async function testAcumaticaConnection(db: Db, ctx: RequestContext): Promise<ConnectionCheck[]> {
  assertCan(ctx, "connectors:write");
  const view = await getConnection(db, ctx.workspaceId, "acumatica");
  const parsed = acumaticaConnectionSettingsSchema.safeParse(view?.settings ?? {});
  const s = parsed.success ? parsed.data : {};
  const checks: ConnectionCheck[] = [];
  const add = (id: ConnectionCheck["id"], status: CheckStatus, detail: string) => checks.push({ id, label: LABELS[id], status, detail });
  const skipRest = (ids: ConnectionCheck["id"][], why: string) => ids.forEach((id) => add(id, "skipped", why));
  if (!view || !s.apiUrl || !s.clientId || !s.endpoint) {
    add("reachable", "skipped", "Fill in and Save the Connection form first.");
    return checks;
  }
  const apiUrl = s.apiUrl;

  // 1. Wrong URL: no identity server at the instance URL (or an address/redirect the guard refuses).
  try {
    const res = await probe(`${apiUrl}/identity/.well-known/openid-configuration`);
    const moved = redirectTarget(res, apiUrl);
    if (moved) throw redirectError(res.status, moved);
    if (!res.ok || !(res.headers.get("content-type") ?? "").includes("json")) {
      throw new AcumaticaError({ code: "instance_not_found", message: "no identity server" });
    }
    add("reachable", "ok", "An Acumatica identity server answers at this API URL.");
  } catch (err) {
    add("reachable", "failed", explain(err));
    skipRest(["credentials", "redirect_uri", "endpoint", "token"], "Skipped: the API URL does not answer as an Acumatica instance.");
    return checks;
  }

  // 2. Client ID and secret. Acumatica checks a secret only when it issues tokens, so this is proven by refreshing
  //    the stored chain (under the same lease the clients use) — never with a made-up token a strict server would log
  //    as a client fault. Before the first Connect, the code exchange is the check.
  const { connection, secrets } = await getConnectionSecretsOrThrow(db, ctx.workspaceId, view.id);
  let chainAlive = false;
  if (!secrets.clientSecret) {
    add("credentials", "failed", "Enter the API Client Secret and Save.");
  } else if (!connection.oauthTokenId) {
    add("credentials", "skipped", "Checked when you click Connect: Acumatica verifies the secret when it issues the first tokens.");
  } else {
    try {
      await createDbTokenStore(db, { workspaceId: ctx.workspaceId, tokenId: connection.oauthTokenId }).withRefreshLock(async (current) => {
        if (!current?.refreshToken) throw new AcumaticaError({ code: "invalid_grant", message: "no refresh token" });
        return refreshAccessToken({
          instanceUrl: apiUrl,
          clientId: s.clientId!,
          clientSecret: secrets.clientSecret!,
          refreshToken: current.refreshToken,
          previous: current,
          fetch: merchantFetch() as typeof fetch,
          timeoutMs: TIMEOUT_MS,
        });
      });
      chainAlive = true;
      add("credentials", "ok", "The Connected Application accepted the API Client ID and API Client Secret.");
    } catch (err) {
      // The token endpoint authenticates the client before it looks at the grant: invalid_grant means the credentials passed.
      if (err instanceof AcumaticaError && err.code === "invalid_grant") add("credentials", "ok", "The Connected Application accepted the API Client ID and API Client Secret.");
      else add("credentials", "failed", explain(err));
    }
  }

  // 3. Redirect URI mismatch: the authorize page refuses an unregistered redirect URI instead of showing sign-in.
  const redirectUri = acumaticaRedirectUri();
  try {
    const res = await probe(buildAuthorizeUrl({ instanceUrl: apiUrl, clientId: s.clientId, redirectUri, state: "connection-test" }));
    if (res.status < 400) add("redirect_uri", "ok", `${redirectUri} is accepted by the Connected Application.`);
    else {
      const body = res.text;
      add(
        "redirect_uri",
        "failed",
        /redirect/i.test(body)
          ? `The Connected Application does not list ${redirectUri}. Add it exactly on its Redirect URIs tab.`
          : /client/i.test(body)
            ? "The Connected Application does not know this API Client ID. Copy it again (it ends with @Tenant)."
            : "The authorization page did not load. Confirm the customization project is published and the API Client ID is right.",
      );
    }
  } catch (err) {
    add("redirect_uri", "failed", explain(err));
  }

  // 4 and 5. Endpoint published and the token working: one authenticated call on the chosen endpoint.
  if (view.status !== "connected") {
    add("endpoint", "skipped", "Checked once connected: click Connect.");
    add("token", "skipped", "Not connected yet: click Connect.");
    return checks;
  }
  try {
    const client = await getAcumaticaClient(db, ctx.workspaceId);
    await client.verifyConnection();
    add("endpoint", "ok", `${s.endpoint} is published and answers.`);
    add("token", "ok", chainAlive ? "The stored authorization works and was renewed just now." : "The stored authorization works.");
  } catch (err) {
    if (err instanceof AcumaticaError && err.code === "endpoint_not_found") {
      add("endpoint", "failed", explainAcumaticaError(err));
      add("token", "skipped", "Proven once the API EndPoint answers.");
    } else {
      add("endpoint", "skipped", "Could not be checked: the stored authorization did not work.");
      add("token", "failed", explain(err));
    }
  }
  return checks;
}
