import { NextResponse } from "next/server";
import { withApiContext } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { getCatalogSyncStatus } from "@/lib/products/queries";

export const dynamic = "force-dynamic";

// GET /api/products/catalog-sync — the catalog pull toggle, the last pull and the latest resync with its counts (polled while a resync runs).
export const GET = withApiContext(async (_req, ctx) => NextResponse.json(await getCatalogSyncStatus(getDb(), ctx.workspaceId)));
