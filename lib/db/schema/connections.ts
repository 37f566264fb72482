import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users, workspaces } from "./workspaces";

export const PROVIDERS = ["acumatica", "tiktok_shop"] as const;
export type Provider = (typeof PROVIDERS)[number];

export const CONNECTION_STATUSES = ["not_connected", "connected", "error", "deauthorized"] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/**
 * One connection to an outside system: the Acumatica instance of a workspace, or
 * one authorised TikTok Shop shop. `settings` holds plain configuration (URLs,
 * toggles, mappings); `secretsEnc` holds AES-256-GCM ciphertext of the secrets
 * (client secret…), never plain text.
 */
export const connections = pgTable(
  "connections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    provider: text("provider").$type<Provider>().notNull(),
    /** The outside account's id (TikTok shop id); '' for the single Acumatica instance. */
    externalId: text("external_id").notNull().default(""),
    displayName: text("display_name").notNull().default(""),
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    secretsEnc: text("secrets_enc"),
    oauthTokenId: uuid("oauth_token_id").references(() => oauthTokens.id, { onDelete: "set null" }),
    status: text("status").$type<ConnectionStatus>().notNull().default("not_connected"),
    statusMessage: text("status_message"),
    connectedAt: timestamp("connected_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("connections_workspace_provider_external_idx").on(t.workspaceId, t.provider, t.externalId),
    // A TikTok shop is connected to at most one workspace at a time: its webhooks must route to exactly one.
    uniqueIndex("connections_connected_shop_idx")
      .on(t.provider, t.externalId)
      .where(sql`${t.provider} = 'tiktok_shop' and ${t.status} = 'connected'`),
    check("connections_provider_check", sql`${t.provider} in ('acumatica', 'tiktok_shop')`),
  ],
);

/**
 * One OAuth token chain (access + rotating refresh token), encrypted. An
 * Acumatica connection has its own; all TikTok shops of one seller
 * authorisation share one, since TikTok issues a single token per seller and
 * rotates its refresh token: two copies of the chain would kill each other.
 * `version` increments on every rotation.
 */
export const oauthTokens = pgTable(
  "oauth_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    provider: text("provider").$type<Provider>().notNull(),
    /** Who granted it at the vendor (TikTok open_id; Acumatica instance URL + client id). */
    subject: text("subject").notNull(),
    accessTokenEnc: text("access_token_enc").notNull(),
    refreshTokenEnc: text("refresh_token_enc"),
    accessExpiresAt: timestamp("access_expires_at", { withTimezone: true }).notNull(),
    refreshExpiresAt: timestamp("refresh_expires_at", { withTimezone: true }),
    scope: text("scope"),
    extra: jsonb("extra").$type<Record<string, string | number | boolean | null>>().notNull().default({}),
    version: integer("version").notNull().default(1),
    /** Who is refreshing the chain right now, and until when (a lease, so no transaction is held across the vendor call). */
    refreshLeaseId: uuid("refresh_lease_id"),
    refreshLeaseUntil: timestamp("refresh_lease_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("oauth_tokens_subject_idx").on(t.workspaceId, t.provider, t.subject)],
);

/** A pending OAuth authorisation: the state we sent and the PKCE verifier to finish it. */
export const oauthStates = pgTable(
  "oauth_states",
  {
    state: text("state").primaryKey(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    provider: text("provider").$type<Provider>().notNull(),
    connectionId: uuid("connection_id").references(() => connections.id, { onDelete: "cascade" }),
    codeVerifierEnc: text("code_verifier_enc"),
    redirectUri: text("redirect_uri").notNull(),
    /** Keyed hash of the settings the attempt was started with; a Connect finishes only if they are unchanged. */
    fingerprint: text("fingerprint"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("oauth_states_expires_idx").on(t.expiresAt)],
);
