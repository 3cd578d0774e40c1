// What a review rule sees for one partner-period, and the flag it raises.
import type { Dec } from "../../../money/index.ts";
import type { ReviewRule } from "../review-schema.ts";
import type { ReviewDeal, ReviewIndex } from "./deal-index.ts";

export interface ReviewFlag {
  partner_id: string;
  period: string;
  rule: ReviewRule;
  /** One sentence a person can check against the deals: the figures, the threshold, the deals. */
  reason: string;
  /** The deals the reason is about, in (close date, id) order. */
  deals: string[];
}

export interface PartnerPeriod {
  partner: string;
  period: string;
  /** Won deals closed in the period, (close, id) order. */
  deals: ReviewDeal[];
  /** Won deals closed in the period before. */
  previous: ReviewDeal[];
  /** Days since 1970-01-01 of the period's last day. */
  endDay: number;
  currency: string;
  digits: number;
  index: ReviewIndex;
  /** From the period's statement, when given: tier held in the period and tier qualified for at its end. */
  tier: { held: string; qualified: string; rank: number; top: boolean } | null;
  /** Boundaries the clustering rule watches, ascending. */
  boundaries: Dec[];
}
