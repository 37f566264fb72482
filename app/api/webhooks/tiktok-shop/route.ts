import { NextResponse } from "next/server";
import { readBodyLimited } from "@/lib/api/read-body";
import { getPool } from "@/lib/db/client";
import { getBoss } from "@/lib/jobs/boss";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { intakeTikTokWebhook } from "@/lib/webhooks/tiktok-intake";

export const dynamic = "force-dynamic";

/** Larger bodies are refused before they are read whole. */
export const MAX_WEBHOOK_BYTES = 256 * 1024;

// POST /api/webhooks/tiktok-shop — TikTok Shop Event API: verify, refuse replays, record once, enqueue, answer 200 with an empty body.
export async function POST(req: Request) {
  const raw = await readBodyLimited(req, MAX_WEBHOOK_BYTES);
  if (!raw) return NextResponse.json({ error: "payload too large" }, { status: 413 });
  const e = env();
  // pg-boss is started before the intake transaction opens (see lib/jobs/enqueue.ts).
  const answer = await intakeTikTokWebhook(
    getPool(),
    await getBoss(),
    { rawBody: raw, authorization: req.headers.get("authorization") },
    { appKey: e.tiktok.appKey, appSecret: e.tiktok.appSecret, maxAgeSec: e.WEBHOOK_MAX_AGE_SECONDS, maxSkewSec: e.WEBHOOK_MAX_SKEW_SECONDS },
  );
  if (answer.status !== 200) {
    logger.warn("tiktok webhook refused", { status: answer.status, reason: answer.error });
    return NextResponse.json({ error: answer.error }, { status: answer.status });
  }
  logger.info("tiktok webhook", { topic: answer.event.topic, shopId: answer.event.shopId, duplicate: answer.result.duplicate });
  // TikTok expects 200 with an empty body within 3 s.
  return new Response(null, { status: 200 });
}
