/**
 * Error codes shared by server actions, route handlers and jobs. Messages are
 * written for a merchant: what went wrong and where to fix it.
 */
export const ERROR_CODES = [
  "unauthenticated",
  "forbidden",
  "not_found",
  "validation",
  "conflict",
  "rate_limited",
  "connector_error",
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
    /** Where a merchant fixes it, e.g. "Connectors → Acumatica → Connection". */
    readonly fixAt?: string,
    /** A machine-readable cause within the code (e.g. "denied"), for callers that map it to a fixed message. */
    readonly reason?: string,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  validation: 400,
  conflict: 409,
  rate_limited: 429,
  connector_error: 502,
  internal: 500,
};

export interface ActionError {
  code: ErrorCode;
  message: string;
  fieldErrors?: FieldErrors;
  fixAt?: string;
}

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };
