import { NextResponse } from "next/server";
import { z } from "zod";
import { withApiContext } from "@/lib/api/handler";
import { listShopProviders } from "@/lib/connections/tiktok-providers";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

// GET /api/connectors/tiktok-shop/providers?connectionId= — a shop's TikTok shipping providers (live), for the carrier mapping.
export const GET = withApiContext(async (req, ctx) => {
  const connectionId = z.string().uuid().parse(new URL(req.url).searchParams.get("connectionId"));
  return NextResponse.json(await listShopProviders(getDb(), ctx.workspaceId, connectionId));
});
