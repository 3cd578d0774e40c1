// Per partner-period statistics from the period's deals, and the scorecard (spec §3).

import { Dec, HUNDRED, two, ZERO } from "../../money/index.ts";
import type { CProgram, CScoreMetric, PDeal } from "./compile.ts";
import type { CLadder } from "./ladders.ts";

export interface PeriodStats {
  /** Won new + expansion amount (revenue_growth). */
  newExpansionWon: Dec;
  renewalWon: Dec;
  renewalAll: Dec;
  /** Sums in millionths (csat and time_to_value_days are not money). */
  csatSum: number;
  csatCount: number;
  ttvSum: number;
  ttvCount: number;
  newWon: number;
  newLost: number;
  /** The tier metric's amount for this period. */
  tierMetric: Dec;
}

const NEW = 1;
const EXPANSION = 2;
const RENEWAL = 4;
const WON = 8;
const LOST = 16;

/** `ladder` is the partner's ladder in the period: its metric is the tier metric. */
export function periodStats(
  ladder: CLadder,
  deals: PDeal[],
  order: Int32Array,
  s: number,
  e: number,
): PeriodStats {
  // One addition per won deal, into its kind's sum; the tier metric is usually a sum of kinds.
  let newAmt = ZERO;
  let expAmt = ZERO;
  let renWon = ZERO;
  let renLost = ZERO;
  let csatSum = 0;
  let csatCount = 0;
  let ttvSum = 0;
  let ttvCount = 0;
  let newWon = 0;
  let newLost = 0;
  const kinds = ladder.metricKinds;
  const metric = ladder.metric;
  const margin = ladder.margin;
  let generic = ZERO;
  for (let i = s; i < e; i++) {
    const d = deals[order[i]!]!;
    const b = d.bits;
    if ((b & WON) !== 0) {
      if ((b & NEW) !== 0) {
        newAmt = newAmt.plus(d.amount);
        newWon++;
      } else if ((b & EXPANSION) !== 0) expAmt = expAmt.plus(d.amount);
      else renWon = renWon.plus(d.amount);
      if (d.csat >= 0) {
        csatSum += d.csat;
        csatCount++;
      }
      if (d.ttv >= 0) {
        ttvSum += d.ttv;
        ttvCount++;
      }
    } else if ((b & LOST) !== 0) {
      if ((b & RENEWAL) !== 0) renLost = renLost.plus(d.amount);
      else if ((b & NEW) !== 0) newLost++;
    }
    if (kinds === null && metric(d)) {
      // A margin metric adds nothing for a deal without a margin (spec §5).
      if (!margin) generic = generic.plus(d.amount);
      else if (d.margin !== null) generic = generic.plus(d.margin);
    }
  }
  let tierMetric = generic;
  if (kinds !== null) {
    tierMetric = ZERO;
    if ((kinds & NEW) !== 0) tierMetric = tierMetric.plus(newAmt);
    if ((kinds & EXPANSION) !== 0) tierMetric = tierMetric.plus(expAmt);
    if ((kinds & RENEWAL) !== 0) tierMetric = tierMetric.plus(renWon);
  }
  return {
    newExpansionWon: newAmt.plus(expAmt),
    renewalWon: renWon,
    renewalAll: renWon.plus(renLost),
    csatSum,
    csatCount,
    ttvSum,
    ttvCount,
    newWon,
    newLost,
    tierMetric,
  };
}

/** Σ won ÷ Σ (won + lost) renewal amounts; null with no renewal deals. */
export function renewalRate(won: Dec, all: Dec): Dec | null {
  return all.isZero() ? null : won.dividedBy(all);
}

export interface Score {
  value: Dec | null;
  text: string | null;
  /** Metrics left out for lack of data, named in explanations. */
  missing: string[];
}

/** Σ weight (and Σ weight × 100) of the metrics that have data, per inclusion mask. */
interface WeightSum {
  sum: Dec;
  sum100: Dec;
}
const weightSums = new WeakMap<readonly CScoreMetric[], (WeightSum | undefined)[]>();
const weight100 = new WeakMap<CScoreMetric, Dec>();

function weightSum(card: readonly CScoreMetric[], mask: number): WeightSum {
  let cache = weightSums.get(card);
  if (cache === undefined) {
    cache = [];
    weightSums.set(card, cache);
  }
  let w = cache[mask];
  if (w === undefined) {
    // The same additions, in the same order, as summing the weights metric by metric.
    let sum = ZERO;
    for (let i = 0; i < card.length; i++) if ((mask & (1 << i)) !== 0) sum = sum.plus(card[i]!.weight);
    w = { sum, sum100: sum.times(HUNDRED) };
    cache[mask] = w;
  }
  return w;
}

function weightTimes100(m: CScoreMetric): Dec {
  let w = weight100.get(m);
  if (w === undefined) {
    w = m.weight.times(HUNDRED);
    weight100.set(m, w);
  }
  return w;
}

/** A metric's value as num ÷ den (csat and time to value are summed in millionths). */
function metricRatio(
  m: CScoreMetric,
  st: PeriodStats,
  previousNewExpansion: Dec,
): [Dec | number, Dec | number] {
  switch (m.metric) {
    case "renewal_rate":
      return [st.renewalWon, st.renewalAll];
    case "revenue_growth":
      return [st.newExpansionWon.minus(previousNewExpansion), previousNewExpansion];
    case "csat":
      return [st.csatSum, st.csatCount * 1e6];
    case "time_to_value_days":
      return [st.ttvSum, st.ttvCount * 1e6];
    case "win_rate":
      return [st.newWon, st.newWon + st.newLost];
  }
}

/**
 * The scorecard's metric values of the period, for showing (statement `metrics`, opt-in): per
 * metric counting for the partner (`applies` as in score()), its value with 2 decimals
 * (ratios as ratios: renewal_rate 0.85, revenue_growth 0.20), null without data.
 */
export function metricValues(
  cp: CProgram,
  st: PeriodStats,
  previousNewExpansion: Dec,
  applies = -1,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (let i = 0; i < cp.scorecard.length; i++) {
    if ((applies & (1 << i)) === 0) continue;
    const m = cp.scorecard[i]!;
    const [num, den] = metricRatio(m, st, previousNewExpansion);
    const d = new Dec(den);
    out[m.metric] = d.isZero() ? null : two(new Dec(num).dividedBy(d));
  }
  return out;
}

/**
 * `applies`: bit i set when scorecard metric i counts for the partner (spec §5 `partners:`);
 * -1 when every metric does.
 */
export function score(cp: CProgram, st: PeriodStats, previousNewExpansion: Dec, applies = -1): Score {
  const card = cp.scorecard;
  if (card.length === 0) return { value: null, text: null, missing: [] };
  // Weight sums depend only on which metrics have data: cached per mask (up to 16 metrics).
  const cached = card.length <= 16;
  let mask = 0;
  let weighted = ZERO;
  let weights = ZERO;
  const missing: string[] = [];
  for (let i = 0; i < card.length; i++) {
    if ((applies & (1 << i)) === 0) continue;
    const m = card[i]!;
    // Each metric is a ratio num/den; one division gives its score (fewer, cheaper divisions).
    const [num, den] = metricRatio(m, st, previousNewExpansion);
    if (typeof den === "number" ? den === 0 : den.isZero()) {
      missing.push(m.metric);
      continue;
    }
    // higher-better: value/target×100 = num×100 / (den×target); lower: target×den×100 / num.
    // Clamped cases are decided by comparing the two sides, so they cost no division; a
    // clamped 0 adds nothing and a clamped 100 adds the precomputed weight × 100.
    const n = typeof num === "number" ? new Dec(num) : num;
    let term: Dec | null;
    if (!m.lower) {
      if (!n.isPositive() || n.isZero()) term = null;
      else {
        const d = m.target.times(den);
        term = !n.lessThan(d) ? weightTimes100(m) : m.weight.times(n.times(HUNDRED).dividedBy(d));
      }
    } else {
      const t = m.target.times(den);
      term = !n.greaterThan(t) ? weightTimes100(m) : m.weight.times(t.times(HUNDRED).dividedBy(n));
    }
    // ZERO + x is x (x is already an operation's result at full precision); + 0 changes nothing.
    if (term !== null && !term.isZero()) weighted = weighted === ZERO ? term : weighted.plus(term);
    if (cached) mask |= 1 << i;
    else weights = weights.plus(m.weight);
  }
  let weights100: Dec;
  if (cached) {
    const w = weightSum(card, mask);
    weights = w.sum;
    weights100 = w.sum100;
  } else weights100 = weights.times(HUNDRED);
  if (weights.isZero()) return { value: null, text: null, missing };
  const value = weighted.equals(weights100) ? HUNDRED : weighted.dividedBy(weights);
  return { value, text: two(value), missing };
}
