import { NextResponse } from "next/server";
import { withBrowserContext } from "@/lib/api/handler";
import type { FlashCode } from "@/lib/connections/flash";
import { connectFailureCode, FLASH_COOKIE, flashCookieOptions } from "@/lib/connections/flash";
import { completeTikTokConnect } from "@/lib/connections/tiktok-connect";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

export const dynamic = "force-dynamic";

// GET /api/connectors/tiktok-shop/callback — seller authorization redirect; back to the TikTok Shop screen with a flash code.
export const GET = withBrowserContext(async (req, ctx) => {
  let code: FlashCode = "tiktok.connected";
  try {
    await completeTikTokConnect(getDb(), ctx, new URL(req.url).searchParams);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    code = connectFailureCode("tiktok", err);
    logger.info("tiktok connect did not finish", { code, reason: err.reason, message: err.message });
  }
  const res = NextResponse.redirect(new URL("/connectors/tiktok-shop", env().appUrl), 303);
  res.cookies.set(FLASH_COOKIE, code, flashCookieOptions(env().appUrl));
  return res;
});
