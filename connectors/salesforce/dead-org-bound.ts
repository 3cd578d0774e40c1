// The longest a run waits on a Salesforce org that never answers (connectors/dead-crm-bound.ts),
// from the connector's own config, retry backoff and breaker threshold.
import { deadCrmWorstCaseMs } from "../dead-crm-bound.ts";
import type { SalesforceConfig } from "./config.ts";
import { backoffDelayMs } from "./retry.ts";
import { silentAttemptsToBreak } from "./runtime.ts";

export function salesforceDeadOrgWorstCaseMs(config: SalesforceConfig): number {
  return deadCrmWorstCaseMs({
    connectMs: config.timeouts.connectMs,
    responseMs: config.timeouts.responseMs,
    silentAttemptsToBreak: silentAttemptsToBreak(config),
    // Full jitter's top: random() → 1 (no Retry-After: a dead org sends no headers).
    longestBackoffMs: (attempt) => backoffDelayMs(attempt, config.retry, () => 1) ?? 0,
  });
}
