import { NextResponse } from "next/server";
import { withApiContext } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { listWebhookEvents } from "@/lib/webhooks/queries";

export const dynamic = "force-dynamic";

// GET /api/connectors/tiktok-shop/webhook-events — the workspace's latest TikTok Shop webhooks (polled by the connector screen).
export const GET = withApiContext(async (_req, ctx) => {
  return NextResponse.json({ events: await listWebhookEvents(getDb(), ctx.workspaceId, "tiktok_shop") });
});
