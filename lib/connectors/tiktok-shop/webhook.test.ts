import { describe, expect, it } from "vitest";
import { computeWebhookSignature } from "./signing";
import { parseWebhookEvent, verifyWebhookSignature } from "./webhook";

const appKey = "6a1sandboxkey";
const appSecret = "sandbox-tiktok-app-secret";

describe("verifyWebhookSignature", () => {
  const body = '{"type":1,"tts_notification_id":"7327112393057371910","shop_id":"7494049642642441621","timestamp":1644412885,"data":{"order_id":"577391028846320113","order_status":"CANCEL","update_time":1644412885}}';
  const sig = computeWebhookSignature(appKey, appSecret, body);

  it("accepts the right signature over the raw bytes (string or Buffer)", () => {
    expect(verifyWebhookSignature({ rawBody: body, authorization: sig, appKey, appSecret })).toBe(true);
    expect(verifyWebhookSignature({ rawBody: Buffer.from(body), authorization: sig.toUpperCase(), appKey, appSecret })).toBe(true);
  });

  it("rejects a missing, malformed or foreign signature and a re-serialised body", () => {
    expect(verifyWebhookSignature({ rawBody: body, authorization: null, appKey, appSecret })).toBe(false);
    expect(verifyWebhookSignature({ rawBody: body, authorization: "Bearer " + sig, appKey, appSecret })).toBe(false);
    expect(verifyWebhookSignature({ rawBody: body, authorization: sig, appKey, appSecret: "other" })).toBe(false);
    expect(verifyWebhookSignature({ rawBody: JSON.stringify(JSON.parse(body), null, 1), authorization: sig, appKey, appSecret })).toBe(false);
  });
});

describe("parseWebhookEvent", () => {
  it("normalises CANCEL and keeps string ids", () => {
    const e = parseWebhookEvent('{"type":1,"tts_notification_id":"7327112393057371910","shop_id":"7494049642642441621","timestamp":1644412885,"data":{"order_id":"577391028846320113","order_status":"CANCEL","is_on_hold_order":false,"update_time":1644412885}}');
    expect(e.kind).toBe("order_status");
    if (e.kind !== "order_status") return;
    expect(e).toMatchObject({ topic: "ORDER_STATUS_CHANGE", notificationId: "7327112393057371910", shopId: "7494049642642441621", orderId: "577391028846320113", orderStatus: "CANCELLED", updateTime: 1644412885 });
  });

  it("keeps every digit of numeric ids", () => {
    const e = parseWebhookEvent('{"type":5,"tts_notification_id":7327112393057371911,"shop_id":7494049642642441621,"timestamp":1644412885,"data":{"product_id":1729592969712207013,"status":"PRODUCT_AUDIT_SUCCESS"}}');
    expect(e.kind).toBe("product_status");
    if (e.kind !== "product_status") return;
    expect(e.productId).toBe("1729592969712207013");
    expect(e.shopId).toBe("7494049642642441621");
    expect(e.notificationId).toBe("7327112393057371911");
  });

  it("derives a stable notification id from the body when tts_notification_id is absent", () => {
    const body = '{"type":11,"shop_id":"7494049642642441621","timestamp":1644412885,"data":{"order_id":"577391028846320113","cancel_id":"580000000000000001","cancel_status":"CANCELLATION_REQUEST_CANCELLED","cancellations_role":"BUYER"}}';
    const a = parseWebhookEvent(body);
    const b = parseWebhookEvent(Buffer.from(body));
    expect(a.notificationId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(a.notificationId).toBe(b.notificationId);
    expect(a.kind === "cancellation_status" && a.cancelStatus).toBe("CANCELLATION_REQUEST_CANCELLED");
  });

  it("parses return, deauthorization and expiry topics", () => {
    const r = parseWebhookEvent('{"type":12,"tts_notification_id":"1","shop_id":"2","timestamp":3,"data":{"order_id":"4","return_id":"5","return_status":"RETURN_OR_REFUND_REQUEST_CANCEL","return_type":"REFUND","return_role":"BUYER"}}');
    expect(r.kind === "return_status" && r.returnStatus).toBe("RETURN_OR_REFUND_REQUEST_CANCELLED");
    const d = parseWebhookEvent('{"type":6,"tts_notification_id":"1","shop_id":"2","timestamp":3,"data":{"message":"bye"}}');
    expect(d.kind).toBe("deauthorization");
    const x = parseWebhookEvent('{"type":7,"tts_notification_id":"1","shop_id":"2","timestamp":3,"data":{"message":"soon","expiration_time":"1767225600"}}');
    expect(x.kind === "authorization_expiring" && x.expiresAt).toBe(1767225600);
  });

  it("rejects non-JSON and envelopes without shop_id", () => {
    expect(() => parseWebhookEvent("nope")).toThrow(/not JSON/);
    expect(() => parseWebhookEvent('{"type":1,"timestamp":1,"data":{}}')).toThrow(/envelope/);
  });
});
