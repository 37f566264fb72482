import { NextResponse } from "next/server";
import { z } from "zod";
import { withApiContext } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getOrderActivity } from "@/lib/orders/queries";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string().uuid() });

// GET /api/orders/:id/activity — the order's timeline and whether a push is pending (polled by the order page).
export const GET = withApiContext<{ id: string }>(async (_req, ctx, raw) => {
  const parsed = params.safeParse(raw);
  const activity = parsed.success ? await getOrderActivity(getDb(), ctx.workspaceId, parsed.data.id) : null;
  if (!activity) throw new AppError("not_found", "That order is not in this workspace.");
  return NextResponse.json(activity);
});
