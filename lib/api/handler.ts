import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { getRequestContext } from "@/lib/auth/context";
import { isSameOriginRequest } from "@/lib/auth/same-origin";
import { env } from "@/lib/env";
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

/** Runs `handler` with the request's context; `withoutSession` answers when there is none. AppErrors map to their status. */
function withContext<P>(handler: Handler<P>, withoutSession: (req: Request) => Response) {
  return async (req: Request, route: { params: Promise<P> }): Promise<Response> => {
    try {
      // State-changing calls only from this site's pages (GETs change nothing; OAuth callbacks are GETs with a state).
      if (!["GET", "HEAD", "OPTIONS"].includes(req.method) && !isSameOriginRequest(req.headers, new URL(env().appUrl).origin)) {
        return errorResponse(new AppError("forbidden", "Cross-site request refused."));
      }
      const ctx = await getRequestContext();
      if (!ctx) return withoutSession(req);
      return await handler(req, ctx, await route.params);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** Authenticated route handler for non-form callers (react-query GETs): 401 without a session. */
export function withApiContext<P = Record<string, string>>(handler: Handler<P>) {
  return withContext(handler, () => errorResponse(new AppError("unauthenticated", "Sign in first.")));
}

/**
 * Route handler a browser lands on (OAuth callbacks): without a session it
 * sends the person to sign in and back to the same URL, so an authorization
 * that outlived the session is not lost.
 */
export function withBrowserContext<P = Record<string, string>>(handler: Handler<P>) {
  return withContext(handler, (req) => {
    const url = new URL(req.url);
    const signIn = new URL("/sign-in", env().appUrl);
    signIn.searchParams.set("callbackUrl", `${url.pathname}${url.search}`);
    return NextResponse.redirect(signIn, 307);
  });
}
