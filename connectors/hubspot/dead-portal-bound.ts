// The longest a run waits on a HubSpot portal that never answers (connectors/dead-crm-bound.ts),
// from the connector's own config, network-failure backoff and breaker threshold.
import { deadCrmWorstCaseMs } from "../dead-crm-bound.ts";
import { networkRetryDelayMs, silentAttemptsToBreak } from "./call-policy.ts";
import type { HubSpotConfig } from "./config.ts";

export function hubSpotDeadPortalWorstCaseMs(config: HubSpotConfig): number {
  return deadCrmWorstCaseMs({
    connectMs: config.timeouts.connectMs,
    responseMs: config.timeouts.responseMs,
    silentAttemptsToBreak: silentAttemptsToBreak(config),
    // Jitter's top: random() → 1.
    longestBackoffMs: (attempt) => networkRetryDelayMs(attempt, config.retry, () => 1),
  });
}
