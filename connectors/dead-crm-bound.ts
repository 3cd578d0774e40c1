// How long a run can spend on a CRM that does not answer at all, computed from a connector's own
// settings (issue #20, point 2: "a run against a dead CRM ends with a clear error within two
// minutes"). The promise used to be arithmetic on the defaults that forgot one thing: a single
// attempt can spend the connect timeout AND the response timeout — the response timer starts
// only once the socket is connected (undici's headersTimeout counts from the request being sent;
// node:http's ClientRequest.setTimeout is armed on connect), so a host that completes the
// handshake just before the connect deadline and then says nothing costs both. Salesforce's old
// defaults (10 s + 20 s, 5 attempts) could reach ~158 s.
//
// Each connector stops calling a CRM after a number of attempts in a row got no answer (its
// unreachable breaker: every later call fails at once for 60 s, longer than the bound), so the
// worst case of a whole run is that many silent attempts, each connect + response, plus the
// longest backoff between them. Spread over several calls the backoff restarts lower, so one
// call spending every attempt is the worst case. Unit-tested against the default configs
// (test/unit/dead-crm-bound.test.ts).

/** What issue #20 promises for a run against a dead CRM. */
export const DEAD_CRM_RUN_LIMIT_MS = 120_000;

export interface DeadCrmPolicy {
  /** TCP + TLS handshake deadline of one attempt. */
  connectMs: number;
  /** Silence allowed once connected (headers, or between body chunks). */
  responseMs: number;
  /** Attempts in a row without an answer after which the breaker opens. */
  silentAttemptsToBreak: number;
  /** The longest wait after silent attempt `attempt` before the next one. */
  longestBackoffMs(attempt: number): number;
}

/** The longest a run waits on a CRM that never answers before it fails, in ms. */
export function deadCrmWorstCaseMs(policy: DeadCrmPolicy): number {
  let total = 0;
  for (let attempt = 1; attempt <= policy.silentAttemptsToBreak; attempt++) {
    total += policy.connectMs + policy.responseMs;
    if (attempt < policy.silentAttemptsToBreak) total += policy.longestBackoffMs(attempt);
  }
  return total;
}
