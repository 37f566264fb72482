import { TikTokShopError } from "@/lib/connectors/tiktok-shop/errors";
import type { FailureClass } from "@/lib/sync/acumatica/create-once";

/** TikTok failures for the create-once rules: lost answers (ambiguous), declined (rate limit), refusals. */
export function classifyTikTok(err: unknown): FailureClass {
  if (!(err instanceof TikTokShopError)) return null;
  if (err.kind === "network" || err.kind === "server" || err.kind === "invalid_response") return "ambiguous";
  if (err.kind === "rate_limited") return "declined";
  return "refused";
}
