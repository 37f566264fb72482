import { computeWebhookSignature } from "../signing";
import type { ApiRoute } from "./http";
import { ApiError, BAD_PARAM, requiredString } from "./http";
import type { DeliveryState, SandboxState } from "./state";
import { nextId, nowSec } from "./state";

/** Numeric `type` of each topic in the webhook envelope. */
export const EVENT_TYPE_NUMBERS: Record<string, number> = {
  ORDER_STATUS_CHANGE: 1,
  REVERSE_STATUS_UPDATE: 2,
  RECIPIENT_ADDRESS_UPDATE: 3,
  PACKAGE_UPDATE: 4,
  PRODUCT_STATUS_CHANGE: 5,
  SELLER_DEAUTHORIZATION: 6,
  UPCOMING_AUTHORIZATION_EXPIRATION: 7,
  CANCELLATION_STATUS_CHANGE: 11,
  RETURN_STATUS_CHANGE: 12,
};

export interface WebhookDispatcher {
  /**
   * Queues one notification for the shop's subscription to `eventType` (no-op
   * without one). `numericFields` are written as bare JSON numbers, as some
   * live payloads do (ids beyond 2^53 included).
   */
  emit(shopId: string, eventType: string, data: Record<string, unknown>, numericFields?: string[]): DeliveryState | null;
  /** Attempts every pending redelivery now (compresses the schedule). */
  redeliverNow(): Promise<void>;
  /** Resolves when no delivery attempt is in flight. */
  idle(): Promise<void>;
  close(): void;
}

export function createWebhookDispatcher(getState: () => SandboxState): WebhookDispatcher {
  const timers = new Map<DeliveryState, NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  let closed = false;

  function schedule(delivery: DeliveryState) {
    const { webhookSchedule } = getState().config;
    const retryIndex = delivery.attempts.length - 1;
    const delay = webhookSchedule[retryIndex];
    if (delay === undefined) {
      delivery.status = "dropped";
      delivery.nextAttemptAt = null;
      return;
    }
    delivery.nextAttemptAt = Date.now() + delay;
    const timer = setTimeout(() => {
      timers.delete(delivery);
      start(delivery);
    }, delay);
    timer.unref();
    timers.set(delivery, timer);
  }

  async function attempt(delivery: DeliveryState): Promise<void> {
    const { webhookTimeoutMs } = getState().config;
    const at = Date.now();
    try {
      const res = await fetch(delivery.address, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: delivery.signature },
        body: delivery.body,
        signal: AbortSignal.timeout(webhookTimeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      delivery.attempts.push({ at, httpStatus: res.status });
      if (res.status >= 200 && res.status < 300) {
        delivery.status = "delivered";
        delivery.nextAttemptAt = null;
        return;
      }
    } catch (err) {
      delivery.attempts.push({ at, httpStatus: null, error: (err as Error).message });
    }
    if (!closed) schedule(delivery);
  }

  function start(delivery: DeliveryState) {
    if (closed) return;
    const p = attempt(delivery).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }

  return {
    emit(shopId, eventType, data, numericFields = []) {
      const state = getState();
      const sub = state.webhooks.get(shopId)?.get(eventType);
      if (!sub) return null;
      const notificationId = nextId(state, "73");
      let body = JSON.stringify({ type: EVENT_TYPE_NUMBERS[eventType] ?? 0, tts_notification_id: notificationId, shop_id: shopId, timestamp: nowSec(), data });
      for (const field of numericFields) body = body.replace(new RegExp(`"${field}":"(\\d+)"`), `"${field}":$1`);
      const delivery: DeliveryState = {
        id: nextId(state, "74"),
        notificationId,
        shopId,
        eventType,
        address: sub.address,
        body,
        signature: computeWebhookSignature(state.config.appKey, state.config.appSecret, body),
        status: "pending",
        attempts: [],
        nextAttemptAt: Date.now(),
      };
      state.deliveries.push(delivery);
      if (state.deliveries.length > 2000) state.deliveries.splice(0, state.deliveries.length - 2000);
      start(delivery);
      return delivery;
    },
    async redeliverNow() {
      for (const [delivery, timer] of [...timers]) {
        clearTimeout(timer);
        timers.delete(delivery);
        start(delivery);
      }
      await this.idle();
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    close() {
      closed = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}

const KNOWN_TOPICS = new Set(Object.keys(EVENT_TYPE_NUMBERS));

/** Event API: per-shop webhook subscriptions. */
export const webhookRoutes: ApiRoute[] = [
  {
    method: "GET",
    path: "/event/202309/webhooks",
    shopCipher: "required",
    handle({ state, shop }) {
      const subs = state.webhooks.get(shop!.id) ?? new Map();
      return { webhooks: [...subs.entries()].map(([event_type, s]) => ({ event_type, address: s.address, create_time: s.createTime, update_time: s.updateTime })), total_count: subs.size };
    },
  },
  {
    method: "PUT",
    path: "/event/202309/webhooks",
    shopCipher: "required",
    handle({ state, shop, body }) {
      const address = requiredString(body, "address");
      const eventType = requiredString(body, "event_type");
      if (!KNOWN_TOPICS.has(eventType)) throw new ApiError(BAD_PARAM, `Invalid event_type ${eventType}`, 400);
      if (address.length > 255) throw new ApiError(BAD_PARAM, "The address must be at most 255 characters.", 400);
      let url: URL;
      try {
        url = new URL(address);
      } catch {
        throw new ApiError(BAD_PARAM, "The address must be a valid URL.", 400);
      }
      // live TikTok requires https on a domain; the sandbox also takes local http so a dev app can receive
      if (url.protocol !== "https:" && url.protocol !== "http:") throw new ApiError(BAD_PARAM, "The address must be an http(s) URL.", 400);
      const subs = state.webhooks.get(shop!.id) ?? new Map();
      const now = nowSec();
      const prev = subs.get(eventType);
      subs.set(eventType, { address, createTime: prev?.createTime ?? now, updateTime: now });
      state.webhooks.set(shop!.id, subs);
      return {};
    },
  },
  {
    method: "DELETE",
    path: "/event/202309/webhooks",
    shopCipher: "required",
    handle({ state, shop, body }) {
      const eventType = requiredString(body, "event_type");
      state.webhooks.get(shop!.id)?.delete(eventType);
      return {};
    },
  },
];
