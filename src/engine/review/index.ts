// Review flags (issue #16): the program's `review:` rules evaluated for one period, purely from
// the data set the statements were computed from. Same program, data and period → the same
// flags in the same order (partner id, then rule order), whatever order the records came in.

import { Dec, minorDigits } from "../../../money/index.ts";
import { dayNumber, parsePeriodLabel, periodLabel, periodStartDate } from "../../period/index.ts";
import type { Data } from "../data-schema.ts";
import { ladderByLabel } from "../ladders.ts";
import type { Program } from "../program-schema.ts";
import { fail, ok, type Result } from "../result.ts";
import { programBoundaries } from "../review-rules.ts";
import { indexDeals, type ReviewIndex } from "./deal-index.ts";
import { duplicateDeals } from "./duplicate-deals.ts";
import { earlyCancellations } from "./early-cancellations.ts";
import { quarterEndSpike } from "./quarter-end-spike.ts";
import { thresholdClustering } from "./threshold-clustering.ts";
import { tierChasing } from "./tier-chasing.ts";
import type { PartnerPeriod, ReviewFlag } from "./types.ts";

export type { ReviewIndex } from "./deal-index.ts";
export type { ReviewFlag } from "./types.ts";

/** The statement figures tier chasing reads: tier held in the period and qualified at its end. */
export interface ReviewTiers {
  partners: ReadonlyArray<{
    partner_id: string;
    tier: string;
    qualified_tier: string;
    ladder?: string | null;
  }>;
}

/** Indexes the data set once; every period's flags are then read from the index. */
export function prepareReview(program: Program, data: Data): Result<ReviewIndex> {
  return indexDeals(data, program.period, program.currency);
}

/**
 * Flags of `period` under `program` (the version in effect for that period). `tiers` is the
 * period's statement: with it, tier chasing skips partners holding the top tier and its reason
 * names the tier evaluation's outcome.
 */
export function reviewFlags(
  program: Program,
  index: ReviewIndex,
  period: string,
  tiers?: ReviewTiers,
): Result<ReviewFlag[]> {
  const parsed = parsePeriodLabel(period);
  if (!parsed || parsed.granularity !== program.period)
    return fail([
      { path: "period", message: `'${period}' is not a ${program.period} period`, code: "invalid_period" },
    ]);
  const review = program.review;
  if (!review) return ok([]);
  const g = program.period;
  const endDay = dayNumber(periodStartDate(parsed.index + 1, g)) - 1;
  const prevLabel = periodLabel(parsed.index - 1, g);
  const boundaries = [
    ...new Set(
      (review.threshold_clustering?.boundaries ?? programBoundaries(program)).map((b) =>
        new Dec(b).toFixed(),
      ),
    ),
  ]
    .map((b) => new Dec(b))
    .sort((a, b) => a.comparedTo(b));
  const tierOf = new Map((tiers?.partners ?? []).map((p) => [p.partner_id, p]));
  const partners = index.byPeriod.get(period) ?? new Map();
  const previous = prevLabel ? (index.byPeriod.get(prevLabel) ?? new Map()) : new Map();
  const out: ReviewFlag[] = [];
  for (const partner of [...partners.keys()].sort()) {
    const t = tierOf.get(partner);
    // Ranks are within the partner's own ladder (spec §5).
    const levels = ladderByLabel(program.tiers, t?.ladder)?.levels.map((l) => l.name) ?? [];
    const rank = t ? levels.indexOf(t.tier) : -1;
    const pp: PartnerPeriod = {
      partner,
      period,
      deals: partners.get(partner) ?? [],
      previous: previous.get(partner) ?? [],
      endDay,
      currency: program.currency,
      digits: minorDigits(program.currency),
      index,
      tier: t ? { held: t.tier, qualified: t.qualified_tier, rank, top: rank === levels.length - 1 } : null,
      boundaries,
    };
    const flags = [
      review.quarter_end_spike ? quarterEndSpike(review.quarter_end_spike, pp) : null,
      review.early_cancellations ? earlyCancellations(review.early_cancellations, pp) : null,
      review.threshold_clustering ? thresholdClustering(review.threshold_clustering, pp) : null,
      review.tier_chasing ? tierChasing(review.tier_chasing, pp) : null,
      review.duplicate_deals ? duplicateDeals(pp) : null,
    ];
    for (const f of flags) if (f) out.push(f);
  }
  return ok(out);
}
