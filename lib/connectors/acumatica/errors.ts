import { OutboundBlockedError } from "@/lib/net/guarded-fetch";
import { parseRetryAfter } from "@/lib/connectors/shared/retry";
import { httpErrorSchema } from "./api-types";
import { collectFieldErrors } from "./wrappers";

/** Why an Acumatica call failed, in terms the app can map to a troubleshooting step. */
export type AcumaticaErrorCode =
  | "invalid_client" // client id / secret wrong (Connected Applications)
  | "invalid_grant" // code or refresh token expired, used or rotated: reconnect
  | "redirect_uri_mismatch" // redirect URI not registered exactly
  | "access_denied" // the user pressed Deny on the consent page
  | "unauthorized" // no tokens, or the API rejected the token even after a refresh
  | "forbidden" // the user lacks rights to the form behind the entity
  | "instance_not_found" // the instance URL answers 404 like a wrong site path
  | "endpoint_not_found" // the endpoint (e.g. Pipe17/001) is not published on the instance
  | "not_found" // no record with those keys
  | "validation" // 422: see fieldErrors
  | "precondition_failed" // 412: If-Match / If-None-Match
  | "business" // the ERP refused the operation (PXException), e.g. cancel a shipped order
  | "bad_request" // 400 / unknown field names: a contract mismatch in our request
  | "conflict" // record locked by another process; retry after a re-read
  | "rate_limited" // 429: licence request queue full
  | "login_limit" // API Login Limit: all licensed API sessions in use
  | "redirect" // the instance answered with a redirect; credentials are never sent after one
  | "blocked_address" // the URL points at a private/reserved address the operator did not allow
  | "timeout"
  | "network"
  | "server";

export interface FieldError {
  /** Path of the field in the record, e.g. "CustomerID", "Details[1].InventoryID"; "" for the record itself. */
  path: string;
  message: string;
}

export class AcumaticaError extends Error {
  readonly code: AcumaticaErrorCode;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly fieldErrors: FieldError[];
  readonly retryAfterMs: number | undefined;

  constructor(init: { code: AcumaticaErrorCode; message: string; retryable?: boolean; status?: number; fieldErrors?: FieldError[]; retryAfterMs?: number; cause?: unknown }) {
    super(init.message, init.cause !== undefined ? { cause: init.cause } : undefined);
    this.name = "AcumaticaError";
    this.code = init.code;
    this.retryable = init.retryable ?? false;
    this.status = init.status;
    this.fieldErrors = init.fieldErrors ?? [];
    this.retryAfterMs = init.retryAfterMs;
  }
}

export const isAcumaticaError = (err: unknown): err is AcumaticaError => err instanceof AcumaticaError;

function describeFieldErrors(errors: Array<{ path: string; message: string }>): string {
  return errors
    .filter((e) => e.path)
    .map((e) => `${e.path}: ${e.message}`)
    .join("; ");
}

/** A redirect answer: reported, never followed (it would carry the client secret or the bearer token elsewhere). */
export function redirectError(status: number, location: string | null): AcumaticaError {
  return new AcumaticaError({
    code: "redirect",
    status,
    message: location ? `The API URL redirects to ${location}; enter the final URL.` : "The API URL answers with a redirect; enter the final URL.",
  });
}

/** The URL guard's refusal inside a transport error (fetch wraps connect-time failures in its own TypeError). */
export function blockedAddressError(err: unknown): AcumaticaError | null {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof OutboundBlockedError) return new AcumaticaError({ code: "blocked_address", message: e.message, cause: e });
  }
  return null;
}

/** Turns a non-2xx answer into the typed error. */
export function errorFromResponse(status: number, text: string, headers: Headers, context: { endpointPath: string }): AcumaticaError {
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const parsed = httpErrorSchema.safeParse(json);
  const info = parsed.success ? parsed.data : {};
  const detail = info.exceptionMessage ?? info.message ?? text.slice(0, 200);
  const retryAfterMs = parseRetryAfter(headers.get("retry-after"));
  if (/API Login Limit/i.test(text)) return new AcumaticaError({ code: "login_limit", status, retryable: true, message: "API Login Limit: every licensed API session is in use." });
  if (status >= 300 && status < 400) return redirectError(status, headers.get("location"));
  switch (status) {
    case 401:
      return new AcumaticaError({ code: "unauthorized", status, message: "Acumatica rejected the access token. Reconnect Acumatica if this persists." });
    case 403:
      return new AcumaticaError({ code: "forbidden", status, message: `The integration user lacks rights: ${detail}` });
    case 404: {
      if (json === undefined) return new AcumaticaError({ code: "instance_not_found", status, message: "Nothing answers at this instance URL (404). Check the URL and its site path." });
      if (/No HTTP resource was found/i.test(info.message ?? "") && context.endpointPath) {
        return new AcumaticaError({ code: "endpoint_not_found", status, message: `The endpoint ${context.endpointPath} is not published on this instance. Publish the customization project that provides it.` });
      }
      return new AcumaticaError({ code: "not_found", status, message: detail });
    }
    case 412:
      return new AcumaticaError({ code: "precondition_failed", status, message: detail || "Precondition failed." });
    case 422: {
      const fieldErrors = collectFieldErrors(json);
      const fields = describeFieldErrors(fieldErrors);
      const top = fieldErrors.find((e) => e.path === "")?.message ?? "Acumatica rejected the record.";
      return new AcumaticaError({ code: "validation", status, fieldErrors, message: fields ? `${top} ${fields}` : top });
    }
    case 429:
      return new AcumaticaError({ code: "rate_limited", status, retryable: true, retryAfterMs, message: "Acumatica declined the request: the licence's API request queue is full." });
    case 400:
      return new AcumaticaError({ code: "bad_request", status, message: detail });
  }
  if (status >= 500) {
    const type = info.exceptionType ?? "";
    if (/NoEntitySatisfiesTheCondition/.test(type)) return new AcumaticaError({ code: "not_found", status, message: "No record with these keys exists in Acumatica." });
    if (/Another process has updated/i.test(detail)) return new AcumaticaError({ code: "conflict", status, retryable: true, message: detail });
    if (/KeyNotFoundException/.test(type)) return new AcumaticaError({ code: "bad_request", status, message: `A field name is not in the endpoint's contract: ${detail}` });
    if (status === 500 && /^PX\./.test(type)) return new AcumaticaError({ code: "business", status, message: detail });
    return new AcumaticaError({ code: "server", status, retryable: true, retryAfterMs, message: `Acumatica answered ${status}: ${detail}` });
  }
  return new AcumaticaError({ code: "server", status, message: `Unexpected answer ${status}: ${detail}` });
}

