import type { z } from "zod";
import { getRequestContext } from "@/lib/auth/context";
import type { RequestContext } from "@/lib/auth/context-types";
import type { Permission } from "@/lib/auth/permissions";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import type { Db } from "@/lib/db/client";
import type { ActionResult, FieldErrors } from "@/lib/errors";
import { AppError } from "@/lib/errors";

/**
 * The one path every server action takes: authenticate → resolve workspace and
 * role → check permission → zod-parse → run → map errors. Expected failures come
 * back as `{ ok: false, error }`; anything else is a bug and is thrown.
 */
export function defineAction<S extends z.ZodType, T>(
  opts: { schema: S; permission?: Permission },
  run: (db: Db, ctx: RequestContext, input: z.output<S>) => Promise<T>,
) {
  return async (raw: unknown): Promise<ActionResult<T>> => {
    const ctx = await getRequestContext();
    if (!ctx) return { ok: false, error: { code: "unauthenticated", message: "Your session has ended. Sign in again." } };
    if (opts.permission && !can(ctx, opts.permission)) {
      return { ok: false, error: { code: "forbidden", message: "Your role can view this workspace but not change it. Ask an owner or admin." } };
    }
    const parsed = opts.schema.safeParse(raw);
    if (!parsed.success) {
      const fieldErrors: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path.join(".") || "_form";
        (fieldErrors[key] ??= []).push(issue.message);
      }
      return { ok: false, error: { code: "validation", message: "Some fields need attention.", fieldErrors } };
    }
    try {
      return { ok: true, data: await run(getDb(), ctx, parsed.data) };
    } catch (err) {
      if (err instanceof AppError) {
        return { ok: false, error: { code: err.code, message: err.message, fieldErrors: err.fieldErrors, fixAt: err.fixAt } };
      }
      throw err;
    }
  };
}
