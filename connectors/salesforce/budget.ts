// The daily API budget. Usage comes from `Sforce-Limit-Info: api-usage=N/M` on every response
// (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm)
// and, when nothing was seen yet, from /limits DailyApiRequests.
import { z } from "zod";
import type { ApiBudget } from "../types.ts";

const limitsResponse = z.object({
  DailyApiRequests: z.object({ Max: z.number(), Remaining: z.number() }),
});

export class BudgetTracker {
  readonly stopAtShare: number;
  #used: number | undefined;
  #limit: number | undefined;

  constructor(stopAtShare: number) {
    this.stopAtShare = stopAtShare;
  }

  update(used: number, limit: number): void {
    this.#used = used;
    this.#limit = limit;
  }

  updateFromLimits(raw: unknown): void {
    const parsed = limitsResponse.parse(raw);
    this.update(parsed.DailyApiRequests.Max - parsed.DailyApiRequests.Remaining, parsed.DailyApiRequests.Max);
  }

  known(): ApiBudget | undefined {
    if (this.#used === undefined || this.#limit === undefined) return undefined;
    return { used: this.#used, limit: this.#limit, stopAtShare: this.stopAtShare };
  }

  /** True once usage reached the stop share; unknown usage never stops work (no call is spent to learn it). */
  exhausted(): boolean {
    const b = this.known();
    return b !== undefined && b.limit > 0 && b.used / b.limit >= this.stopAtShare;
  }
}
