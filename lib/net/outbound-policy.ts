import { env } from "@/lib/env";
import type { FetchLike, OutboundPolicy } from "./guarded-fetch";
import { createGuardedFetch } from "./guarded-fetch";
import { parseAllowList } from "./address-rules";

let cached: { policy: OutboundPolicy; fetch: FetchLike } | undefined;

/** The policy for URLs merchants enter (OUTBOUND_ALLOWED_HOSTS), and its fetch — one agent per process. */
export function merchantUrlPolicy(): OutboundPolicy {
  cached ??= build();
  return cached.policy;
}

export function merchantFetch(): FetchLike {
  cached ??= build();
  return cached.fetch;
}

function build() {
  const policy: OutboundPolicy = { allow: parseAllowList(env().OUTBOUND_ALLOWED_HOSTS) };
  return { policy, fetch: createGuardedFetch(policy) };
}
