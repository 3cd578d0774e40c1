// Rate limits (https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines):
// a rolling 10-second window per token, a daily allowance per portal, and the stricter search
// limit (5 requests/second per token, https://developers.hubspot.com/docs/api-reference/search/guide#limitations).
// Headers (https://developers.hubspot.com/changelog/2018-11-06-rate-limit-information-headers-will-be-included-in-http-responses):
// X-HubSpot-RateLimit-Daily, -Daily-Remaining, -Interval-Milliseconds, -Max, -Remaining, and
// -Secondly / -Secondly-Remaining when a per-second policy is set. Daily headers are not sent on
// OAuth-authenticated calls. Search answers carry no rate-limit headers.
// 429 body: {status:"error", message:"You have reached your daily limit.", errorType:"RATE_LIMIT",
// correlationId, policyName:"DAILY", requestId}; the SDK retries on policyName
// TEN_SECONDLY_ROLLING (10 s × attempt) and on message "You have reached your secondly limit."
// (1 s × attempt).
import { randomUUID } from "node:crypto";
import type { RateLimitOptions } from "./options.ts";

export type RatePolicy = "TEN_SECONDLY_ROLLING" | "SECONDLY" | "DAILY";

const MESSAGES: Record<RatePolicy, string> = {
  TEN_SECONDLY_ROLLING: "You have reached your ten_secondly_rolling limit.",
  SECONDLY: "You have reached your secondly limit.",
  DAILY: "You have reached your daily limit.",
};

export function rateLimitBody(policy: RatePolicy): Record<string, unknown> {
  return {
    status: "error",
    message: MESSAGES[policy],
    errorType: "RATE_LIMIT",
    correlationId: randomUUID(),
    policyName: policy,
    requestId: randomUUID().replaceAll("-", ""),
  };
}

/** Timestamps in a sliding window; amortised O(1) per request. */
class Window {
  readonly #span: number;
  #stamps: number[] = [];
  #head = 0;

  constructor(span: number) {
    this.#span = span;
  }

  count(now: number): number {
    while (this.#head < this.#stamps.length && this.#stamps[this.#head]! <= now - this.#span) this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#stamps.length) {
      this.#stamps = this.#stamps.slice(this.#head);
      this.#head = 0;
    }
    return this.#stamps.length - this.#head;
  }

  add(now: number): void {
    this.#stamps.push(now);
  }
}

export interface RateDecision {
  limited?: RatePolicy;
  headers: Record<string, string>;
}

export class RateLimiter {
  options: RateLimitOptions;
  readonly #now: () => number;
  readonly #tenSecond = new Map<string, Window>();
  readonly #second = new Map<string, Window>();
  readonly #search = new Map<string, Window>();
  #day = "";
  #dailyUsed = 0;

  constructor(options: RateLimitOptions, now: () => number) {
    this.options = options;
    this.#now = now;
  }

  #window(map: Map<string, Window>, token: string, span: number): Window {
    let w = map.get(token);
    if (!w) {
      w = new Window(span);
      map.set(token, w);
    }
    return w;
  }

  /** Counts one request (unless it is refused) and returns the headers to send. */
  take(token: string, opts: { search: boolean; oauth: boolean }): RateDecision {
    const o = this.options;
    const now = this.#now();
    const day = new Date(now).toISOString().slice(0, 10);
    if (day !== this.#day) {
      this.#day = day;
      this.#dailyUsed = 0;
    }
    const ten = this.#window(this.#tenSecond, token, 10_000);
    const sec = o.secondly === undefined ? undefined : this.#window(this.#second, token, 1_000);
    const search = opts.search ? this.#window(this.#search, token, 1_000) : undefined;
    let limited: RatePolicy | undefined;
    if (o.enabled) {
      if (this.#dailyUsed >= o.daily) limited = "DAILY";
      else if (search && search.count(now) >= o.searchPerSecond) limited = "SECONDLY";
      else if (!opts.search && ten.count(now) >= o.tenSecondly) limited = "TEN_SECONDLY_ROLLING";
      else if (!opts.search && sec && o.secondly !== undefined && sec.count(now) >= o.secondly)
        limited = "SECONDLY";
    }
    if (!limited) {
      this.#dailyUsed++;
      if (search) search.add(now);
      else {
        ten.add(now);
        sec?.add(now);
      }
    }
    const headers: Record<string, string> = {};
    if (!opts.search) {
      headers["X-HubSpot-RateLimit-Interval-Milliseconds"] = "10000";
      headers["X-HubSpot-RateLimit-Max"] = String(o.tenSecondly);
      headers["X-HubSpot-RateLimit-Remaining"] = String(Math.max(0, o.tenSecondly - ten.count(now)));
      if (sec && o.secondly !== undefined) {
        headers["X-HubSpot-RateLimit-Secondly"] = String(o.secondly);
        headers["X-HubSpot-RateLimit-Secondly-Remaining"] = String(Math.max(0, o.secondly - sec.count(now)));
      }
      if (!opts.oauth) {
        headers["X-HubSpot-RateLimit-Daily"] = String(o.daily);
        headers["X-HubSpot-RateLimit-Daily-Remaining"] = String(Math.max(0, o.daily - this.#dailyUsed));
      }
    }
    return limited ? { limited, headers } : { headers };
  }

  reset(): void {
    this.#tenSecond.clear();
    this.#second.clear();
    this.#search.clear();
    this.#dailyUsed = 0;
  }
}
