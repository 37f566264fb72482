import { describe, expect, it } from "vitest";
import { normalizeCancellationStatus, normalizeOrderStatus, normalizeReturnStatus } from "./statuses";

describe("status normalisation", () => {
  it("maps the webhook's CANCEL and the API's CANCELLED to one order status", () => {
    expect(normalizeOrderStatus("CANCEL")).toBe("CANCELLED");
    expect(normalizeOrderStatus("CANCELLED")).toBe("CANCELLED");
    expect(normalizeOrderStatus("awaiting_shipment")).toBe("AWAITING_SHIPMENT");
    expect(normalizeOrderStatus(140)).toBe("CANCELLED");
    expect(normalizeOrderStatus("111")).toBe("AWAITING_SHIPMENT");
    expect(normalizeOrderStatus("SHIPPED_TO_MARS")).toBeNull();
  });

  it("maps _CANCEL and _CANCELLED cancellation statuses together", () => {
    expect(normalizeCancellationStatus("CANCELLATION_REQUEST_CANCEL")).toBe("CANCELLATION_REQUEST_CANCELLED");
    expect(normalizeCancellationStatus("CANCELLATION_REQUEST_CANCELLED")).toBe("CANCELLATION_REQUEST_CANCELLED");
    expect(normalizeCancellationStatus("CANCELLATION_REQUEST_COMPLETE")).toBe("CANCELLATION_REQUEST_COMPLETE");
    expect(normalizeCancellationStatus("NOPE")).toBeNull();
  });

  it("maps return status spellings, including the doc's double underscore", () => {
    expect(normalizeReturnStatus("RETURN_OR_REFUND_REQUEST_CANCEL")).toBe("RETURN_OR_REFUND_REQUEST_CANCELLED");
    expect(normalizeReturnStatus("RETURN_OR_REFUND__REQUEST_CANCELLED")).toBe("RETURN_OR_REFUND_REQUEST_CANCELLED");
    expect(normalizeReturnStatus("REPLACEMENT_REQUEST_CANCEL")).toBe("REPLACEMENT_REQUEST_CANCELLED");
    expect(normalizeReturnStatus("AWAITING_BUYER_SHIP")).toBe("AWAITING_BUYER_SHIP");
  });
});
