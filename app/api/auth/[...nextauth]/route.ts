import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { isSameOriginRequest } from "@/lib/auth/same-origin";
import { env } from "@/lib/env";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// GET /api/auth/* — next-auth: CSRF token, session, providers.
export async function GET(req: Request, ctx: Ctx): Promise<Response> {
  return NextAuth(req as never, ctx as never, authOptions()) as Promise<Response>;
}

// POST /api/auth/* — next-auth: credentials sign-in, sign-out; only from this site's pages (besides next-auth's CSRF token).
export async function POST(req: Request, ctx: Ctx): Promise<Response> {
  if (!isSameOriginRequest(req.headers, new URL(env().appUrl).origin)) {
    return NextResponse.json({ error: { code: "forbidden", message: "Cross-site request refused." } }, { status: 403 });
  }
  return NextAuth(req as never, ctx as never, authOptions()) as Promise<Response>;
}
