import { NextResponse } from "next/server";
import { withApiContext } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { getInventorySyncStatus } from "@/lib/inventory/queries";

export const dynamic = "force-dynamic";

// GET /api/inventory/sync-status — the inventory direction and the latest Force inventory resync with its counts (polled while it runs).
export const GET = withApiContext(async (_req, ctx) => NextResponse.json(await getInventorySyncStatus(getDb(), ctx.workspaceId)));
