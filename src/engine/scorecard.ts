// Per partner-period statistics from the period's deals, and the scorecard (spec §3).
import type { CProgram, PDeal } from "./compile.ts";
import { type Dec, HUNDRED, Ratio, two, ZERO } from "./money.ts";

export interface PeriodStats {
  /** Won new + expansion amount (revenue_growth). */
  newExpansionWon: Dec;
  renewalWon: Dec;
  renewalAll: Dec;
  csatSum: Dec;
  csatCount: number;
  ttvSum: Dec;
  ttvCount: number;
  newWon: number;
  newLost: number;
  /** The tier metric's amount for this period. */
  tierMetric: Dec;
}

export function periodStats(
  cp: CProgram,
  deals: PDeal[],
  order: Int32Array,
  s: number,
  e: number,
): PeriodStats {
  let newExpansionWon = ZERO;
  let renewalWon = ZERO;
  let renewalAll = ZERO;
  let csatSum = ZERO;
  let csatCount = 0;
  let ttvSum = ZERO;
  let ttvCount = 0;
  let newWon = 0;
  let newLost = 0;
  let tierMetric = ZERO;
  const metric = cp.tierMetric;
  for (let i = s; i < e; i++) {
    const d = deals[order[i]!]!;
    const won = d.stage === "won";
    if (d.kind === "renewal") {
      if (won) {
        renewalWon = renewalWon.plus(d.amount);
        renewalAll = renewalAll.plus(d.amount);
      } else if (d.stage === "lost") renewalAll = renewalAll.plus(d.amount);
    } else {
      if (won) newExpansionWon = newExpansionWon.plus(d.amount);
      if (d.kind === "new") {
        if (won) newWon++;
        else if (d.stage === "lost") newLost++;
      }
    }
    if (won) {
      if (d.csat !== null) {
        csatSum = csatSum.plus(d.csat);
        csatCount++;
      }
      if (d.ttv !== null) {
        ttvSum = ttvSum.plus(d.ttv);
        ttvCount++;
      }
    }
    if (metric(d)) tierMetric = tierMetric.plus(d.amount);
  }
  return {
    newExpansionWon,
    renewalWon,
    renewalAll,
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
  return all.isZero() ? null : new Ratio(won).dividedBy(all);
}

export interface Score {
  value: Dec | null;
  text: string | null;
  /** Metrics left out for lack of data, named in explanations. */
  missing: string[];
}

export function score(cp: CProgram, st: PeriodStats, previousNewExpansion: Dec): Score {
  if (cp.scorecard.length === 0) return { value: null, text: null, missing: [] };
  let weighted = ZERO;
  let weights = ZERO;
  const missing: string[] = [];
  for (const m of cp.scorecard) {
    // Each metric is a ratio num/den; one division gives its score (fewer, cheaper divisions).
    let num: Dec | number;
    let den: Dec | number;
    switch (m.metric) {
      case "renewal_rate":
        num = st.renewalWon;
        den = st.renewalAll;
        break;
      case "revenue_growth":
        num = st.newExpansionWon.minus(previousNewExpansion);
        den = previousNewExpansion;
        break;
      case "csat":
        num = st.csatSum;
        den = st.csatCount;
        break;
      case "time_to_value_days":
        num = st.ttvSum;
        den = st.ttvCount;
        break;
      case "win_rate":
        num = st.newWon;
        den = st.newWon + st.newLost;
        break;
    }
    if (typeof den === "number" ? den === 0 : den.isZero()) {
      missing.push(m.metric);
      continue;
    }
    let ms: Dec;
    // higher-better: value/target×100 = num×100 / (den×target); lower: target×den×100 / num.
    if (!m.lower) ms = new Ratio(num).times(HUNDRED).dividedBy(m.target.times(den));
    else if (typeof num === "number" ? num === 0 : num.isZero()) ms = HUNDRED;
    else ms = new Ratio(m.target).times(den).times(HUNDRED).dividedBy(num);
    if (ms.isNegative()) ms = ZERO;
    else if (ms.greaterThan(HUNDRED)) ms = HUNDRED;
    weighted = weighted.plus(m.weight.times(ms));
    weights = weights.plus(m.weight);
  }
  if (weights.isZero()) return { value: null, text: null, missing };
  const value = new Ratio(weighted).dividedBy(weights);
  return { value, text: two(value), missing };
}
