import { NextResponse } from "next/server";
import { withBrowserContext } from "@/lib/api/handler";
import { completeAcumaticaConnect } from "@/lib/connections/acumatica-connect";
import type { FlashCode } from "@/lib/connections/flash";
import { connectFailureCode, FLASH_COOKIE, flashCookieOptions } from "@/lib/connections/flash";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

export const dynamic = "force-dynamic";

// GET /api/connectors/acumatica/callback — OAuth redirect from the Acumatica instance; back to the Connection screen with a flash code.
export const GET = withBrowserContext(async (req, ctx) => {
  let code: FlashCode = "acumatica.connected";
  try {
    await completeAcumaticaConnect(getDb(), ctx, new URL(req.url).searchParams);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    code = connectFailureCode("acumatica", err);
    logger.info("acumatica connect did not finish", { code, reason: err.reason, message: err.message });
  }
  const res = NextResponse.redirect(new URL("/connectors/acumatica", env().appUrl), 303);
  res.cookies.set(FLASH_COOKIE, code, flashCookieOptions(env().appUrl));
  return res;
});
