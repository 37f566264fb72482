import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Provider } from "./connections";
import { connections } from "./connections";
import { workspaces } from "./workspaces";

export const WEBHOOK_EVENT_STATUSES = ["queued", "processed", "ignored", "failed"] as const;
export type WebhookEventStatus = (typeof WEBHOOK_EVENT_STATUSES)[number];

/**
 * Every verified webhook delivery, once: the vendor's notification id is unique
 * per provider, so a redelivery finds the row and is acknowledged without new work.
 * `workspaceId` is null when no workspace has the shop connected (kept for support).
 */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    provider: text("provider").$type<Provider>().notNull(),
    notificationId: text("notification_id").notNull(),
    workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id").references(() => connections.id, { onDelete: "set null" }),
    topic: text("topic").notNull(),
    shopId: text("shop_id"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status").$type<WebhookEventStatus>().notNull().default("queued"),
    statusMessage: text("status_message"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("webhook_events_notification_idx").on(t.provider, t.notificationId),
    index("webhook_events_workspace_idx").on(t.workspaceId, t.receivedAt),
  ],
);
