// Threshold clustering: the share of the period's won deals sized just below a boundary (a band
// `from` or tier `min`, or the amounts the rule lists) is above the threshold — deals split or
// shaped around the program's thresholds.
import { Dec, ONE } from "../../../money/index.ts";
import type { ReviewConfig } from "../review-schema.ts";
import { DEFAULT_MIN_DEALS } from "../review-schema.ts";
import { amount, dealList, pct } from "./format.ts";
import type { PartnerPeriod, ReviewFlag } from "./types.ts";

export function thresholdClustering(
  cfg: NonNullable<ReviewConfig["threshold_clustering"]>,
  pp: PartnerPeriod,
): ReviewFlag | null {
  const n = pp.deals.length;
  if (n < (cfg.min_deals ?? DEFAULT_MIN_DEALS) || pp.boundaries.length === 0) return null;
  const within = new Dec(cfg.within);
  const below = ONE.minus(within);
  const hits: string[] = [];
  const ids: string[] = [];
  for (const d of pp.deals) {
    // The lowest boundary the deal sits just below: [b × (1 − within), b).
    const b = pp.boundaries.find(
      (x) => d.amount.lessThan(x) && d.amount.greaterThanOrEqualTo(x.times(below)),
    );
    if (!b) continue;
    ids.push(d.id);
    hits.push(`${d.id} ${amount(d.amount, pp.digits, pp.currency)} below ${b.toFixed()}`);
  }
  const share = new Dec(ids.length).dividedBy(n);
  const threshold = new Dec(cfg.share);
  if (!share.greaterThan(threshold)) return null;
  return {
    partner_id: pp.partner,
    period: pp.period,
    rule: "threshold_clustering",
    reason:
      `${ids.length} of ${n} won deals closed in ${pp.period} (${pct(share)}) are within ${pct(within)} ` +
      `below a boundary, above ${pct(threshold)}: ${dealList(hits, 5)}`,
    deals: ids,
  };
}
