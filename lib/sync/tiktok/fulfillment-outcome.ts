import type { Problem } from "@/lib/sync/exceptions/causes";

/** The exceptions a package push opens and closes (on its fulfillment). */
export const FULFILLMENT_CAUSES = ["carrier_unmapped", "fulfillment_refused", "tracking_update_closed", "retries_exhausted"] as const;

/** What one package push did. */
export type FulfillmentOutcome =
  | { kind: "pushed" | "exists" | "corrected"; packageId: string }
  | { kind: "skipped"; reason: string }
  | { kind: "blocked" | "refused"; problems: Problem[] }
  | { kind: "parked"; reason: string }
  | { kind: "wait"; retryInMs: number; reason: string };
