import { NextResponse } from "next/server";
import { withBrowserContext } from "@/lib/api/handler";
import { completeTikTokConnect } from "@/lib/connections/tiktok-connect";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

// GET /api/connectors/tiktok-shop/callback — seller authorization redirect; back to the TikTok Shop connector screen.
export const GET = withBrowserContext(async (req, ctx) => {
  const back = new URL("/connectors/tiktok-shop", env().appUrl);
  try {
    const { shops } = await completeTikTokConnect(getDb(), ctx, new URL(req.url).searchParams);
    back.searchParams.set("connected", shops.join(", "));
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    back.searchParams.set("error", err.message);
  }
  return NextResponse.redirect(back, 303);
});
