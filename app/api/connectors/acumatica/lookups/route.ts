import { NextResponse } from "next/server";
import { withApiContext } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { getAcumaticaLookups } from "@/lib/order-settings/lookups";

export const dynamic = "force-dynamic";

// GET /api/connectors/acumatica/lookups — the connected instance's ship vias and payment methods, for the mapping pickers.
export const GET = withApiContext(async (_req, ctx) => NextResponse.json(await getAcumaticaLookups(getDb(), ctx.workspaceId)));
