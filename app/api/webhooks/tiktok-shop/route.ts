import { NextResponse } from "next/server";
import { readBodyLimited } from "@/lib/api/read-body";
import { getPool } from "@/lib/db/client";
import { getBoss } from "@/lib/jobs/boss";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { parseWebhookEvent, verifyWebhookSignature, WebhookParseError } from "@/lib/connectors/tiktok-shop/webhook";
import { recordTikTokWebhook } from "@/lib/webhooks/tiktok-intake";

export const dynamic = "force-dynamic";

/** Larger bodies are refused before they are read whole. */
export const MAX_WEBHOOK_BYTES = 256 * 1024;

// POST /api/webhooks/tiktok-shop — TikTok Shop Event API: verify signature on the raw body, record once, enqueue, answer 200.
export async function POST(req: Request) {
  const raw = await readBodyLimited(req, MAX_WEBHOOK_BYTES);
  if (!raw) return NextResponse.json({ error: "payload too large" }, { status: 413 });

  const { appKey, appSecret } = env().tiktok;
  if (!verifyWebhookSignature({ rawBody: raw, authorization: req.headers.get("authorization"), appKey, appSecret })) {
    return NextResponse.json({ error: "invalid signature" }, { status: 401 });
  }
  let event;
  try {
    event = parseWebhookEvent(raw);
  } catch (err) {
    if (err instanceof WebhookParseError) return NextResponse.json({ error: err.message }, { status: 400 });
    throw err;
  }
  // pg-boss is started before the intake transaction opens (see lib/jobs/enqueue.ts).
  const result = await recordTikTokWebhook(getPool(), await getBoss(), event);
  logger.info("tiktok webhook", { topic: event.topic, shopId: event.shopId, duplicate: result.duplicate });
  return NextResponse.json({ code: 0, message: "success" });
}
