// Trends (issue #17): score, renewal rate and time-to-value of the analysed period against the
// previous one, per partner and for the program. Score: the statements' (program: the mean over
// partners with a score). Renewal rate: Σ won ÷ Σ (won + lost) renewal amounts closing in the
// period — the engine's scorecard definition — as a percent. Time to value: the mean
// time_to_value_days of the period's sales that carry one. A change needs both periods' values.
import { Dec } from "../../money/index.ts";
import { RATIO_DIGITS } from "./figures.ts";
import type { AnalyticsDeal, AnalyticsStatement } from "./input.ts";
import { dealPeriod, isSale, type PeriodIndex } from "./revenue.ts";

export interface Trend {
  current: string | null;
  previous: string | null;
  /** current − previous (points for the renewal rate, days for time to value); null without both. */
  change: string | null;
  direction: "up" | "down" | "flat" | null;
}

export interface TrendSet {
  score: Trend;
  renewalRate: Trend;
  timeToValue: Trend;
}

const fixed = (d: Dec) => d.toFixed(RATIO_DIGITS, Dec.ROUND_HALF_UP);

export function trend(current: Dec | null, previous: Dec | null): Trend {
  const c = current === null ? null : fixed(current);
  const p = previous === null ? null : fixed(previous);
  if (c === null || p === null) return { current: c, previous: p, change: null, direction: null };
  const change = new Dec(c).minus(p);
  return {
    current: c,
    previous: p,
    change: fixed(change),
    direction: change.isZero() ? "flat" : change.isPositive() ? "up" : "down",
  };
}

/** Renewal rate (percent) and mean time to value (days) of deals closing in period `k`. */
export function dealRates(deals: readonly AnalyticsDeal[], at: PeriodIndex, k: number) {
  let won = new Dec(0);
  let all = new Dec(0);
  let ttv = new Dec(0);
  let ttvCount = 0;
  for (const d of deals) {
    if (dealPeriod(d, at.granularity) !== k || d.closeDate > at.asOf) continue;
    const sale = isSale(d, at.asOf);
    if (d.kind === "renewal" && (sale || d.stage === "lost")) {
      all = all.plus(d.amount);
      if (sale) won = won.plus(d.amount);
    }
    if (sale && d.timeToValueDays !== null) {
      ttv = ttv.plus(d.timeToValueDays);
      ttvCount++;
    }
  }
  return {
    renewalRate: all.isZero() ? null : won.times(100).dividedBy(all),
    timeToValue: ttvCount === 0 ? null : ttv.dividedBy(ttvCount),
  };
}

const meanScore = (list: readonly AnalyticsStatement[] | undefined): Dec | null => {
  const scores = (list ?? []).flatMap((s) => (s.score === null ? [] : [new Dec(s.score)]));
  return scores.length === 0 ? null : scores.reduce((a, b) => a.plus(b), new Dec(0)).dividedBy(scores.length);
};

export function trendSet(
  deals: readonly AnalyticsDeal[],
  current: readonly AnalyticsStatement[] | undefined,
  previous: readonly AnalyticsStatement[] | undefined,
  at: PeriodIndex,
): TrendSet {
  const now = dealRates(deals, at, at.index);
  const before = dealRates(deals, at, at.index - 1);
  return {
    score: trend(meanScore(current), meanScore(previous)),
    renewalRate: trend(now.renewalRate, before.renewalRate),
    timeToValue: trend(now.timeToValue, before.timeToValue),
  };
}
