import { NextResponse } from "next/server";
import { withApiContext } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { countOpenExceptions } from "@/lib/sync/exceptions/queries";

export const dynamic = "force-dynamic";

// GET /api/exceptions/count — the workspace's open exceptions, for the navigation badge.
export const GET = withApiContext(async (_req, ctx) => NextResponse.json({ open: await countOpenExceptions(getDb(), ctx.workspaceId) }));
