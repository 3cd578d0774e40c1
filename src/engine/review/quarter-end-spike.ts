// Quarter-end spike: the share of the period's won amount that closed in its last N days is
// above the threshold (deals pulled into the period to reach a band, tier or cap).
import { Dec, ZERO } from "../../../money/index.ts";
import type { ReviewConfig } from "../review-schema.ts";
import { DEFAULT_MIN_DEALS } from "../review-schema.ts";
import { amount, dealList, isoDay, pct } from "./format.ts";
import type { PartnerPeriod, ReviewFlag } from "./types.ts";

export function quarterEndSpike(
  cfg: NonNullable<ReviewConfig["quarter_end_spike"]>,
  pp: PartnerPeriod,
): ReviewFlag | null {
  if (pp.deals.length < (cfg.min_deals ?? DEFAULT_MIN_DEALS)) return null;
  const from = pp.endDay - cfg.last_days + 1;
  let total = ZERO;
  let late = ZERO;
  const lateIds: string[] = [];
  for (const d of pp.deals) {
    total = total.plus(d.amount);
    if (d.closeDay >= from) {
      late = late.plus(d.amount);
      lateIds.push(d.id);
    }
  }
  if (total.isZero()) return null;
  const share = late.dividedBy(total);
  const threshold = new Dec(cfg.share);
  if (!share.greaterThan(threshold)) return null;
  return {
    partner_id: pp.partner,
    period: pp.period,
    rule: "quarter_end_spike",
    reason:
      `${pct(share)} of ${pp.period}'s won amount (${amount(late, pp.digits, pp.currency)} of ` +
      `${amount(total, pp.digits, pp.currency)}) closed in its last ${cfg.last_days} days ` +
      `(${isoDay(from)} to ${isoDay(pp.endDay)}), above ${pct(threshold)}: ${dealList(lateIds)}`,
    deals: lateIds,
  };
}
