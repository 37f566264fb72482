import type { OrderTypeBehavior, OrderTypeFixture } from "../fixtures";
import type { Store } from "./store";
import { keyOf } from "./store";

/** Operation of the lines of each behaviour (SOOrderType.DefaultOperation). */
export const OPERATION_OF: Record<OrderTypeBehavior, "Issue" | "Receipt"> = { SO: "Issue", RC: "Receipt" };

/** An order type the order-type selector offers: it exists and is active. */
export function findActiveOrderType(store: Store, orderType: unknown): OrderTypeFixture | undefined {
  const t = store.orderTypes.get(keyOf(orderType));
  return t?.Active ? t : undefined;
}

/** Behaviour of an existing order's type; a type deactivated later still drives its orders. */
export function behaviorOf(store: Store, orderType: unknown): OrderTypeBehavior | undefined {
  return store.orderTypes.get(keyOf(orderType))?.Behavior;
}

export const isIssueOrder = (store: Store, orderType: unknown) => behaviorOf(store, orderType) === "SO";
export const isReceiptOrder = (store: Store, orderType: unknown) => behaviorOf(store, orderType) === "RC";

export function putOrderType(store: Store, t: OrderTypeFixture): OrderTypeFixture {
  const stored = { ...t, OrderType: keyOf(t.OrderType) };
  store.orderTypes.set(stored.OrderType, stored);
  return stored;
}
