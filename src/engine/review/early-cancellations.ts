// Early cancellations: the share of the period's won deals cancelled within N days of closing
// is above the threshold (deals booked to earn, then unwound).
import { Dec } from "../../../money/index.ts";
import { dayNumber } from "../../period/index.ts";
import type { ReviewConfig } from "../review-schema.ts";
import { DEFAULT_MIN_DEALS } from "../review-schema.ts";
import { dealList, pct } from "./format.ts";
import type { PartnerPeriod, ReviewFlag } from "./types.ts";

export function earlyCancellations(
  cfg: NonNullable<ReviewConfig["early_cancellations"]>,
  pp: PartnerPeriod,
): ReviewFlag | null {
  const n = pp.deals.length;
  if (n < (cfg.min_deals ?? DEFAULT_MIN_DEALS)) return null;
  const early = pp.deals.filter(
    (d) => d.cancelled !== null && dayNumber(d.cancelled) - d.closeDay <= cfg.within_days,
  );
  const share = new Dec(early.length).dividedBy(n);
  const threshold = new Dec(cfg.share);
  if (!share.greaterThan(threshold)) return null;
  const ids = early.map((d) => d.id);
  return {
    partner_id: pp.partner,
    period: pp.period,
    rule: "early_cancellations",
    reason:
      `${early.length} of ${n} won deals closed in ${pp.period} (${pct(share)}) were cancelled within ` +
      `${cfg.within_days} days of closing, above ${pct(threshold)}: ` +
      dealList(
        early.map((d) => `${d.id} (closed ${d.close}, cancelled ${d.cancelled})`),
        5,
      ),
    deals: ids,
  };
}
