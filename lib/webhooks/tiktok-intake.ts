import { and, desc, eq, sql } from "drizzle-orm";
import type pg from "pg";
import type PgBoss from "pg-boss";
import { connections, webhookEvents } from "@/lib/db/schema";
import { withPgTransaction } from "@/lib/db/pg-transaction";
import type { WebhookEvent } from "@/lib/connectors/tiktok-shop/webhook";
import { parseWebhookEvent, verifyWebhookSignature, WebhookParseError } from "@/lib/connectors/tiktok-shop/webhook";
import { webhookTimestampProblem } from "./freshness";
import { enqueue } from "@/lib/jobs/enqueue";
import { processTikTokWebhook } from "@/lib/sync/jobs/tiktok-process-webhook";

export interface IntakeResult {
  eventId: string | null;
  duplicate: boolean;
}

/**
 * Records a verified webhook once and enqueues its processing in the same
 * transaction. A redelivery (same notification id) hits the unique index and
 * is acknowledged without new work. The shop id routes the event to the
 * workspace that connected the shop. `boss` must already be started (see enqueue).
 */
export async function recordTikTokWebhook(pool: pg.Pool, boss: PgBoss, event: WebhookEvent): Promise<IntakeResult> {
  return withPgTransaction(pool, async ({ db, sql: tx }) => {
    const [conn] = await db
      .select({ id: connections.id, workspaceId: connections.workspaceId })
      .from(connections)
      .where(and(eq(connections.provider, "tiktok_shop"), eq(connections.externalId, event.shopId)))
      // The connected workspace if there is one (at most one, by a unique index); else the latest that had the shop.
      .orderBy(sql`(${connections.status} = 'connected') desc`, desc(connections.updatedAt))
      .limit(1);
    const [row] = await db
      .insert(webhookEvents)
      .values({
        provider: "tiktok_shop",
        notificationId: event.notificationId,
        workspaceId: conn?.workspaceId ?? null,
        connectionId: conn?.id ?? null,
        topic: event.topic,
        shopId: event.shopId,
        payload: { type: event.type, shop_id: event.shopId, timestamp: event.timestamp, data: event.data },
      })
      .onConflictDoNothing({ target: [webhookEvents.provider, webhookEvents.notificationId] })
      .returning({ id: webhookEvents.id });
    if (!row) return { eventId: null, duplicate: true };
    if (conn) {
      await enqueue(boss, processTikTokWebhook, { eventId: row.id }, { tx });
    } else {
      await db.update(webhookEvents).set({ status: "ignored", statusMessage: "No workspace has this shop connected.", processedAt: sql`now()` }).where(eq(webhookEvents.id, row.id));
    }
    return { eventId: row.id, duplicate: false };
  });
}

export interface IntakeRequest {
  rawBody: Buffer;
  authorization: string | null;
}

export interface IntakeLimits {
  appKey: string;
  appSecret: string;
  maxAgeSec: number;
  maxSkewSec: number;
  nowMs?: number;
}

export type IntakeAnswer =
  | { status: 200; result: IntakeResult; event: WebhookEvent }
  | { status: 400 | 401; error: string };

/**
 * The whole intake of one delivery, in the order that keeps forgeries and
 * replays out of the database: signature on the raw bytes, then shape, then
 * the timestamp window, and only then the record (once per notification id).
 * `boss` must already be started (see enqueue).
 */
export async function intakeTikTokWebhook(pool: pg.Pool, boss: PgBoss, req: IntakeRequest, limits: IntakeLimits): Promise<IntakeAnswer> {
  if (!verifyWebhookSignature({ rawBody: req.rawBody, authorization: req.authorization, appKey: limits.appKey, appSecret: limits.appSecret })) {
    return { status: 401, error: "invalid signature" };
  }
  let event: WebhookEvent;
  try {
    event = parseWebhookEvent(req.rawBody);
  } catch (err) {
    if (err instanceof WebhookParseError) return { status: 400, error: err.message };
    throw err;
  }
  const stale = webhookTimestampProblem(event.timestamp, { nowMs: limits.nowMs, maxAgeSec: limits.maxAgeSec, maxSkewSec: limits.maxSkewSec });
  if (stale) return { status: 400, error: stale };
  return { status: 200, result: await recordTikTokWebhook(pool, boss, event), event };
}
