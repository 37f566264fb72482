import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { requireApiContext } from "@/lib/auth/context";
import type { RequestContext } from "@/lib/auth/context-types";
import { AppError, HTTP_STATUS } from "@/lib/errors";
import { logger } from "@/lib/logger";

export function errorResponse(err: unknown): NextResponse {
  if (err instanceof AppError) {
    return NextResponse.json(
      { error: { code: err.code, message: err.message, fieldErrors: err.fieldErrors, fixAt: err.fixAt } },
      { status: HTTP_STATUS[err.code] },
    );
  }
  if (err instanceof ZodError) {
    return NextResponse.json({ error: { code: "validation", message: "Invalid request", fieldErrors: err.flatten().fieldErrors } }, { status: 400 });
  }
  logger.error("route handler failed", { err });
  return NextResponse.json({ error: { code: "internal", message: "Something went wrong on our side." } }, { status: 500 });
}

type Handler<P> = (req: Request, ctx: RequestContext, params: P) => Promise<Response>;

/** Authenticated route handler: 401 without a session, AppErrors mapped to their status. */
export function withApiContext<P = Record<string, string>>(handler: Handler<P>) {
  return async (req: Request, route: { params: Promise<P> }): Promise<Response> => {
    try {
      const ctx = await requireApiContext();
      return await handler(req, ctx, await route.params);
    } catch (err) {
      return errorResponse(err);
    }
  };
}
