// What the read, write, bulk and provision modules share: the jsforce connection, the budget,
// call accounting and the injectable clock/sleep/random.
import type { Connection } from "jsforce";
import type { ApiCallStats } from "../types.ts";
import type { SalesforceSession } from "./auth.ts";
import { BudgetTracker } from "./budget.ts";
import type { SalesforceConfig } from "./config.ts";
import { createDescriber, type DescribedObject } from "./describe.ts";
import {
  BudgetStopError,
  describeNoAnswer,
  errorCodeOf,
  isNoAnswer,
  isTransient,
  SalesforceConnectorError,
} from "./errors.ts";
import {
  type CallScope,
  inCallScope,
  observeConnection,
  parseLimitInfo,
  retryAfterMs,
} from "./http-observer.ts";
import type { Logger } from "./logger.ts";
import { backoffDelayMs } from "./retry.ts";

export interface RuntimeDeps {
  logger: Logger;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
}

export interface Runtime extends RuntimeDeps {
  conn: Connection;
  config: SalesforceConfig;
  session: SalesforceSession;
  budget: BudgetTracker;
  stats: ApiCallStats;
  describe(object: string): Promise<DescribedObject>;
  /** Runs one logical API call (after login), attributing its responses to `kind`. */
  call<T>(kind: "read" | "write", fn: () => Promise<T>): Promise<T>;
  /**
   * Like `call`, but also returns the responses (status, headers) it caused, even on error.
   * Not retried here; jsforce retries GET/PUT/DELETE on 429/5xx unless `ownRetries` is set.
   */
  callScoped<T>(
    kind: "read" | "write",
    fn: () => Promise<T>,
    options?: { ownRetries?: boolean },
  ): Promise<{ scope: CallScope; result?: T; error?: unknown }>;
  /** `call` for reads that need the response headers too (Bulk results' Sforce-Locator). */
  callWithResponses<T>(kind: "read", fn: () => Promise<T>): Promise<{ scope: CallScope; result: T }>;
  /** Throws BudgetStopError when the stop share is reached. */
  guardBudget(): void;
}

/** How long calls fail fast once Salesforce stopped answering (see `assertReachable`). */
export const UNREACHABLE_HOLD_MS = 60_000;

/** Attempts in a row without an answer after which the breaker opens (dead-org-bound.ts). */
export function silentAttemptsToBreak(config: SalesforceConfig): number {
  return config.retry.maxAttempts;
}

export function createRuntime(
  config: SalesforceConfig,
  session: SalesforceSession,
  deps: RuntimeDeps,
): Runtime {
  const conn = session.conn;
  const budget = new BudgetTracker(config.budgetStopShare);
  const stats: ApiCallStats = { reads: 0, writes: 0, retries: 0 };
  observeConnection(conn, (info, scope) => {
    session.noteResponse(info.status);
    const usage = parseLimitInfo(info.headers);
    if (usage) budget.update(usage.used, usage.limit);
    if (scope?.kind === "write") stats.writes += 1;
    else stats.reads += 1;
  });

  // The unreachable breaker (issue #20): after `maxAttempts` calls in a row got no answer at all
  // (timeouts, refused or reset connections), Salesforce is not called again for
  // UNREACHABLE_HOLD_MS; calls fail at once with the reason. Without it, a run against a dead org
  // spent the full retry budget on every call it made (identity, read, budget), minutes each.
  let silentInARow = 0;
  let unreachable: { until: number; reason: string } | null = null;

  function assertReachable(): void {
    if (unreachable && deps.now() < unreachable.until) {
      throw new SalesforceConnectorError(
        "SALESFORCE_UNREACHABLE",
        `Salesforce is unreachable (${unreachable.reason}); not called again before ${new Date(unreachable.until).toISOString()}`,
      );
    }
  }

  function noteAnswer(error: unknown): void {
    if (error === undefined || !isNoAnswer(errorCodeOf(error))) {
      silentInARow = 0;
      unreachable = null;
      return;
    }
    silentInARow += 1;
    if (silentInARow >= silentAttemptsToBreak(config)) {
      const reason = `${silentInARow} calls in a row: ${describeNoAnswer(errorCodeOf(error), config.timeouts)}`;
      unreachable = { until: deps.now() + UNREACHABLE_HOLD_MS, reason };
      deps.logger.error(
        { code: errorCodeOf(error), holdMs: UNREACHABLE_HOLD_MS },
        `salesforce unreachable: ${reason}`,
      );
    }
  }

  async function callScoped<T>(kind: "read" | "write", fn: () => Promise<T>, options = {}) {
    assertReachable();
    await session.ensureSession();
    let result: T | undefined;
    let error: unknown;
    let failed = false;
    const { scope } = await inCallScope(
      kind,
      async () => {
        try {
          result = await fn();
        } catch (e) {
          failed = true;
          error = e;
        }
      },
      options,
    );
    // An HTTP answer of any status proves the org is there.
    noteAnswer(failed && scope.responses.length === 0 ? error : undefined);
    return failed ? { scope, error } : { scope, result: result as T };
  }

  async function callWithResponses<T>(kind: "read" | "write", fn: () => Promise<T>) {
    // Reads are safe to repeat, so this policy owns their retries: 429/5xx, 403
    // REQUEST_LIMIT_EXCEEDED and network errors on POST (Bulk query job creation), with
    // Retry-After as the floor of the wait. Writes have their own per-record policy in write.ts.
    for (let attempt = 1; ; attempt++) {
      const outcome = await callScoped(kind, fn, { ownRetries: kind === "read" });
      if (!("error" in outcome)) return { scope: outcome.scope, result: outcome.result as T };
      const last = outcome.scope.responses.at(-1);
      const code = errorCodeOf(outcome.error);
      if (kind === "write" || !isTransient(code, last?.status) || attempt >= config.retry.maxAttempts) {
        if (isNoAnswer(code) && !last) {
          // "fetch failed" says nothing: name what did not happen, and how often it was tried.
          throw new SalesforceConnectorError(
            code,
            `Salesforce ${describeNoAnswer(code, config.timeouts)} (${attempt} attempt${attempt === 1 ? "" : "s"})`,
            { cause: outcome.error },
          );
        }
        throw outcome.error;
      }
      const wait = backoffDelayMs(
        attempt,
        config.retry,
        deps.random,
        last ? retryAfterMs(last.headers, deps.now()) : undefined,
      );
      if (wait === undefined) throw outcome.error;
      stats.retries += 1;
      deps.logger.warn({ code, attempt, wait }, "salesforce read retry");
      await deps.sleep(wait);
    }
  }

  const runtime: Runtime = {
    ...deps,
    conn,
    config,
    session,
    budget,
    stats,
    describe: (object) => describer(object),
    async call(kind, fn) {
      return (await callWithResponses(kind, fn)).result;
    },
    callWithResponses,
    callScoped,
    guardBudget() {
      if (budget.exhausted()) {
        const b = budget.known();
        throw new BudgetStopError(b?.used ?? 0, b?.limit ?? 0, budget.stopAtShare);
      }
    },
  };
  const describer = createDescriber(conn, (fn) => runtime.call("read", fn));
  return runtime;
}
