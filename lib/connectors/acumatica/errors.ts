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
