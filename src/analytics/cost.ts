// Incentive cost and return (issue #17). The cost of a period is what its statements made the
// partners earn in cash: every counted line (rate, tier_rate, spif, multiplier, cap, clawback),
// forfeited lines and fund accruals left out — accruals are MDF/co-op budget (budgets.ts), not
// cash until claimed. Attributed revenue is the period's sales (revenue.ts).
// cost-to-incentive = cost ÷ revenue (a percent); ROI = revenue ÷ cost (a ratio).
import { Dec } from "../../money/index.ts";
import { parsePeriodLabel } from "../period/index.ts";
import {
  count,
  type Figure,
  figure,
  moneyText,
  percent,
  ratio,
  sum,
  type Tally,
  tally,
  tallyFigure,
} from "./figures.ts";
import type { AnalyticsDeal, AnalyticsInput, AnalyticsStatement, AnalyticsStatementLine } from "./input.ts";
import { amountOf, byPartner, isSale, type PeriodIndex, salesIn } from "./revenue.ts";

export const isCostLine = (l: AnalyticsStatementLine): boolean => !l.forfeited && l.kind !== "accrual";

export interface ProgramCost {
  total: Figure;
  byComponent: Array<{ component: string } & Figure>;
  byTier: Array<{ tier: string } & Figure>;
  attributedRevenue: Figure;
  sourcedRevenue: Figure;
  influencedRevenue: Figure;
  /** Percent of attributed revenue; null without revenue. */
  sourcedShare: string | null;
  influencedShare: string | null;
  /** cost ÷ attributed revenue, a percent; null without revenue. */
  costToIncentive: string | null;
  /** attributed revenue ÷ cost; null without cost. */
  roi: string | null;
}

export interface PartnerCost {
  /** Σ payable of every period up to the one analysed (program currency). */
  incentivesLifetime: string;
  /** Σ payable of the periods of the analysed period's year, up to it. */
  incentivesThisYear: string;
  /** Lifetime incentives ÷ lifetime revenue, a percent; null without revenue. */
  incentiveShare: string | null;
  /** Sourced / influenced share of lifetime revenue, percents; null without revenue. */
  sourcedShare: string | null;
  influencedShare: string | null;
  revenueLifetime: string;
}

/** Adds a cost line to the running total under `key` (a zero line still names its partner). */
function add(map: Map<string, Tally>, key: string, partner: string, line: AnalyticsStatementLine): void {
  const t = map.get(key) ?? tally();
  count(t, line.amount, partner, line.deal_id, true);
  map.set(key, t);
}

const asFigures = <K extends string>(map: Map<string, Tally>, key: K, currency: string) =>
  [...map.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(
      ([k, b]) =>
        ({ [key]: k, ...tallyFigure(b, currency) }) as {
          [P in K]: string;
        } & Figure,
    );

export function programCost(
  statements: readonly AnalyticsStatement[],
  deals: readonly AnalyticsDeal[],
  at: PeriodIndex,
  currency: string,
): ProgramCost {
  const total = tally();
  const byComponent = new Map<string, Tally>();
  const byTier = new Map<string, Tally>();
  for (const s of statements) {
    for (const line of s.lines) {
      if (!isCostLine(line)) continue;
      count(total, line.amount, s.partner_id, line.deal_id, true);
      add(byComponent, line.component, s.partner_id, line);
      add(byTier, s.tier ?? "(none)", s.partner_id, line);
    }
  }
  const sales = salesIn(deals, at, at.index, at.index);
  const sourced = sales.filter((d) => d.attribution === "sourced");
  const influenced = sales.filter((d) => d.attribution === "influenced");
  const revenue = amountOf(sales);
  const revFigure = (list: AnalyticsDeal[]) =>
    figure(
      moneyText(amountOf(list), currency),
      list.map((d) => d.partner),
      list.map((d) => d.id),
    );
  return {
    total: tallyFigure(total, currency),
    byComponent: asFigures(byComponent, "component", currency),
    byTier: asFigures(byTier, "tier", currency),
    attributedRevenue: revFigure(sales),
    sourcedRevenue: revFigure(sourced),
    influencedRevenue: revFigure(influenced),
    sourcedShare: percent(amountOf(sourced), revenue),
    influencedShare: percent(amountOf(influenced), revenue),
    costToIncentive: percent(total.amount, revenue),
    roi: ratio(revenue, total.amount),
  };
}

export function partnerCost(
  input: Pick<AnalyticsInput, "partners" | "deals" | "statements" | "period" | "program">,
  at: PeriodIndex,
): Map<string, PartnerCost> {
  const currency = input.program.currency;
  const yearOf = (label: string) => label.slice(0, 4);
  const lifetime = new Map<string, Dec>();
  const thisYear = new Map<string, Dec>();
  for (const [period, list] of input.statements) {
    const k = parsePeriodLabel(period);
    if (!k || k.granularity !== at.granularity || k.index > at.index) continue;
    for (const s of list) {
      lifetime.set(s.partner_id, (lifetime.get(s.partner_id) ?? new Dec(0)).plus(s.payable));
      if (yearOf(period) === input.period.slice(0, 4))
        thisYear.set(s.partner_id, (thisYear.get(s.partner_id) ?? new Dec(0)).plus(s.payable));
    }
  }
  const sales = byPartner(input.deals.filter((d) => isSale(d, at.asOf)));
  const out = new Map<string, PartnerCost>();
  for (const p of input.partners) {
    const own = sales.get(p.id) ?? [];
    const revenue = amountOf(own);
    const paid = lifetime.get(p.id) ?? new Dec(0);
    const sourced = sum(own.filter((d) => d.attribution === "sourced").map((d) => d.amount));
    out.set(p.id, {
      incentivesLifetime: moneyText(paid, currency),
      incentivesThisYear: moneyText(thisYear.get(p.id) ?? new Dec(0), currency),
      incentiveShare: percent(paid, revenue),
      sourcedShare: percent(sourced, revenue),
      influencedShare: percent(revenue.minus(sourced), revenue),
      revenueLifetime: moneyText(revenue, currency),
    });
  }
  return out;
}
