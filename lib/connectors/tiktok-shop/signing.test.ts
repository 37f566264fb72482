import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildSignBase, computeSignature, computeWebhookSignature } from "./signing";

/** A second, deliberately naive implementation to cross-check vectors against. */
function naiveSign(secret: string, path: string, query: Record<string, string>, body = ""): string {
  const keys = Object.keys(query)
    .filter((k) => k !== "sign" && k !== "access_token")
    .sort();
  const text = secret + path + keys.map((k) => k + query[k]).join("") + body + secret;
  return createHmac("sha256", secret).update(text).digest("hex");
}

const SECRET = "sandbox-tiktok-app-secret";

describe("computeSignature", () => {
  it("matches the official doc example (TV-1)", () => {
    const query = { app_key: "29a39d", timestamp: "1623812664" };
    expect(buildSignBase("/authorization/202309/shops", query)).toBe("/authorization/202309/shopsapp_key29a39dtimestamp1623812664");
    expect(computeSignature({ appSecret: "e59af819cc", path: "/authorization/202309/shops", query })).toBe("b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8");
  });

  it("signs decoded query values and the raw body (vector cross-checked with Python hmac)", () => {
    const query = new URLSearchParams();
    query.set("app_key", "6a1sandboxkey");
    query.set("timestamp", "1764000000");
    query.set("shop_cipher", "ROW_a2HwqQAAAACz9pQv+Ukx/Hq3aW5kbWVyY2h1aw==");
    query.set("page_size", "50");
    query.set("page_token", "+/+/abc=");
    query.set("sort_field", "update_time");
    // what goes on the wire is percent-encoded; the signature uses the decoded values
    const onWire = new URLSearchParams(query.toString());
    expect(onWire.get("page_token")).toBe("+/+/abc=");
    const body = '{"update_time_ge":1763990000,"order_status":"AWAITING_SHIPMENT"}';
    const expected = "7e0852e12874a24a82887307c50c980bf5649c0cf9e4c90a5bb986a086a13d10";
    expect(computeSignature({ appSecret: SECRET, path: "/order/202309/orders/search", query: onWire, body, contentType: "application/json" })).toBe(expected);
    expect(naiveSign(SECRET, "/order/202309/orders/search", Object.fromEntries(query), body)).toBe(expected);
  });

  it("gives different signatures for the same JSON object in two key orders", () => {
    const path = "/fulfillment/202309/orders/577391028846320113/packages";
    const query = { app_key: "6a1sandboxkey", timestamp: "1764000000", shop_cipher: "ROW_x" };
    const a = '{"tracking_number":"9400111899223344556677","shipping_provider_id":"6617675021119438849"}';
    const b = '{"shipping_provider_id":"6617675021119438849","tracking_number":"9400111899223344556677"}';
    expect(JSON.parse(a)).toEqual(JSON.parse(b));
    const sa = computeSignature({ appSecret: SECRET, path, query, body: a });
    const sb = computeSignature({ appSecret: SECRET, path, query, body: b });
    expect(sa).toBe("06abd81c0857584a1dd1c0d22ba465f3eb196a6809d56492a244802f863de487");
    expect(sb).toBe("4c989615f3a5c543af52edbcf2d7222195051e17af1a0c435798bf1e0e32c83f");
    expect(sa).not.toBe(sb);
    expect(naiveSign(SECRET, path, query, a)).toBe(sa);
    expect(naiveSign(SECRET, path, query, b)).toBe(sb);
  });

  it("leaves sign and access_token out and keeps comma-joined ids as one value", () => {
    const query = { app_key: "k", timestamp: "1700000000", ids: "577391028846320113,577391028846320114", access_token: "TTP_x", shop_cipher: "c", sign: "whatever" };
    const sig = computeSignature({ appSecret: "s3cr3t", path: "/order/202309/orders", query });
    expect(sig).toBe("4841f1663df5d0b433b740f808b4721c772f2d0335e3f63ea9c2ff825286e5ef");
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
  });

  it("signs bytes, not strings: a Buffer body equals the same UTF-8 string", () => {
    const body = '{"title":"Tasse – Grün"}';
    const q = { app_key: "k", timestamp: "1" };
    expect(computeSignature({ appSecret: "s", path: "/p", query: q, body: Buffer.from(body, "utf8") })).toBe(computeSignature({ appSecret: "s", path: "/p", query: q, body }));
    expect(computeSignature({ appSecret: "s", path: "/p", query: q, body })).toBe(naiveSign("s", "/p", q, body));
  });

  it("skips the body for multipart uploads (media type compared without parameters)", () => {
    const q = { app_key: "k", timestamp: "1" };
    const withoutBody = computeSignature({ appSecret: "s", path: "/product/202309/images/upload", query: q });
    expect(computeSignature({ appSecret: "s", path: "/product/202309/images/upload", query: q, body: "--xyz\r\n...", contentType: "multipart/form-data; boundary=xyz" })).toBe(withoutBody);
    expect(computeSignature({ appSecret: "s", path: "/product/202309/images/upload", query: q, body: "--xyz", contentType: "application/json" })).not.toBe(withoutBody);
  });

  it("sorts keys by code unit order", () => {
    expect(buildSignBase("/p", { b: "2", a: "1", B: "3", a_b: "4" })).toBe("/pB3a1a_b4b2");
  });
});

describe("computeWebhookSignature", () => {
  it("is hex HMAC-SHA256(app_secret, app_key + raw body) (vector from Python hmac)", () => {
    const body = '{"type":5,"tts_notification_id":"7327112393057371910","shop_id":"7494049642642441621","timestamp":1644412885,"data":{"product_id":1729592969712207013,"status":"PRODUCT_AUDIT_SUCCESS"}}';
    expect(computeWebhookSignature("6a1sandboxkey", SECRET, body)).toBe("82c50264c18242da401f733b144922f0edc1461ba133333bd89268579c50d392");
  });
});
