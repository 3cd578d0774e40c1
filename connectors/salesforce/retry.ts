// Backoff for the calls jsforce does not retry (POST/PATCH, 403 REQUEST_LIMIT_EXCEEDED) and for
// per-record transient failures. Exponential with full jitter; a `Retry-After` is a floor. A
// Retry-After longer than the policy's max delay is not slept through: the caller gives up and
// reports the records as retryable for the next run.
import type { RetryPolicy } from "./config.ts";

export function backoffDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterMs?: number,
): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxDelayMs) return undefined;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}
