// The per-partner program analytics (issue #17, src/analytics) as the canonical values the
// write-back compares and writes. A partner the analytics do not know (left out of the
// computation) gets blanks, like a partner without a statement.
import { Dec } from "../../../money/index.ts";
import type { PartnerAnalytics } from "../../analytics/index.ts";
import { INCENTIVE_REVENUE_SHARE_MAX, type PartnerComputed } from "../mapping/index.ts";

type AnalyticsFields = Pick<
  PartnerComputed,
  | "first_sale_date"
  | "second_sale_date"
  | "activated"
  | "days_to_first_sale"
  | "days_to_second_sale"
  | "segment"
  | "incentives_lifetime"
  | "incentives_this_year"
  | "incentive_revenue_share"
  | "sourced_revenue_share"
  | "influenced_revenue_share"
  | "score_change"
  | "renewal_rate_change"
  | "time_to_value_change"
>;

export function analyticsDesired(a: PartnerAnalytics | undefined): AnalyticsFields {
  return {
    first_sale_date: a?.activation.firstSaleOn ?? null,
    second_sale_date: a?.activation.secondSaleOn ?? null,
    activated: a ? a.activation.activated : null,
    days_to_first_sale: a?.activation.daysToFirstSale ?? null,
    days_to_second_sale: a?.activation.daysToSecondSale ?? null,
    segment: a?.segment.segment ?? null,
    incentives_lifetime: a?.cost.incentivesLifetime ?? null,
    incentives_this_year: a?.cost.incentivesThisYear ?? null,
    incentive_revenue_share: capShare(a?.cost.incentiveShare ?? null),
    sourced_revenue_share: a?.cost.sourcedShare ?? null,
    influenced_revenue_share: a?.cost.influencedShare ?? null,
    score_change: a?.trends.score.change ?? null,
    renewal_rate_change: a?.trends.renewalRate.change ?? null,
    time_to_value_change: a?.trends.timeToValue.change ?? null,
  };
}

/**
 * Incentives above 999.99 times a partner's revenue (a SPIF on a tiny deal) do not fit the CRM
 * field (Percent 7,2): the field gets its largest value, 99999.99, rather than a refused write
 * that would leave the partner's previous share showing. The API and the CLI show the exact
 * percent. Blank (null) without revenue.
 */
export function capShare(share: string | null): string | null {
  if (share === null) return null;
  return new Dec(share).greaterThan(INCENTIVE_REVENUE_SHARE_MAX) ? INCENTIVE_REVENUE_SHARE_MAX : share;
}
