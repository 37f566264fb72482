import type { Db } from "@/lib/db/client";
import type { RequestContext } from "@/lib/auth/context-types";
import { AcumaticaError } from "@/lib/connectors/acumatica/errors";
import { buildAuthorizeUrl, refreshAccessToken } from "@/lib/connectors/acumatica/oauth";
import { isNetworkError } from "@/lib/connectors/shared/retry";
import { acumaticaRedirectUri, explainAcumaticaError, getAcumaticaClient } from "./acumatica-connect";
import { getConnection, getConnectionSecretsOrThrow } from "./queries";
import type { AcumaticaSettings } from "./schemas";

export type CheckStatus = "ok" | "failed" | "skipped";
export interface ConnectionCheck {
  id: "reachable" | "credentials" | "redirect_uri" | "endpoint" | "token";
  label: string;
  status: CheckStatus;
  detail: string;
}

const TIMEOUT_MS = 10_000;

async function probe(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
}

/**
 * Test connection: walks the setup guide's troubleshooting cases in order —
 * wrong URL, bad client secret, redirect URI mismatch, endpoint not published,
 * token not working — and says which one applies.
 */
export async function testAcumaticaConnection(db: Db, ctx: RequestContext): Promise<ConnectionCheck[]> {
  const view = await getConnection(db, ctx.workspaceId, "acumatica");
  const s = (view?.settings ?? {}) as AcumaticaSettings;
  const checks: ConnectionCheck[] = [];
  const skip = (id: ConnectionCheck["id"], label: string, why: string) => checks.push({ id, label, status: "skipped", detail: why });
  if (!view || !s.apiUrl || !s.clientId || !s.endpoint) {
    skip("reachable", "API URL reachable", "Fill in and Save the Connection form first.");
    return checks;
  }
  const apiUrl = s.apiUrl;

  // 1. Wrong URL: no identity server at the instance URL.
  let reachable = false;
  try {
    const res = await probe(`${apiUrl}/identity/.well-known/openid-configuration`);
    reachable = res.ok && (res.headers.get("content-type") ?? "").includes("json");
    checks.push({
      id: "reachable",
      label: "API URL reachable",
      status: reachable ? "ok" : "failed",
      detail: reachable ? `Acumatica identity server found at ${apiUrl}.` : `No Acumatica instance answers at ${apiUrl} (HTTP ${res.status}). Check the URL and the instance path (e.g. https://server_name/instance_name).`,
    });
  } catch (err) {
    checks.push({ id: "reachable", label: "API URL reachable", status: "failed", detail: `Cannot reach ${apiUrl}${isNetworkError(err) ? "" : `: ${(err as Error).message}`}. Check the URL and that the instance is online.` });
  }
  if (!reachable) {
    for (const [id, label] of [["credentials", "API Client ID and Secret accepted"], ["redirect_uri", "Redirect URI registered"], ["endpoint", "API EndPoint published"], ["token", "Connected"]] as const) {
      skip(id, label, "Skipped: the API URL does not answer.");
    }
    return checks;
  }

  // 2. Bad client secret: present the credentials with a dummy refresh token; invalid_grant means they were accepted.
  const { secrets } = await getConnectionSecretsOrThrow(db, ctx.workspaceId, view.id);
  if (!secrets.clientSecret) {
    skip("credentials", "API Client ID and Secret accepted", "Enter the API Client Secret and Save.");
  } else {
    try {
      await refreshAccessToken({ instanceUrl: apiUrl, clientId: s.clientId, clientSecret: secrets.clientSecret, refreshToken: "orderbridge-connection-test", timeoutMs: TIMEOUT_MS });
      checks.push({ id: "credentials", label: "API Client ID and Secret accepted", status: "ok", detail: "Accepted." });
    } catch (err) {
      const accepted = err instanceof AcumaticaError && err.code === "invalid_grant";
      checks.push({
        id: "credentials",
        label: "API Client ID and Secret accepted",
        status: accepted ? "ok" : "failed",
        detail: accepted ? "The Connected Application accepted the API Client ID and API Client Secret." : err instanceof AcumaticaError ? explainAcumaticaError(err) : String(err),
      });
    }
  }

  // 3. Redirect URI mismatch: the authorize page refuses an unregistered redirect URI instead of showing sign-in.
  const redirectUri = acumaticaRedirectUri();
  try {
    const res = await probe(buildAuthorizeUrl({ instanceUrl: apiUrl, clientId: s.clientId, redirectUri, state: "connection-test" }));
    const body = res.status >= 400 ? await res.text() : "";
    const mismatch = res.status >= 400 && /redirect/i.test(body);
    checks.push({
      id: "redirect_uri",
      label: "Redirect URI registered",
      status: res.status < 400 ? "ok" : "failed",
      detail:
        res.status < 400
          ? `${redirectUri} is accepted by the Connected Application.`
          : mismatch
            ? `The Connected Application does not list ${redirectUri}. Add it exactly on its Redirect URIs tab.`
            : `The authorization page did not load (HTTP ${res.status}). Confirm the customization project is published and the client ID is right.`,
    });
  } catch (err) {
    checks.push({ id: "redirect_uri", label: "Redirect URI registered", status: "failed", detail: `The authorization page did not load: ${(err as Error).message}` });
  }

  // 4 and 5. Endpoint published, and the stored token works — both need a connection.
  if (view.status !== "connected") {
    skip("endpoint", "API EndPoint published", "Checked once connected: click Connect.");
    skip("token", "Connected", "Not connected yet: click Connect.");
    return checks;
  }
  try {
    const client = await getAcumaticaClient(db, ctx.workspaceId);
    const info = await client.verifyConnection();
    checks.push({ id: "endpoint", label: "API EndPoint published", status: "ok", detail: `${s.endpoint} is published (instance build ${info.buildVersion ?? "unknown"}).` });
    checks.push({ id: "token", label: "Connected", status: "ok", detail: "The stored token works." });
  } catch (err) {
    const e = err instanceof AcumaticaError ? err : null;
    if (e?.code === "endpoint_not_found") {
      checks.push({ id: "endpoint", label: "API EndPoint published", status: "failed", detail: explainAcumaticaError(e) });
      checks.push({ id: "token", label: "Connected", status: "ok", detail: "The stored token works." });
    } else {
      skip("endpoint", "API EndPoint published", "Could not be checked: the token did not work.");
      checks.push({ id: "token", label: "Connected", status: "failed", detail: e ? explainAcumaticaError(e) : (err as Error).message });
    }
  }
  return checks;
}
