import type { OrderStatus } from "@/lib/db/schema";

/** The hub's order statuses in a merchant's words. */
export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  awaitingPayment: "Awaiting payment",
  onHold: "On hold",
  readyForFulfillment: "Ready for fulfillment",
  sentToFulfillment: "Sent to fulfillment",
  partialFulfillment: "Partially fulfilled",
  fulfilled: "Fulfilled",
  canceled: "Canceled",
  refunded: "Refunded",
};

export const ORDER_STATUS_VARIANT: Record<OrderStatus, "default" | "secondary" | "success" | "warning" | "destructive" | "outline"> = {
  awaitingPayment: "secondary",
  onHold: "warning",
  readyForFulfillment: "default",
  sentToFulfillment: "default",
  partialFulfillment: "default",
  fulfilled: "success",
  canceled: "outline",
  refunded: "outline",
};

/** Where the Acumatica sales order stands, from its binding's state. */
export const ERP_STATE_LABELS: Record<string, string> = {
  pending: "Not sent yet",
  creating: "Sending…",
  unknown: "Answer lost — checking",
  failed: "Refused",
  created: "Created",
};

/** A TikTok or ERP time, the same on the server and in the browser (no time-zone drift between them). */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  const d = typeof value === "string" ? new Date(value) : value;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Money as the order's currency shows it; the decimal string stays exact to the cent. */
export function formatMoney(amount: string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined || amount === "") return "—";
  const n = Number(amount);
  if (!Number.isFinite(n)) return `${amount} ${currency}`;
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
  } catch {
    return `${n.toFixed(2)} ${currency}`;
  }
}
