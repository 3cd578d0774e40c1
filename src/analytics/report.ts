// The analytics of one period: the program's figures (GET /api/analytics, `incentives
// analytics`) and each partner's (written back to the CRMs). Pure: the same input gives the
// same report, byte for byte.
import { periodLabel } from "../period/index.ts";
import { type PayoutAccuracy, payoutAccuracy } from "./accuracy.ts";
import {
  type ActivationFunnel,
  activationFunnel,
  type PartnerActivation,
  partnerActivation,
} from "./activation.ts";
import { type FundUse, fundUse, periodsUpTo, type SpifBudget, spifBudgets } from "./budgets.ts";
import { type PartnerCost, type ProgramCost, partnerCost, programCost } from "./cost.ts";
import { type Figure, figure } from "./figures.ts";
import type { AnalyticsInput, AnalyticsStatement } from "./input.ts";
import { byPartner, periodIndex } from "./revenue.ts";
import {
  type PartnerSegment,
  type RankingRule,
  rankingRule,
  rankingValues,
  type Segment,
  segmentFigures,
  splitSegments,
} from "./segments.ts";
import { type TrendSet, trendSet } from "./trends.ts";

export interface ProgramAnalytics {
  program: string;
  period: string;
  previousPeriod: string;
  currency: string;
  closed: boolean;
  partners: {
    total: Figure;
    byTier: Array<{ tier: string } & Figure>;
    bySegment: Record<Segment, Figure>;
    ranking: RankingRule;
  };
  activation: ActivationFunnel;
  cost: ProgramCost;
  budgets: { spifs: SpifBudget[]; funds: FundUse[] };
  accuracy: PayoutAccuracy;
  trends: TrendSet;
  excludedDeals: Array<{ id: string; reason: string }>;
}

export interface PartnerAnalytics {
  partner: string;
  activation: PartnerActivation;
  segment: PartnerSegment;
  cost: PartnerCost;
  trends: TrendSet;
}

export interface Analytics {
  program: ProgramAnalytics;
  partners: Map<string, PartnerAnalytics>;
}

export function computeAnalytics(input: AnalyticsInput): Analytics {
  const at = periodIndex(input);
  const currency = input.program.currency;
  const previousPeriod = periodLabel(at.index - 1, at.granularity);
  const periodsBack = (n: number) =>
    Array.from({ length: n }, (_, i) => periodLabel(at.index - i, at.granularity)).reverse();
  const current = input.statements.get(input.period) ?? [];
  const previous = input.statements.get(previousPeriod);

  const activation = partnerActivation(input.partners, input.deals, at);
  const rule = rankingRule(input.program);
  const segments = splitSegments(rankingValues(input, rule, at, periodsBack));
  const costs = partnerCost(input, at);
  const periods = periodsUpTo(input.statements, at);

  const byId = (list: readonly AnalyticsStatement[] | undefined) =>
    new Map((list ?? []).map((s) => [s.partner_id, s]));
  const currentOf = byId(current);
  const previousOf = byId(previous);
  const one = (s: AnalyticsStatement | undefined) => (s ? [s] : undefined);
  const dealsOf = byPartner(input.deals);
  const partners = new Map<string, PartnerAnalytics>();
  for (const p of input.partners) {
    partners.set(p.id, {
      partner: p.id,
      activation: activation.get(p.id)!,
      segment: segments.get(p.id)!,
      cost: costs.get(p.id)!,
      trends: trendSet(dealsOf.get(p.id) ?? [], one(currentOf.get(p.id)), one(previousOf.get(p.id)), at),
    });
  }

  const tiers = new Map<string, string[]>();
  for (const s of current) {
    const tier = s.tier ?? "(none)";
    const ids = tiers.get(tier);
    if (ids) ids.push(s.partner_id);
    else tiers.set(tier, [s.partner_id]);
  }
  return {
    partners,
    program: {
      program: input.program.program,
      period: input.period,
      previousPeriod,
      currency,
      closed: input.closed,
      partners: {
        total: figure(
          String(input.partners.length),
          input.partners.map((p) => p.id),
        ),
        byTier: [...tiers.entries()]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([tier, ids]) => ({ tier, ...figure(String(ids.length), ids) })),
        bySegment: segmentFigures(segments),
        ranking: rule,
      },
      activation: activationFunnel(activation, at),
      cost: programCost(current, input.deals, at, currency),
      budgets: {
        spifs: spifBudgets(input.program, periods, at, currency),
        funds: fundUse(input.program, periods, at, currency),
      },
      accuracy: payoutAccuracy(current, input.adjustments, input.held, input.disputes, currency),
      trends: trendSet(input.deals, current, previous, at),
      excludedDeals: [...input.excludedDeals].sort((a, b) => (a.id < b.id ? -1 : 1)),
    },
  };
}
