import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import type { Provider } from "@/lib/db/schema";
import { webhookEvents } from "@/lib/db/schema";

/** The latest webhook deliveries of a workspace, newest first (for the connector screen). */
export async function listWebhookEvents(db: DbOrTx, workspaceId: string, provider: Provider, limit = 20) {
  return db
    .select({
      id: webhookEvents.id,
      topic: webhookEvents.topic,
      shopId: webhookEvents.shopId,
      status: webhookEvents.status,
      statusMessage: webhookEvents.statusMessage,
      notificationId: webhookEvents.notificationId,
      receivedAt: webhookEvents.receivedAt,
    })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.workspaceId, workspaceId), eq(webhookEvents.provider, provider)))
    .orderBy(desc(webhookEvents.receivedAt))
    .limit(limit);
}
