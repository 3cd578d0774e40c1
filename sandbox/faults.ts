// Fault injection for both emulators, written once. Each emulator keeps its own fault options
// (their shapes are the emulators' public API: sandbox/salesforce/options.ts and
// sandbox/hubspot/options.ts, POST /__sandbox/faults) and translates them into a `FaultPlan`;
// this module does the rest the same way for both:
// - one seeded PRNG (sandbox/demo-data.ts), reseeded whenever the options change, so a test or
//   benchmark with the same seed and request sequence sees the same faults;
// - random request faults: one draw per request decides whether it fails, a second one which
//   status when the share that failed allows several;
// - scripted faults: the next N matching requests fail (tests that need one exact fault);
// - per-record draws (Salesforce's UNABLE_TO_LOCK_ROW) and per-record failure rules;
// - added latency; counts of what was injected.
// What an injected fault looks like on the wire (bodies, headers) stays with each emulator.
import { setTimeout as sleep } from "node:timers/promises";
import { seededRandom } from "./demo-data.ts";

/** A share (0..1) of requests answered with one of `statuses` (a second draw picks, when several). */
export interface RandomFault {
  rate: number;
  statuses: readonly number[];
}

/** The next `count` requests matching `pathPattern` (all, when absent) are answered `status`. */
export interface ScriptedFault<Tag = undefined> {
  status: number;
  count: number;
  pathPattern?: string | undefined;
  /** Passed back with the fault (HubSpot: the rate-limit policy a 429 names). */
  tag?: Tag | undefined;
}

/**
 * Records that fail a write: every condition given must hold, and at least one of `field` or
 * `ids` must be given (a rule with neither would fail every record, which no option asks for).
 */
export interface RecordFailure {
  /** Object (type) the rule applies to; every object when absent. */
  object?: string | undefined;
  /** The record's input sets this field (to `equals`, when given). */
  field?: string | undefined;
  equals?: string | number | boolean | undefined;
  /** Compare string values case-insensitively (Salesforce picklists and text compare so). */
  ignoreCase?: boolean;
  ids?: readonly string[] | undefined;
  code: string;
  message: string;
}

export interface FaultPlan<Tag = undefined> {
  seed: number;
  latencyMs: number;
  /** Tried in order against one draw: the first `rate` covers [0, rate), the next the following share. */
  random: readonly RandomFault[];
  /** Only requests whose path matches get random faults; all when absent. */
  pathPattern?: string | undefined;
  next: ReadonlyArray<ScriptedFault<Tag>>;
  /** Share (0..1) of records in a batch write that fail by chance (one draw per record). */
  recordRate: number;
  recordFailures: readonly RecordFailure[];
}

export interface InjectedRequestFault<Tag = undefined> {
  status: number;
  /** True for a scripted fault. */
  scripted: boolean;
  tag?: Tag | undefined;
}

interface QueuedFault<Tag> {
  status: number;
  count: number;
  pattern: RegExp | undefined;
  tag: Tag | undefined;
}

/** Whether a record value equals a rule's `equals`. */
export function valueMatches(rule: RecordFailure, value: unknown): boolean {
  if (rule.equals === undefined) return value !== undefined;
  if (value === rule.equals) return true;
  return (
    rule.ignoreCase === true &&
    typeof value === "string" &&
    typeof rule.equals === "string" &&
    value.toLowerCase() === rule.equals.toLowerCase()
  );
}

/** The first rule a record written to `object` fails, if any. */
export function failingRule(
  rules: readonly RecordFailure[],
  object: string,
  id: string | undefined,
  values: Readonly<Record<string, unknown>>,
): RecordFailure | undefined {
  return rules.find((rule) => {
    if (rule.object !== undefined && rule.object !== object) return false;
    if (rule.ids === undefined && rule.field === undefined) return false;
    if (rule.ids !== undefined && (id === undefined || !rule.ids.includes(id))) return false;
    return rule.field === undefined || valueMatches(rule, values[rule.field]);
  });
}

export class FaultInjector<Config, Tag = undefined> {
  #config: Config;
  #plan: FaultPlan<Tag>;
  #random: () => number;
  #pattern: RegExp | undefined;
  #queue: Array<QueuedFault<Tag>> = [];
  readonly #toPlan: (config: Config) => FaultPlan<Tag>;
  /** What was injected since start: random request faults by status, chance record failures. */
  readonly injected = { byStatus: new Map<number, number>(), records: 0 };

  constructor(config: Config, toPlan: (config: Config) => FaultPlan<Tag>) {
    this.#toPlan = toPlan;
    this.#config = config;
    this.#plan = toPlan(config);
    this.#random = seededRandom(this.#plan.seed);
    this.configure(config);
  }

  get config(): Config {
    return this.#config;
  }

  get plan(): FaultPlan<Tag> {
    return this.#plan;
  }

  /** Replace the options and reseed: the fault sequence starts over. */
  configure(config: Config): Config {
    this.#config = config;
    this.#plan = this.#toPlan(config);
    this.#random = seededRandom(this.#plan.seed);
    this.#pattern = this.#plan.pathPattern ? new RegExp(this.#plan.pathPattern) : undefined;
    this.#queue = this.#plan.next.map((n) => ({
      status: n.status,
      count: n.count,
      pattern: n.pathPattern ? new RegExp(n.pathPattern) : undefined,
      tag: n.tag,
    }));
    return config;
  }

  /** Waits the configured latency (none by default). */
  async delay(): Promise<void> {
    if (this.#plan.latencyMs > 0) await sleep(this.#plan.latencyMs);
  }

  /** The fault to answer a request with, if any: a scripted one first, else a random draw. */
  requestFault(path = ""): InjectedRequestFault<Tag> | undefined {
    const scripted = this.#queue.find((q) => !q.pattern || q.pattern.test(path));
    if (scripted) {
      scripted.count--;
      if (scripted.count <= 0) this.#queue.splice(this.#queue.indexOf(scripted), 1);
      return { status: scripted.status, scripted: true, tag: scripted.tag };
    }
    // No draw at all when nothing can fail: the sequence then depends only on requests that could.
    const total = this.#plan.random.reduce((sum, f) => sum + f.rate, 0);
    if (total <= 0 || (this.#pattern && !this.#pattern.test(path))) return undefined;
    const r = this.#random();
    let upTo = 0;
    for (const fault of this.#plan.random) {
      upTo += fault.rate;
      if (r >= upTo) continue;
      const status =
        fault.statuses.length === 1
          ? fault.statuses[0]!
          : fault.statuses[Math.floor(this.#random() * fault.statuses.length)]!;
      this.injected.byStatus.set(status, (this.injected.byStatus.get(status) ?? 0) + 1);
      return { status, scripted: false };
    }
    return undefined;
  }

  /** Whether one record of a batch write fails by chance (`recordRate`). */
  recordFault(): boolean {
    if (this.#plan.recordRate === 0) return false;
    const failed = this.#random() < this.#plan.recordRate;
    if (failed) this.injected.records++;
    return failed;
  }

  /** The failure rule a record fails, if any. */
  recordFailure(
    object: string,
    id: string | undefined,
    values: Readonly<Record<string, unknown>>,
  ): RecordFailure | undefined {
    return failingRule(this.#plan.recordFailures, object, id, values);
  }
}
