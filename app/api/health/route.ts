import { sql } from "drizzle-orm";
import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { logger } from "@/lib/logger";

export const dynamic = "force-dynamic";

// GET /api/health — liveness and database reachability (no authentication, no details of the setup).
export async function GET() {
  const started = Date.now();
  try {
    await getDb().execute(sql`select 1`);
    return NextResponse.json({ status: "ok", database: { reachable: true, latencyMs: Date.now() - started } });
  } catch (err) {
    logger.warn("health: database unreachable", { err });
    return NextResponse.json({ status: "degraded", database: { reachable: false } }, { status: 503 });
  }
}
