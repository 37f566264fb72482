import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import type { Provider } from "@/lib/db/schema";
import { connections, oauthTokens } from "@/lib/db/schema";
import { openJson } from "@/lib/crypto/secrets";
import { AppError } from "@/lib/errors";

/** A connection as the browser may see it: settings, and which secrets are set — never their values. */
export interface ConnectionView {
  id: string;
  provider: Provider;
  externalId: string;
  displayName: string;
  status: string;
  statusMessage: string | null;
  settings: Record<string, unknown>;
  secretsSet: Record<string, boolean>;
  connectedAt: Date | null;
  tokenExpiresAt: Date | null;
  refreshExpiresAt: Date | null;
}

export async function listConnections(db: DbOrTx, workspaceId: string, provider?: Provider): Promise<ConnectionView[]> {
  const rows = await db
    .select({ c: connections, t: { accessExpiresAt: oauthTokens.accessExpiresAt, refreshExpiresAt: oauthTokens.refreshExpiresAt } })
    .from(connections)
    .leftJoin(oauthTokens, eq(oauthTokens.id, connections.oauthTokenId))
    .where(and(eq(connections.workspaceId, workspaceId), provider ? eq(connections.provider, provider) : undefined))
    .orderBy(connections.createdAt);
  return rows.map(({ c, t }) => ({
    id: c.id,
    provider: c.provider,
    externalId: c.externalId,
    displayName: c.displayName,
    status: c.status,
    statusMessage: c.statusMessage,
    settings: c.settings,
    secretsSet: Object.fromEntries(Object.keys(openJson(c.secretsEnc)).map((k) => [k, true])),
    connectedAt: c.connectedAt,
    tokenExpiresAt: t?.accessExpiresAt ?? null,
    refreshExpiresAt: t?.refreshExpiresAt ?? null,
  }));
}

export async function getConnection(db: DbOrTx, workspaceId: string, provider: Provider, externalId = ""): Promise<ConnectionView | null> {
  const all = await listConnections(db, workspaceId, provider);
  return all.find((c) => c.externalId === externalId) ?? null;
}

/** The connection row with decrypted secrets, for server-side use only (clients, jobs). */
export async function getConnectionSecretsOrThrow(db: DbOrTx, workspaceId: string, connectionId: string) {
  const [row] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.workspaceId, workspaceId), eq(connections.id, connectionId)));
  if (!row) throw new AppError("not_found", "Connection not found");
  return { connection: row, secrets: openJson(row.secretsEnc) };
}
