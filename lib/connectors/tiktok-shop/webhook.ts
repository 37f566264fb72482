import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { idSchema } from "./api-types";
import { parseJsonKeepingIds } from "./json-ids";
import { computeWebhookSignature } from "./signing";
import type { CancellationStatus, OrderStatus, ReturnStatus } from "./statuses";
import { normalizeCancellationStatus, normalizeOrderStatus, normalizeReturnStatus } from "./statuses";

/**
 * Incoming TikTok Shop webhooks. Verify on the raw bytes first (before any
 * JSON parsing), answer 200 with an empty body within 3 s, process later.
 *
 * Signature: `Authorization: hex(HMAC-SHA256(app_secret, app_key + raw body))`.
 */
export function verifyWebhookSignature(input: { rawBody: string | Buffer; authorization: string | null; appKey: string; appSecret: string }): boolean {
  if (!input.authorization) return false;
  const given = input.authorization.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = computeWebhookSignature(input.appKey, input.appSecret, input.rawBody);
  return timingSafeEqual(Buffer.from(given, "utf8"), Buffer.from(expected, "utf8"));
}

const TOPICS_BY_TYPE: Record<number, string> = {
  1: "ORDER_STATUS_CHANGE",
  2: "REVERSE_STATUS_UPDATE",
  3: "RECIPIENT_ADDRESS_UPDATE",
  4: "PACKAGE_UPDATE",
  5: "PRODUCT_STATUS_CHANGE",
  6: "SELLER_DEAUTHORIZATION",
  7: "UPCOMING_AUTHORIZATION_EXPIRATION",
  11: "CANCELLATION_STATUS_CHANGE",
  12: "RETURN_STATUS_CHANGE",
  15: "PRODUCT_INFORMATION_CHANGE",
  16: "PRODUCT_CREATION",
};

const envelopeSchema = z.object({
  type: z.number().int(),
  tts_notification_id: idSchema.optional(),
  shop_id: idSchema,
  timestamp: z.number().int(),
  data: z.record(z.string(), z.unknown()).default({}),
});

const str = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));
const optStr = str.optional();
const num = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);

export type WebhookEvent = {
  /** Numeric topic as sent. */
  type: number;
  /** Topic name derived from `type` (`UNKNOWN` for topics this hub does not know). */
  topic: string;
  /**
   * Stable de-duplication key: `tts_notification_id` when present (the same on
   * every redelivery); otherwise `sha256:` + hex SHA-256 of the raw body, since a
   * redelivery repeats the same bytes.
   */
  notificationId: string;
  shopId: string;
  /** Unix seconds. */
  timestamp: number;
  /** The raw `data` with big numeric ids kept as exact strings. */
  data: Record<string, unknown>;
} & (
  | { kind: "order_status"; orderId: string; orderStatus: OrderStatus; isOnHoldOrder: boolean; updateTime: number | null }
  | { kind: "cancellation_status"; orderId: string; cancelId: string; cancelStatus: CancellationStatus; role: string | null }
  | { kind: "return_status"; orderId: string; returnId: string; returnStatus: ReturnStatus; returnType: string | null; role: string | null }
  | { kind: "package_update"; packageIds: string[]; orderIds: string[]; scType: string | null }
  | { kind: "recipient_address_update"; orderId: string }
  | { kind: "product_status"; productId: string; status: string }
  | { kind: "deauthorization"; message: string }
  | { kind: "authorization_expiring"; expiresAt: number | null; message: string }
  | { kind: "other" }
);

export class WebhookParseError extends Error {
  override readonly name = "WebhookParseError";
}

/** Parses a verified body; ids stay strings even when sent as JSON numbers. Throws WebhookParseError. */
export function parseWebhookEvent(rawBody: string | Buffer): WebhookEvent {
  const text = typeof rawBody === "string" ? rawBody : rawBody.toString("utf8");
  let parsed: unknown;
  try {
    parsed = parseJsonKeepingIds(text);
  } catch {
    throw new WebhookParseError("Webhook body is not JSON");
  }
  const env = envelopeSchema.safeParse(parsed);
  if (!env.success) throw new WebhookParseError(`Webhook envelope invalid: ${env.error.message}`);
  const { type, shop_id: shopId, timestamp, data } = env.data;
  const notificationId = env.data.tts_notification_id ?? `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`;
  const base = { type, topic: TOPICS_BY_TYPE[type] ?? "UNKNOWN", notificationId, shopId, timestamp, data };
  const d = (schema: z.ZodType) => {
    const r = schema.safeParse(data);
    if (!r.success) throw new WebhookParseError(`Webhook ${base.topic} data invalid: ${r.error.message}`);
    return r.data as Record<string, unknown>;
  };
  const status = <T>(raw: unknown, normalize: (s: string) => T | null, what: string): T => {
    const s = normalize(String(raw));
    if (!s) throw new WebhookParseError(`Unknown ${what} ${String(raw)}`);
    return s;
  };
  switch (type) {
    case 1: {
      const x = d(z.object({ order_id: str, order_status: str, is_on_hold_order: z.boolean().optional(), update_time: num.optional() }));
      return { ...base, kind: "order_status", orderId: String(x.order_id), orderStatus: status(x.order_status, normalizeOrderStatus, "order status"), isOnHoldOrder: x.is_on_hold_order === true, updateTime: (x.update_time as number | undefined) ?? null };
    }
    case 11: {
      const x = d(z.object({ order_id: str, cancel_id: str, cancel_status: str, cancellations_role: optStr }));
      return { ...base, kind: "cancellation_status", orderId: String(x.order_id), cancelId: String(x.cancel_id), cancelStatus: status(x.cancel_status, normalizeCancellationStatus, "cancellation status"), role: (x.cancellations_role as string | undefined) ?? null };
    }
    case 12: {
      const x = d(z.object({ order_id: str, return_id: str, return_status: str, return_type: optStr, return_role: optStr }));
      return {
        ...base,
        kind: "return_status",
        orderId: String(x.order_id),
        returnId: String(x.return_id),
        returnStatus: status(x.return_status, normalizeReturnStatus, "return status"),
        returnType: (x.return_type as string | undefined) ?? null,
        role: (x.return_role as string | undefined) ?? null,
      };
    }
    case 4: {
      const x = d(z.object({ sc_type: optStr, package_list: z.array(z.object({ package_id: str, order_id_list: z.array(str).default([]) })).default([]) }));
      const list = x.package_list as Array<{ package_id: string; order_id_list: string[] }>;
      return { ...base, kind: "package_update", packageIds: list.map((p) => p.package_id), orderIds: [...new Set(list.flatMap((p) => p.order_id_list))], scType: (x.sc_type as string | undefined) ?? null };
    }
    case 3: {
      const x = d(z.object({ order_id: str }));
      return { ...base, kind: "recipient_address_update", orderId: String(x.order_id) };
    }
    case 5: {
      const x = d(z.object({ product_id: str, status: str }));
      return { ...base, kind: "product_status", productId: String(x.product_id), status: String(x.status) };
    }
    case 6: {
      const x = d(z.object({ message: str.default("") }));
      return { ...base, kind: "deauthorization", message: String(x.message) };
    }
    case 7: {
      const x = d(z.object({ message: str.default(""), expiration_time: num.optional() }));
      return { ...base, kind: "authorization_expiring", expiresAt: (x.expiration_time as number | undefined) ?? null, message: String(x.message) };
    }
    default:
      return { ...base, kind: "other" };
  }
}
