// Fault injection, by configuration and at runtime (POST /__sandbox/faults; the schema is in
// options.ts):
// - `rate`: a share of API requests (deterministic, seeded PRNG) answered with one of
//   `statuses` (429 carries the rate-limit body of `rateLimitPolicy`; 5xx a JSON error);
// - `next`: scripted faults for the next N matching requests (tests);
// - `latencyMs`: delay added to every API request;
// - `recordFailures`: per-record validation failures in batch writes (207 with that record's
//   error; single-object writes answer 400) for records matching a property value or id.
import { seededRandom } from "../demo-data.ts";
import { errorBody } from "./errors.ts";
import type { ObjectTypeName } from "./object-types.ts";
import type { FaultConfig } from "./options.ts";
import type { RecordRule } from "./portal-state.ts";
import { type RatePolicy, rateLimitBody } from "./rate-limit.ts";

export interface InjectedFault {
  status: number;
  body: Record<string, unknown>;
}

const STATUS_TEXT: Record<number, string> = {
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

function faultFor(code: number, ratePolicy: RatePolicy): InjectedFault {
  if (code === 429) return { status: 429, body: rateLimitBody(ratePolicy) };
  return { status: code, body: { ...errorBody("INTERNAL_ERROR", STATUS_TEXT[code] ?? "Server error") } };
}

export class Faults {
  #config: FaultConfig;
  #random: () => number;
  #pattern: RegExp | undefined;
  #queue: Array<{
    status: number;
    count: number;
    policy?: RatePolicy | undefined;
    pattern?: RegExp | undefined;
  }> = [];

  constructor(config: FaultConfig) {
    this.#config = config;
    this.#random = seededRandom(config.seed);
    this.#pattern = undefined;
    this.configure(config);
  }

  get config(): FaultConfig {
    return this.#config;
  }

  configure(config: FaultConfig): void {
    this.#config = config;
    this.#random = seededRandom(config.seed);
    this.#pattern = config.pathPattern ? new RegExp(config.pathPattern) : undefined;
    this.#queue = config.next.map((n) => ({
      status: n.status,
      count: n.count,
      policy: n.policy,
      pattern: n.pathPattern ? new RegExp(n.pathPattern) : undefined,
    }));
  }

  /** The fault to answer this request with, if any. */
  decide(path: string): InjectedFault | undefined {
    const scripted = this.#queue.find((q) => !q.pattern || q.pattern.test(path));
    if (scripted) {
      scripted.count--;
      if (scripted.count <= 0) this.#queue.splice(this.#queue.indexOf(scripted), 1);
      return faultFor(scripted.status, scripted.policy ?? this.#config.rateLimitPolicy);
    }
    const c = this.#config;
    if (c.rate <= 0 || (this.#pattern && !this.#pattern.test(path))) return undefined;
    if (this.#random() >= c.rate) return undefined;
    const code = c.statuses[Math.floor(this.#random() * c.statuses.length)]!;
    return faultFor(code, c.rateLimitPolicy);
  }

  /** The per-record rule the portal applies to batch writes. */
  readonly recordRule: RecordRule = (objectType: ObjectTypeName, id, values) => {
    for (const rule of this.#config.recordFailures) {
      if (rule.objectType && rule.objectType !== objectType) continue;
      const byId = rule.ids ? id !== undefined && rule.ids.includes(id) : true;
      const byValue =
        rule.property === undefined
          ? true
          : values[rule.property] !== undefined &&
            (rule.equals === undefined || values[rule.property] === rule.equals);
      if (byId && byValue && (rule.ids || rule.property)) {
        return { name: rule.property ?? "id", code: rule.code, message: rule.message };
      }
    }
    return undefined;
  };
}
