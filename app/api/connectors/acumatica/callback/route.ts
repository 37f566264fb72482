import { NextResponse } from "next/server";
import { withBrowserContext } from "@/lib/api/handler";
import { completeAcumaticaConnect } from "@/lib/connections/acumatica-connect";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

// GET /api/connectors/acumatica/callback — OAuth redirect from the Acumatica instance; back to the Connection screen.
export const GET = withBrowserContext(async (req, ctx) => {
  const back = new URL("/connectors/acumatica", env().appUrl);
  try {
    await completeAcumaticaConnect(getDb(), ctx, new URL(req.url).searchParams);
    back.searchParams.set("connected", "1");
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    back.searchParams.set("error", err.message);
  }
  return NextResponse.redirect(back, 303);
});
