// The 20-60-20 split (issue #17): partners ranked by the program's ranking metric (program
// format `analytics.segments`; default: revenue over the tier window) into top 20% / middle 60%
// / bottom 20%. Where a split is silent (docs/analytics.md "Segments"):
// - the top holds at most 20%: a group of equal values that straddles the top boundary goes to
//   the middle (nobody is "top" by a coin toss);
// - the bottom holds at least 20%: a group straddling the bottom boundary goes to the bottom
//   (a partner no better than a bottom partner is bottom) — all-equal values are all bottom;
// - fewer than 5 partners: no split, everyone is middle (20% of them is less than one partner).
import { Dec } from "../../money/index.ts";
import { BIT, compileFilter, type PDeal } from "../engine/compile.ts";
import type { DealFilter, Ladder, Program } from "../engine/program-schema.ts";
import { type Figure, figure } from "./figures.ts";
import type { AnalyticsDeal, AnalyticsInput } from "./input.ts";
import { byPartner, type PeriodIndex, salesIn } from "./revenue.ts";

export type Segment = "top" | "middle" | "bottom";
export const SEGMENTS: readonly Segment[] = ["top", "middle", "bottom"];
export type RankBy = "revenue" | "margin" | "incentives" | "score";

export interface RankingRule {
  rankBy: RankBy;
  /** Periods ending with the one analysed (revenue, margin, incentives). */
  window: number;
  deals: DealFilter | undefined;
}

export interface PartnerSegment {
  segment: Segment;
  /** The ranking value (decimal string) and the partner's place, 1 = best (ties share a place). */
  value: string;
  rank: number;
  deals: string[];
}

/** The rule the program defines, or the default: revenue over the tier window with its deal filter. */
export function rankingRule(program: Program): RankingRule {
  const own = program.analytics?.segments;
  const ladders: Ladder[] =
    program.tiers === undefined ? [] : Array.isArray(program.tiers) ? program.tiers : [program.tiers];
  // One ladder: its metric's window and deals; several (spec §5): the longest window, all deals.
  const single = ladders.length === 1 ? ladders[0] : undefined;
  const tierWindow = Math.max(1, ...ladders.map((l) => l.metric.window ?? 1));
  return {
    rankBy: own?.rank_by ?? "revenue",
    window: own?.window ?? tierWindow,
    deals: own?.deals ?? single?.metric.deals,
  };
}

function dealMatcher(filter: DealFilter | undefined): (d: AnalyticsDeal) => boolean {
  const match = compileFilter(filter);
  return (d) =>
    match({
      bits: (BIT[d.kind] ?? 0) | (BIT[d.stage] ?? 0) | (BIT[d.attribution] ?? 0),
      product: d.product,
      close: d.closeDate,
      amount: new Dec(d.amount),
    } as PDeal);
}

/** Each partner's ranking value and the deals behind it. */
export function rankingValues(
  input: Pick<AnalyticsInput, "partners" | "deals" | "statements" | "period">,
  rule: RankingRule,
  at: PeriodIndex,
  periodsBack: (n: number) => string[],
): Map<string, { value: Dec; deals: string[] }> {
  const out = new Map<string, { value: Dec; deals: string[] }>();
  for (const p of input.partners) out.set(p.id, { value: new Dec(0), deals: [] });
  if (rule.rankBy === "revenue" || rule.rankBy === "margin") {
    const matches = dealMatcher(rule.deals);
    const sales = salesIn(input.deals, at, at.index - rule.window + 1, at.index).filter(matches);
    for (const [partner, list] of byPartner(sales)) {
      const v = out.get(partner);
      if (!v) continue;
      for (const d of list) {
        const amount = rule.rankBy === "revenue" ? d.amount : d.margin;
        if (amount === null) continue;
        v.value = v.value.plus(amount);
        v.deals.push(d.id);
      }
    }
    return out;
  }
  const periods = rule.rankBy === "score" ? [input.period] : periodsBack(rule.window);
  for (const period of periods) {
    for (const s of input.statements.get(period) ?? []) {
      const v = out.get(s.partner_id);
      if (!v) continue;
      if (rule.rankBy === "score") v.value = new Dec(s.score ?? 0);
      else v.value = v.value.plus(s.earned);
    }
  }
  return out;
}

/** The split itself (rules at the top of this file). */
export function splitSegments(
  values: Map<string, { value: Dec; deals: string[] }>,
): Map<string, PartnerSegment> {
  const ranked = [...values.entries()].sort(
    ([a, x], [b, y]) => y.value.comparedTo(x.value) || (a < b ? -1 : 1),
  );
  const n = ranked.length;
  const edge = n < 5 ? 0 : Math.floor(n / 5);
  const out = new Map<string, PartnerSegment>();
  // One pass per group of equal values: its first place, how many are at or above it, below it.
  for (let first = 0; first < n; ) {
    const value = ranked[first]![1].value;
    let end = first + 1;
    while (end < n && ranked[end]![1].value.equals(value)) end++;
    let segment: Segment = "middle";
    if (edge > 0 && end <= edge) segment = "top";
    else if (edge > 0 && n - end < edge) segment = "bottom";
    for (let i = first; i < end; i++) {
      const [id, v] = ranked[i]!;
      out.set(id, { segment, value: v.value.toString(), rank: first + 1, deals: [...v.deals].sort() });
    }
    first = end;
  }
  return out;
}

export function segmentFigures(segments: Map<string, PartnerSegment>): Record<Segment, Figure> {
  const out = {} as Record<Segment, Figure>;
  for (const s of SEGMENTS) {
    const members = [...segments.entries()].filter(([, v]) => v.segment === s);
    out[s] = figure(
      String(members.length),
      members.map(([id]) => id),
      members.flatMap(([, v]) => v.deals),
    );
  }
  return out;
}
