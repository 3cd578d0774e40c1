// Per partner-period statistics from the period's deals, and the scorecard (spec §3).
import type { CProgram, PDeal } from "./compile.ts";
import { Dec, HUNDRED, ONE, ZERO, two } from "./money.ts";

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

export function periodStats(cp: CProgram, deals: PDeal[], order: Int32Array, s: number, e: number): PeriodStats {
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
  return { newExpansionWon, renewalWon, renewalAll, csatSum, csatCount, ttvSum, ttvCount, newWon, newLost, tierMetric };
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

export function score(cp: CProgram, st: PeriodStats, previousNewExpansion: Dec): Score {
  if (cp.scorecard.length === 0) return { value: null, text: null, missing: [] };
  let weighted = ZERO;
  let weights = ZERO;
  const missing: string[] = [];
  for (const m of cp.scorecard) {
    let value: Dec | null = null;
    switch (m.metric) {
      case "renewal_rate":
        value = renewalRate(st.renewalWon, st.renewalAll);
        break;
      case "revenue_growth":
        value = previousNewExpansion.isZero() ? null : st.newExpansionWon.dividedBy(previousNewExpansion).minus(ONE);
        break;
      case "csat":
        value = st.csatCount === 0 ? null : st.csatSum.dividedBy(st.csatCount);
        break;
      case "time_to_value_days":
        value = st.ttvCount === 0 ? null : st.ttvSum.dividedBy(st.ttvCount);
        break;
      case "win_rate":
        value = st.newWon + st.newLost === 0 ? null : new Dec(st.newWon).dividedBy(st.newWon + st.newLost);
        break;
    }
    if (value === null) {
      missing.push(m.metric);
      continue;
    }
    let ms: Dec;
    if (m.lower) ms = value.isZero() ? HUNDRED : m.target.dividedBy(value).times(HUNDRED);
    else ms = value.dividedBy(m.target).times(HUNDRED);
    if (ms.isNegative()) ms = ZERO;
    else if (ms.greaterThan(HUNDRED)) ms = HUNDRED;
    weighted = weighted.plus(m.weight.times(ms));
    weights = weights.plus(m.weight);
  }
  if (weights.isZero()) return { value: null, text: null, missing };
  const value = weighted.dividedBy(weights);
  return { value, text: two(value), missing };
}
