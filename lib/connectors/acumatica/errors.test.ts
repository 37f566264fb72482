import { describe, expect, it } from "vitest";
import { errorFromResponse } from "./errors";

const map = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  errorFromResponse(status, typeof body === "string" ? body : JSON.stringify(body), new Headers(headers), { endpointPath: "Pipe17/001" });
const httpError = (exceptionType: string, exceptionMessage: string) => ({ message: "An error has occurred.", exceptionType, exceptionMessage });

describe("errorFromResponse", () => {
  it("classifies by status and body, marking only transient failures retryable", () => {
    const cases: Array<[number, unknown, string, boolean]> = [
      [401, { message: "You are not logged in." }, "unauthorized", false],
      [404, "<html>The resource cannot be found.</html>", "instance_not_found", false],
      [404, { message: "No HTTP resource was found that matches the request URI '/x'." }, "endpoint_not_found", false],
      [412, httpError("PX.Api.ContractBased.PreconditionFailedException", "The record already exists."), "precondition_failed", false],
      [429, "The custom error module does not recognize this error.", "rate_limited", true],
      [429, httpError("PX.Data.PXException", "API Login Limit"), "login_limit", true],
      [500, httpError("PX.Api.ContractBased.NoEntitySatisfiesTheConditionException", "No entity satisfies the condition."), "not_found", false],
      [500, httpError("System.Collections.Generic.KeyNotFoundException", "The given key 'X' was not present in the dictionary."), "bad_request", false],
      [500, httpError("PX.Data.PXException", "The order cannot be canceled."), "business", false],
      [500, httpError("PX.Data.PXLockViolationException", "Another process has updated the 'SOOrder' record. Your changes will be lost."), "conflict", true],
      [500, httpError("System.Data.SqlClient.SqlException", "Execution Timeout Expired."), "server", true],
      [503, "<h1>Service Unavailable</h1>", "server", true],
    ];
    for (const [status, body, code, retryable] of cases) {
      const err = map(status, body);
      expect([status, err.code, err.retryable]).toEqual([status, code, retryable]);
    }
  });

  it("turns a 422 echo into one validation error listing every failing field", () => {
    const err = map(422, {
      error: "Inserting 'Sales Order' record raised at least one error. Please review the errors.",
      CustomerID: { value: "NOPE01", error: "'Customer' cannot be found in the system." },
      Details: [{ InventoryID: { value: "BAD", error: "'Inventory ID' cannot be found in the system." } }],
    });
    expect(err.code).toBe("validation");
    expect(err.fieldErrors.map((f) => f.path)).toEqual(["", "CustomerID", "Details[0].InventoryID"]);
    expect(err.message).toBe(
      "Inserting 'Sales Order' record raised at least one error. Please review the errors. CustomerID: 'Customer' cannot be found in the system.; Details[0].InventoryID: 'Inventory ID' cannot be found in the system.",
    );
  });

  it("carries Retry-After when the server sends one", () => {
    expect(map(429, "busy", { "Retry-After": "2" }).retryAfterMs).toBe(2000);
  });
});
