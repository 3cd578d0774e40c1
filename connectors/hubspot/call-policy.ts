// The connector's own retry and rate-limit policy. The client's retry decorator is never
// installed (numberOfApiCallRetries left unset): it counts attempts, not retries, ignores the
// X-HubSpot-RateLimit-* headers and Retry-After, and is a process-wide singleton.
//
// Limits: https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details
// 429 body carries `policyName` (DAILY, SECONDLY, TEN_SECONDLY_ROLLING) and `message`.
import type { Logger } from "pino";
import type { ApiCallStats } from "../types.ts";
import type { HubSpotConfig } from "./config.ts";
import { type ApiFailure, apiFailureOf, failureMessage, HubSpotError, scrubSecrets } from "./errors.ts";

export type CallKind = "read" | "write" | "search";

export interface PolicyDeps {
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
  random: () => number;
  logger: Logger;
  /** Secrets to scrub from any message built from a response. */
  secrets: () => readonly string[];
  /** Called on a 401 for OAuth auth: forget the access token so the next attempt refreshes it. */
  onUnauthorized?: () => boolean;
}

export interface UsageSnapshot {
  /** Daily limit and remaining as last reported (absent for OAuth calls). */
  dailyLimit: number | undefined;
  dailyRemaining: number | undefined;
  /** Calls this connector made (a floor for usage when HubSpot reports none). */
  callsMade: number;
}

const header = (h: Record<string, string>, name: string) => h[name.toLowerCase()];
const intHeader = (h: Record<string, string>, name: string): number | undefined => {
  const v = header(h, name);
  if (v === undefined) return undefined;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : undefined;
};

/** How long calls fail fast once HubSpot stopped answering. */
export const UNREACHABLE_HOLD_MS = 60_000;

/** Attempts in a row without an answer after which the breaker opens (dead-portal-bound.ts). */
export function silentAttemptsToBreak(config: HubSpotConfig): number {
  return config.retry.maxAttempts;
}

/** The wait after a 5xx or a network failure on `attempt`: exponential, half jitter. */
export function networkRetryDelayMs(
  attempt: number,
  retry: Pick<HubSpotConfig["retry"], "baseDelayMs" | "maxDelayMs">,
  random: () => number,
): number {
  const ms = Math.min(retry.baseDelayMs * 2 ** (attempt - 1), retry.maxDelayMs);
  return Math.round(ms / 2 + (random() * ms) / 2);
}

export class CallPolicy {
  readonly #config: HubSpotConfig;
  readonly #deps: PolicyDeps;
  readonly #stats: ApiCallStats = { reads: 0, writes: 0, retries: 0 };
  #dailyLimit: number | undefined;
  #dailyRemaining: number | undefined;
  #callsMade = 0;
  #nextSearchAt = 0;
  #burstMax: number | undefined;
  #burstInterval = 10_000;
  #burstRemaining: number | undefined;
  /** Start times of our recent calls (at most the burst max): when the rolling window frees up. */
  readonly #recent: number[] = [];
  #searchQueue: Promise<void> = Promise.resolve();
  /** Calls in a row that got no answer at all (timeouts, refused/reset connections). */
  #silentInARow = 0;
  #unreachable: { until: number; reason: string } | null = null;

  constructor(config: HubSpotConfig, deps: PolicyDeps) {
    this.#config = config;
    this.#deps = deps;
  }

  stats(): ApiCallStats {
    return { ...this.#stats };
  }

  usage(): UsageSnapshot {
    return { dailyLimit: this.#dailyLimit, dailyRemaining: this.#dailyRemaining, callsMade: this.#callsMade };
  }

  /** Fed from every response (the client middleware) and every error. */
  observeHeaders(headers: Record<string, string>): void {
    const max = intHeader(headers, "x-hubspot-ratelimit-max");
    const interval = intHeader(headers, "x-hubspot-ratelimit-interval-milliseconds");
    const left = intHeader(headers, "x-hubspot-ratelimit-remaining");
    if (max !== undefined) this.#burstMax = max;
    if (interval !== undefined) this.#burstInterval = interval;
    if (left !== undefined) this.#burstRemaining = left;
    const limit = intHeader(headers, "x-hubspot-ratelimit-daily");
    const remaining = intHeader(headers, "x-hubspot-ratelimit-daily-remaining");
    if (limit !== undefined) this.#dailyLimit = limit;
    if (remaining !== undefined) this.#dailyRemaining = remaining;
  }

  budget(): { used: number; limit: number; stopAtShare: number } {
    const limit = this.#dailyLimit ?? this.#config.dailyLimit;
    const used =
      this.#dailyLimit !== undefined && this.#dailyRemaining !== undefined
        ? this.#dailyLimit - this.#dailyRemaining
        : this.#callsMade;
    return { used, limit, stopAtShare: this.#config.dailyBudgetShare };
  }

  /** True when starting another call would go past the configured share of the daily limit. */
  overBudget(): boolean {
    const b = this.budget();
    return b.used + 1 > b.limit * b.stopAtShare;
  }

  /**
   * Runs one logical API call: waits for the search limiter, checks the budget, retries 429
   * (secondly policies) and 5xx/network errors with jittered backoff, stops on DAILY.
   * `fn` must perform exactly one HTTP request per invocation. A call that is not `idempotent`
   * (a create) is not resent after a 5xx or a network failure: it may have been applied.
   */
  async run<T>(
    kind: CallKind,
    what: string,
    fn: () => Promise<T>,
    signal?: AbortSignal,
    idempotent = true,
  ): Promise<T> {
    const { maxAttempts, maxRateLimitAttempts } = this.#config.retry;
    let refreshedAuth = false;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw new HubSpotError("HUBSPOT_ABORTED", `${what}: aborted`);
      // The unreachable breaker (issue #20): after `maxAttempts` calls in a row got no answer,
      // HubSpot is not called again for UNREACHABLE_HOLD_MS. Without it a run against a dead
      // portal spent the full retry budget on every call it made.
      if (this.#unreachable && this.#deps.now() < this.#unreachable.until) {
        throw new HubSpotError(
          "HUBSPOT_UNREACHABLE",
          `${what}: HubSpot is unreachable (${this.#unreachable.reason}); not called again before ${new Date(this.#unreachable.until).toISOString()}`,
        );
      }
      if (this.overBudget()) {
        throw new HubSpotError(
          "HUBSPOT_BUDGET_STOP",
          `${what}: stopped at ${Math.round(this.#config.dailyBudgetShare * 100)}% of the daily API limit`,
        );
      }
      if (kind === "search") await this.#searchSlot(signal);
      await this.#burstSlot(signal);
      this.#callsMade++;
      if (kind === "write") this.#stats.writes++;
      else this.#stats.reads++;
      try {
        const value = await fn();
        this.#silentInARow = 0;
        this.#unreachable = null;
        return value;
      } catch (error) {
        // Already classified (e.g. the OAuth refresh inside the auth middleware failed).
        if (error instanceof HubSpotError) throw error;
        const failure = apiFailureOf(error);
        this.#noteSilence(failure.status === 0 && isNetworkError(error) ? error : undefined);
        if (failure.status === 0 && !isNetworkError(error)) {
          // Neither an HTTP answer nor a network failure: a response the client could not parse.
          throw new HubSpotError(
            "HUBSPOT_BAD_RESPONSE",
            `${what}: ${scrubSecrets(error instanceof Error ? error.message : String(error), this.#deps.secrets()).slice(0, 300)}`,
          );
        }
        this.observeHeaders(failure.headers);
        const delay =
          !idempotent && failure.status !== 429 ? undefined : this.#retryDelay(failure, attempt, what);
        if (failure.status === 401 && !refreshedAuth && this.#deps.onUnauthorized?.()) {
          refreshedAuth = true;
          this.#stats.retries++;
          continue;
        }
        const limit = failure.status === 429 ? maxRateLimitAttempts : maxAttempts;
        if (delay === undefined || attempt >= limit) throw this.#toError(failure, what, attempt, error);
        this.#stats.retries++;
        this.#deps.logger.warn(
          { what, status: failure.status, policy: failure.body?.policyName, attempt, delayMs: delay },
          "hubspot call failed, retrying",
        );
        await this.#deps.sleep(delay, signal);
      }
    }
  }

  #noteSilence(error: unknown): void {
    if (error === undefined) {
      this.#silentInARow = 0;
      this.#unreachable = null;
      return;
    }
    this.#silentInARow++;
    if (this.#silentInARow < silentAttemptsToBreak(this.#config)) return;
    const why = error instanceof Error ? error.message : String(error);
    const reason = `${this.#silentInARow} calls in a row: ${scrubSecrets(why, this.#deps.secrets()).slice(0, 200)}`;
    this.#unreachable = { until: this.#deps.now() + UNREACHABLE_HOLD_MS, reason };
    this.#deps.logger.error({ holdMs: UNREACHABLE_HOLD_MS }, `hubspot unreachable: ${reason}`);
  }

  /** Delay before the next attempt, or undefined when the failure is not retryable. */
  #retryDelay(f: ApiFailure, attempt: number, what: string): number | undefined {
    const jitter = (ms: number) => Math.round(ms / 2 + (this.#deps.random() * ms) / 2);
    if (f.status === 429) {
      if (isDailyPolicy(f)) return undefined;
      const retryAfterS = intHeader(f.headers, "retry-after");
      const intervalMs = intHeader(f.headers, "x-hubspot-ratelimit-interval-milliseconds") ?? 10_000;
      // SECONDLY (search) frees up within a second; the ten-secondly rolling window frees a slot
      // as old calls age out, so back off exponentially from 1 s up to the whole interval.
      const secondly = isSecondlyPolicy(f);
      const step = Math.min(1_000 * 2 ** (attempt - 1), secondly ? 2_000 : intervalMs);
      const wait = Math.max(retryAfterS !== undefined ? retryAfterS * 1_000 : 0, jitter(step));
      this.#deps.logger.debug({ what, wait }, "hubspot rate limited");
      return wait;
    }
    if (f.status === 0 || f.status >= 500)
      return networkRetryDelayMs(attempt, this.#config.retry, this.#deps.random);
    return undefined;
  }

  #toError(f: ApiFailure, what: string, attempts: number, cause?: unknown): HubSpotError {
    const msg = `${what}: ${failureMessage(f, this.#deps.secrets())}`;
    const extra = {
      status: f.status,
      ...(f.body?.category ? { category: f.body.category } : {}),
      // The body travels on the error (and enumerable props reach pino's err serializer): scrub it.
      ...(f.body
        ? { body: { ...f.body, message: scrubSecrets(f.body.message ?? "", this.#deps.secrets()) } }
        : {}),
    };
    if (f.status === 429 && isDailyPolicy(f)) return new HubSpotError("HUBSPOT_DAILY_LIMIT", msg, extra);
    if (f.status === 429)
      return new HubSpotError("HUBSPOT_RATE_LIMITED", `${msg} (after ${attempts} attempts)`, extra);
    if (f.status === 401 || f.status === 403) return new HubSpotError("HUBSPOT_AUTH", msg, extra);
    if (f.status === 0) {
      // Which network failure (a timeout, a refused connection) is what an operator needs.
      const why =
        cause instanceof Error ? `: ${scrubSecrets(cause.message, this.#deps.secrets()).slice(0, 200)}` : "";
      return new HubSpotError("HUBSPOT_NETWORK", `${msg}${why} (after ${attempts} attempts)`, extra);
    }
    if (f.status >= 500)
      return new HubSpotError("HUBSPOT_SERVER_ERROR", `${msg} (after ${attempts} attempts)`, extra);
    return new HubSpotError("HUBSPOT_API_ERROR", msg, extra);
  }

  /**
   * When HubSpot said the rolling ten-second window is used up, wait until our oldest call in it
   * ages out instead of spending a call on a 429 (other apps on the portal can still cause one).
   */
  async #burstSlot(signal?: AbortSignal): Promise<void> {
    const max = this.#burstMax;
    if (max !== undefined && this.#burstRemaining !== undefined && this.#burstRemaining <= 0) {
      const oldest =
        this.#recent.length >= max ? (this.#recent[this.#recent.length - max] as number) : undefined;
      const wait =
        oldest !== undefined ? oldest + this.#burstInterval - this.#deps.now() : this.#burstInterval / max;
      if (wait > 0) await this.#deps.sleep(wait, signal);
      this.#burstRemaining = undefined; // the next response tells again
    }
    this.#recent.push(this.#deps.now());
    if (this.#recent.length > 1_000) this.#recent.splice(0, this.#recent.length - 1_000);
  }

  /** Spaces search calls at 1/searchRatePerSecond, in call order. */
  async #searchSlot(signal?: AbortSignal): Promise<void> {
    const spacing = 1_000 / this.#config.searchRatePerSecond;
    const turn = this.#searchQueue.then(async () => {
      const wait = this.#nextSearchAt - this.#deps.now();
      if (wait > 0) await this.#deps.sleep(wait, signal);
      this.#nextSearchAt = Math.max(this.#deps.now(), this.#nextSearchAt) + spacing;
    });
    this.#searchQueue = turn.catch(() => undefined);
    await turn;
  }
}

const NETWORK_CODES =
  /^(ECONNRESET|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EPIPE|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|UND_ERR_\w+)$/;

/** fetch() rejects with TypeError("fetch failed") and the socket error as `cause`. */
export function isNetworkError(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    const { code, name, message } = e as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === "string" && NETWORK_CODES.test(code)) return true;
    if (name === "TypeError" && message === "fetch failed") return true;
    if (name === "AbortError" || name === "TimeoutError") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export function isDailyPolicy(f: ApiFailure): boolean {
  const policy = f.body?.policyName?.toUpperCase();
  return policy === "DAILY" || (policy === undefined && /daily limit/i.test(f.body?.message ?? ""));
}

function isSecondlyPolicy(f: ApiFailure): boolean {
  const policy = f.body?.policyName?.toUpperCase();
  return policy === "SECONDLY" || /secondly limit/i.test(f.body?.message ?? "");
}

export const realSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new HubSpotError("HUBSPOT_ABORTED", "aborted"));
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(t);
        reject(new HubSpotError("HUBSPOT_ABORTED", "aborted"));
      },
      { once: true },
    );
  });
