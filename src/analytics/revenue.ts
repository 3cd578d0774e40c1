// Revenue as the analytics count it: won deals (in the program currency) closing in a range of
// periods, as known at the end of the period analysed — a deal cancelled on or before that day
// is not revenue (its incentive was clawed back), one cancelled later still is.
import { Dec } from "../../money/index.ts";
import { type Granularity, parsePeriodLabel, periodEnd, periodOfDate } from "../period/index.ts";
import type { AnalyticsDeal, AnalyticsInput } from "./input.ts";

export interface PeriodIndex {
  granularity: Granularity;
  /** Index of the period analysed. */
  index: number;
  /** Its last day: nothing after it counts. */
  asOf: string;
}

export function periodIndex(input: Pick<AnalyticsInput, "period" | "program">): PeriodIndex {
  const parsed = parsePeriodLabel(input.period);
  if (!parsed || parsed.granularity !== input.program.period)
    throw new Error(`period ${input.period} is not a ${input.program.period} of the program`);
  return { granularity: parsed.granularity, index: parsed.index, asOf: periodEnd(input.period) };
}

/** A won deal closed by `asOf` and not cancelled by then. */
export const isSale = (d: AnalyticsDeal, asOf: string): boolean =>
  d.stage === "won" && d.closeDate <= asOf && (d.cancelledOn === null || d.cancelledOn > asOf);

/** The deal's period index at the program's granularity. */
export const dealPeriod = (d: AnalyticsDeal, g: Granularity): number => periodOfDate(d.closeDate, g);

/** Sales closing in periods [from, to] (indexes, inclusive), as known at `asOf`. */
export function salesIn(
  deals: readonly AnalyticsDeal[],
  at: PeriodIndex,
  from: number,
  to: number,
): AnalyticsDeal[] {
  return deals.filter((d) => {
    if (!isSale(d, at.asOf)) return false;
    const k = dealPeriod(d, at.granularity);
    return k >= from && k <= to;
  });
}

export const amountOf = (deals: readonly AnalyticsDeal[]): Dec =>
  deals.reduce((s, d) => s.plus(d.amount), new Dec(0));

/** Deals grouped by partner id. */
export function byPartner<T extends { partner: string }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const d of items) {
    const list = out.get(d.partner);
    if (list) list.push(d);
    else out.set(d.partner, [d]);
  }
  return out;
}
