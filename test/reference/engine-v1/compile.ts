// A validated Program turned into what the evaluation loop needs: decimals parsed once,
// display strings built once, filters as predicates, names resolved to indices.
import { Dec, minorDigits, percent, two } from "./money.ts";
import type { Granularity } from "./period.ts";
import { periodOfDate } from "./period.ts";
import type { Component, DealFilter, Program, Requires } from "./program-schema.ts";

/** A deal as the engine walks it: amount in program currency, kind/stage/attribution as bits. */
export interface PDeal {
  order: number;
  id: string;
  partner: number;
  /** kind | stage | attribution as bits (see BIT), so filters test masks instead of strings. */
  bits: number;
  product: string | null;
  close: string;
  /** Amount in program currency at full precision. */
  amount: Dec;
  /** The raw amount string when it is already the program currency with its minor digits. */
  text: string | null;
  /** "EUR 10000.00 × 1.10 = " when converted, else null. */
  fx: string | null;
  cancelled: string | null;
  /** Period the clawback lands in, or -1 when the deal is not clawed back. */
  cancelPeriod: number;
  cancelDays: number;
  /** csat and time_to_value_days in millionths (not money; -1: absent). */
  csat: number;
  ttv: number;
}

export const BIT: Readonly<Record<string, number>> = {
  new: 1,
  expansion: 2,
  renewal: 4,
  won: 8,
  lost: 16,
  open: 32,
  sourced: 64,
  influenced: 128,
};
const maskOf = (names: readonly string[]) => names.reduce((m, n) => m | (BIT[n] ?? 0), 0);

export type DealPredicate = (d: PDeal) => boolean;

export interface CRequires {
  certifications: number | null;
  renewalRate: Dec | null;
  renewalRateText: string;
  score: Dec | null;
  scoreText: string;
  tiers: number[] | null;
  tierText: string;
}

interface Base {
  index: number;
  id: string;
  requires: CRequires | null;
}
export interface CRate extends Base {
  type: "rate";
  match: DealPredicate;
  /** The filter's kind/stage/attribution masks, tested inline in the hot loop. */
  kindMask: number;
  stageMask: number;
  attrMask: number;
  /** The rest of the filter (product, min_amount, closed), or null when there is none. */
  extra: DealPredicate | null;
  marginal: boolean;
  froms: Dec[];
  rates: Dec[];
  fromText: string[];
  rateText: string[];
  /** " at 5% (band from 0)" per band: explanations are one concatenation. */
  bandSuffix: string[];
}
export interface CTierRate extends Base {
  type: "tier_rate";
  match: DealPredicate;
  /** The filter's kind/stage/attribution masks, tested inline in the hot loop. */
  kindMask: number;
  stageMask: number;
  attrMask: number;
  /** The rest of the filter (product, min_amount, closed), or null when there is none. */
  extra: DealPredicate | null;
  rates: Dec[];
  rateText: string[];
  /** " at 2% (tier Silver)" per tier. */
  tierSuffix: string[];
}
export interface CSpif extends Base {
  type: "spif";
  match: DealPredicate;
  /** The filter's kind/stage/attribution masks, tested inline in the hot loop. */
  kindMask: number;
  stageMask: number;
  attrMask: number;
  /** The rest of the filter (product, min_amount, closed), or null when there is none. */
  extra: DealPredicate | null;
  amount: Dec;
  amountText: string;
  budget: Dec | null;
  max: Dec | null;
  maxText: string;
}
export interface CMultiplier extends Base {
  type: "multiplier";
  targets: number[];
  froms: Dec[];
  factorsMinusOne: Dec[];
  factorText: string[];
}
export interface CAccrual extends Base {
  type: "accrual";
  match: DealPredicate;
  /** The filter's kind/stage/attribution masks, tested inline in the hot loop. */
  kindMask: number;
  stageMask: number;
  attrMask: number;
  /** The rest of the filter (product, min_amount, closed), or null when there is none. */
  extra: DealPredicate | null;
  fund: number;
  rate: Dec;
  rateText: string;
  /** " at 2% to fund coop". */
  suffix: string;
  expiresAfter: number | null;
}
export type CComponent = CRate | CTierRate | CSpif | CMultiplier | CAccrual;

export interface CScoreMetric {
  metric: "renewal_rate" | "revenue_growth" | "csat" | "time_to_value_days" | "win_rate";
  weight: Dec;
  target: Dec;
  lower: boolean;
}

export interface CProgram {
  name: string;
  currency: string;
  digits: number;
  granularity: Granularity;
  first: number;
  tierNames: string[];
  tierMins: Dec[];
  tierRequires: (CRequires | null)[];
  tierMetric: DealPredicate;
  /** When the tier metric is "won deals of these kinds", their kind mask (summed per kind, cheaper). */
  tierMetricKinds: number | null;
  window: number;
  grace: number;
  scorecard: CScoreMetric[];
  eligibility: { agreement_signed?: boolean | undefined; compliance_ok?: boolean | undefined };
  components: CComponent[];
  funds: string[];
  cap: Dec | null;
  capText: string;
  holdbackRate: Dec | null;
  releaseAfter: number;
  clawbackDays: number | null;
}

export function compileProgram(p: Program): CProgram {
  const digits = minorDigits(p.currency);
  const granularity = p.period;
  const tierNames = p.tiers ? p.tiers.levels.map((l) => l.name) : ["Standard"];
  const req = (r: Requires | undefined): CRequires | null => (r ? compileRequires(r, tierNames) : null);
  const funds: string[] = [];
  const ids = p.components.map((c) => c.id);
  const components = p.components.map((c, index) =>
    sameShape(compileComponent(c, index, { req, ids, funds, digits, tierNames })),
  );
  const cap = p.cap ? new Dec(p.cap.per_partner_per_period) : null;
  return {
    name: p.program,
    currency: p.currency,
    digits,
    granularity,
    first: periodOfDate(p.starts, granularity),
    tierNames,
    tierMins: p.tiers ? p.tiers.levels.map((l) => new Dec(l.min ?? "0")) : [new Dec(0)],
    tierRequires: p.tiers ? p.tiers.levels.map((l) => req(l.requires)) : [null],
    tierMetric: compileFilter(p.tiers?.metric.deals),
    tierMetricKinds: wonKindsOnly(p.tiers?.metric.deals),
    window: p.tiers?.metric.window ?? 1,
    grace: p.tiers?.grace ?? 0,
    scorecard: (p.scorecard ?? []).map((s) => ({
      metric: s.metric,
      weight: new Dec(String(s.weight)),
      target: new Dec(s.target),
      lower: s.better === "lower",
    })),
    eligibility: p.eligibility ?? {},
    components,
    funds,
    cap,
    capText: cap ? cap.toFixed(digits) : "",
    holdbackRate: p.holdback ? new Dec(p.holdback.rate) : null,
    releaseAfter: p.holdback?.release_after ?? 0,
    clawbackDays: p.clawback ? p.clawback.window_days : null,
  };
}

function compileRequires(r: Requires, tierNames: string[]): CRequires {
  const tiers =
    r.tier === undefined
      ? null
      : (typeof r.tier === "string" ? [r.tier] : r.tier).map((t) => tierNames.indexOf(t));
  return {
    certifications: r.certifications ?? null,
    renewalRate: r.renewal_rate === undefined ? null : new Dec(r.renewal_rate),
    renewalRateText: r.renewal_rate === undefined ? "" : two(new Dec(r.renewal_rate)),
    score: r.score === undefined ? null : new Dec(r.score),
    scoreText: r.score === undefined ? "" : two(new Dec(r.score)),
    tiers,
    tierText: tiers ? tiers.map((t) => tierNames[t]).join(", ") : "",
  };
}

/** The kind mask of a filter that only selects won deals by kind; null for anything else. */
function wonKindsOnly(f: DealFilter | undefined): number | null {
  if (!f) return maskOf(["new", "expansion", "renewal"]);
  const { kind, stage, ...rest } = f;
  if (Object.values(rest).some((v) => v !== undefined)) return null;
  if (stage !== undefined && !(stage.length === 1 && stage[0] === "won")) return null;
  return maskOf(kind ?? ["new", "expansion", "renewal"]);
}

/** A component's filter as a predicate plus the same filter split for inline mask tests. */
function filterFields(f: DealFilter | undefined) {
  const simple = f?.product === undefined && f?.min_amount === undefined && f?.closed === undefined;
  return {
    match: compileFilter(f),
    kindMask: f?.kind ? maskOf(f.kind) : 7,
    stageMask: maskOf(f?.stage ?? ["won"]),
    attrMask: f?.attribution ? maskOf(f.attribution) : 192,
    extra: simple ? null : compileFilter(f),
  };
}

/** Keys AND together, list values OR; stage defaults to [won]. */
export function compileFilter(f: DealFilter | undefined): DealPredicate {
  const km = f?.kind ? maskOf(f.kind) : 7;
  const sm = maskOf(f?.stage ?? ["won"]);
  const am = f?.attribution ? maskOf(f.attribution) : 192;
  const products = f?.product ?? null;
  const min = f?.min_amount === undefined ? null : new Dec(f.min_amount);
  const from = f?.closed?.from ?? null;
  const to = f?.closed?.to ?? null;
  if (products === null && min === null && from === null && to === null)
    return (d) => (d.bits & km) !== 0 && (d.bits & sm) !== 0 && (d.bits & am) !== 0;
  return (d) => {
    const b = d.bits;
    if ((b & km) === 0 || (b & sm) === 0 || (b & am) === 0) return false;
    if (products !== null && (d.product === null || !products.includes(d.product))) return false;
    if (from !== null && d.close < from) return false;
    if (to !== null && d.close > to) return false;
    if (min !== null && d.amount.lessThan(min)) return false;
    return true;
  };
}

interface ComponentContext {
  req: (r: Requires | undefined) => CRequires | null;
  ids: string[];
  funds: string[];
  digits: number;
  tierNames: string[];
}

/**
 * Every component object gets the same properties in the same order, so the hot loop's
 * property reads see one hidden class instead of five (megamorphic inline caches are slow).
 */
function sameShape(c: CComponent): CComponent {
  const blank = {
    index: 0,
    id: "",
    requires: null,
    type: "rate",
    match: null,
    kindMask: 0,
    stageMask: 0,
    attrMask: 0,
    extra: null,
    marginal: false,
    froms: null,
    rates: null,
    fromText: null,
    rateText: null,
    bandSuffix: null,
    tierSuffix: null,
    suffix: "",
    amount: null,
    amountText: "",
    budget: null,
    max: null,
    maxText: "",
    targets: null,
    factorsMinusOne: null,
    factorText: null,
    fund: 0,
    rate: null,
    expiresAfter: null,
  };
  return Object.assign(blank, c) as unknown as CComponent;
}

function unreachable(c: never): never {
  throw new Error(`unknown component ${JSON.stringify(c)}`);
}

function compileComponent(c: Component, index: number, ctx: ComponentContext): CComponent {
  const { req, ids, funds, digits, tierNames } = ctx;

  const base = { index, id: c.id, requires: req(c.requires) };
  switch (c.type) {
    case "rate":
      return {
        ...base,
        type: "rate",
        ...filterFields(c.deals),
        marginal: (c.mode ?? "marginal") === "marginal",
        froms: c.bands.map((b) => new Dec(b.from)),
        rates: c.bands.map((b) => new Dec(b.rate)),
        fromText: c.bands.map((b) => new Dec(b.from).toFixed()),
        rateText: c.bands.map((b) => percent(new Dec(b.rate))),
        bandSuffix: c.bands.map(
          (b) => ` at ${percent(new Dec(b.rate))} (band from ${new Dec(b.from).toFixed()})`,
        ),
      };
    case "tier_rate":
      return {
        ...base,
        type: "tier_rate",
        ...filterFields(c.deals),
        rates: tierNames.map((t) => new Dec(c.rates[t] ?? "0")),
        rateText: tierNames.map((t) => percent(new Dec(c.rates[t] ?? "0"))),
        tierSuffix: tierNames.map((t) => ` at ${percent(new Dec(c.rates[t] ?? "0"))} (tier ${t})`),
      };
    case "spif":
      return {
        ...base,
        type: "spif",
        ...filterFields(c.deals),
        amount: new Dec(c.amount),
        amountText: new Dec(c.amount).toFixed(digits),
        budget: c.budget === undefined ? null : new Dec(c.budget),
        max: c.max_per_partner === undefined ? null : new Dec(c.max_per_partner),
        maxText: c.max_per_partner === undefined ? "" : new Dec(c.max_per_partner).toFixed(digits),
      };
    case "multiplier":
      return {
        ...base,
        type: "multiplier",
        targets: c.applies_to.map((t) => ids.indexOf(t)),
        froms: c.by_score.map((s) => new Dec(s.from)),
        factorsMinusOne: c.by_score.map((s) => new Dec(s.factor).minus(1)),
        factorText: c.by_score.map((s) => two(new Dec(s.factor))),
      };
    case "accrual": {
      if (!funds.includes(c.fund)) funds.push(c.fund);
      return {
        ...base,
        type: "accrual",
        ...filterFields(c.deals),
        fund: funds.indexOf(c.fund),
        rate: new Dec(c.rate),
        rateText: percent(new Dec(c.rate)),
        suffix: ` at ${percent(new Dec(c.rate))} to fund ${c.fund}`,
        expiresAfter: c.expires_after ?? null,
      };
    }
  }
  return unreachable(c);
}
