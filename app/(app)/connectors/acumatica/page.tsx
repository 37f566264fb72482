import { AcumaticaConnectPanel } from "@/components/connectors/acumatica-connect-panel";
import { AcumaticaConnectionForm } from "@/components/connectors/acumatica-connection-form";
import { ConnectionStatus } from "@/components/connectors/connection-status";
import { CopyButton } from "@/components/ui/copy-button";
import { requirePageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { acumaticaRedirectUri } from "@/lib/connections/acumatica-connect";
import { getConnection } from "@/lib/connections/queries";
import type { AcumaticaSettings } from "@/lib/connections/schemas";
import { getDb } from "@/lib/db/client";

export default async function AcumaticaConnectorPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requirePageContext();
  const params = await searchParams;
  const connection = await getConnection(getDb(), ctx.workspaceId, "acumatica");
  const settings = (connection?.settings ?? {}) as AcumaticaSettings;
  const canEdit = can(ctx, "connectors:write");
  const redirectUri = acumaticaRedirectUri();
  return (
    <>
      <h1>Acumatica</h1>
      {params.connected && <div role="status" className="notice success">Connected to Acumatica.</div>}
      {params.error && (
        <div role="alert" className="notice error">
          {params.error}
        </div>
      )}
      <section className="panel">
        <h2>Connection</h2>
        <ConnectionStatus connection={connection} details={connection?.status === "connected" ? [`Instance: ${settings.apiUrl}`, `Endpoint: ${settings.endpoint}`] : []} />
        <p>
          Redirect URI to register on your Acumatica Connected Application (OAuth 2.0 Authorization Code flow):{" "}
          <code data-testid="redirect-uri">{redirectUri}</code> <CopyButton value={redirectUri} />
        </p>
        <AcumaticaConnectionForm
          apiUrl={settings.apiUrl}
          endpoint={settings.endpoint}
          clientId={settings.clientId}
          secretSet={!!connection?.secretsSet.clientSecret}
          canEdit={canEdit}
        />
      </section>
      <section className="panel">
        <h2>Connect</h2>
        <AcumaticaConnectPanel connected={connection?.status === "connected"} canEdit={canEdit} saved={!!connection} />
      </section>
    </>
  );
}
