import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users, workspaces } from "./workspaces";

/**
 * Sync state is data: bindings (hub record ↔ outside record, with the claim
 * that makes a create happen once), cursors (one checkpoint per stream),
 * runs (what a flow did), exceptions (what needs a person, and its fix).
 */
export const BINDING_STATES = ["pending", "creating", "unknown", "failed", "created"] as const;
export type BindingState = (typeof BINDING_STATES)[number];

export const syncBindings = pgTable(
  "sync_bindings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** "order" or "refund". */
    entityType: text("entity_type").notNull(),
    entityId: uuid("entity_id").notNull(),
    /** "acumatica". */
    target: text("target").notNull(),
    /**
     * pending: nothing sent. creating: a worker holds the claim and may be sending now.
     * unknown: a create was sent and its answer lost (it may exist). failed: refused, surely not created.
     * created: the outside record exists (externalType + externalId).
     */
    state: text("state").$type<BindingState>().notNull().default("pending"),
    claimId: uuid("claim_id"),
    claimExpiresAt: timestamp("claim_expires_at", { withTimezone: true }),
    /** When the last create request was sent: a lost answer is settled only after the server's processing window. */
    lastSentAt: timestamp("last_sent_at", { withTimezone: true }),
    /** The idempotency key sent with the create (ExternalRef). */
    externalRef: text("external_ref").notNull(),
    externalType: text("external_type"),
    externalId: text("external_id"),
    payloadHash: text("payload_hash"),
    /** When the outside record was canceled there (a cancellation that followed the channel's). */
    externalCanceledAt: timestamp("external_canceled_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("sync_bindings_entity_idx").on(t.workspaceId, t.entityType, t.entityId, t.target),
    index("sync_bindings_state_idx").on(t.workspaceId, t.target, t.state),
    // Search by an Acumatica document number.
    index("sync_bindings_external_idx").on(t.workspaceId, t.target, t.externalId),
  ],
);

export const syncCursors = pgTable(
  "sync_cursors",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    stream: text("stream").notNull(),
    position: text("position").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.stream] })],
);

export const syncRuns = pgTable(
  "sync_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    flow: text("flow").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    counts: jsonb("counts").$type<Record<string, number>>().notNull().default({}),
    error: text("error"),
  },
  (t) => [index("sync_runs_workspace_idx").on(t.workspaceId, t.flow, t.startedAt.desc().nullsFirst())],
);

export const EXCEPTION_STATUSES = ["open", "closed", "dismissed"] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];

/** A failure a person must fix: one open row per (record, cause, subject); closes itself when the cause is gone. */
export const syncExceptions = pgTable(
  "sync_exceptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** "order", "refund" or "connection". */
    entityType: text("entity_type").notNull(),
    entityId: uuid("entity_id").notNull(),
    /** The order it concerns (for order and refund exceptions), for the order page and filters. */
    orderId: uuid("order_id"),
    cause: text("cause").notNull(),
    /** What within the cause: a SKU, a shipping option id, a field; '' when the cause is whole. */
    subject: text("subject").notNull().default(""),
    message: text("message").notNull(),
    fixPath: text("fix_path").notNull(),
    fixLabel: text("fix_label").notNull(),
    /** The outside system's answer (Acumatica/TikTok body or field errors), for support. */
    raw: jsonb("raw").$type<Record<string, unknown>>(),
    status: text("status").$type<ExceptionStatus>().notNull().default("open"),
    occurrences: integer("occurrences").notNull().default(1),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** How it closed: "fixed: pushed as SO SO000123", "dismissed: reason", "superseded: …". */
    resolution: text("resolution"),
    closedBy: uuid("closed_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("sync_exceptions_open_idx")
      .on(t.workspaceId, t.entityType, t.entityId, t.cause, t.subject)
      .where(sql`${t.status} = 'open'`),
    index("sync_exceptions_list_idx").on(t.workspaceId, t.status, t.cause, t.lastSeenAt.desc().nullsFirst()),
    index("sync_exceptions_order_idx").on(t.orderId),
  ],
);
