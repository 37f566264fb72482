/**
 * Replay window for webhooks: TikTok's signature covers the body but no
 * delivery time, so a captured notification could be replayed forever. The
 * notification-id dedupe stops exact repeats; this stops old ones (a refused
 * late redelivery is not lost: the scheduled order pull reads the same change).
 */
export function webhookTimestampProblem(timestampSec: number, p: { nowMs?: number; maxAgeSec: number; maxSkewSec: number }): string | null {
  const now = Math.floor((p.nowMs ?? Date.now()) / 1000);
  if (timestampSec < now - p.maxAgeSec) return `notification timestamp is older than ${p.maxAgeSec} s`;
  if (timestampSec > now + p.maxSkewSec) return `notification timestamp is more than ${p.maxSkewSec} s in the future`;
  return null;
}
