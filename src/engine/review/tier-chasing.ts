// Tier chasing: in the period that ends with a tier evaluation (every period does), the won deal
// count jumped by more than `count_jump` over the period before while the average deal size
// fell by more than `avg_drop` — many small deals booked to reach the next tier. A partner
// already holding the top tier has nothing to chase and is not looked at.
import { Dec, ZERO } from "../../../money/index.ts";
import type { ReviewConfig } from "../review-schema.ts";
import { DEFAULT_MIN_DEALS } from "../review-schema.ts";
import { amount, pct } from "./format.ts";
import type { PartnerPeriod, ReviewFlag } from "./types.ts";

const sum = (ds: PartnerPeriod["deals"]) => ds.reduce((a, d) => a.plus(d.amount), ZERO);

export function tierChasing(
  cfg: NonNullable<ReviewConfig["tier_chasing"]>,
  pp: PartnerPeriod,
): ReviewFlag | null {
  const n = pp.deals.length;
  const n0 = pp.previous.length;
  if (n0 === 0 || n < (cfg.min_deals ?? DEFAULT_MIN_DEALS)) return null;
  if (pp.tier?.top) return null;
  const jump = new Dec(n - n0).dividedBy(n0);
  const limit = new Dec(cfg.count_jump);
  if (!jump.greaterThan(limit)) return null;
  const avg = sum(pp.deals).dividedBy(n);
  const avg0 = sum(pp.previous).dividedBy(n0);
  if (avg0.isZero()) return null;
  const drop = avg0.minus(avg).dividedBy(avg0);
  const dropLimit = new Dec(cfg.avg_drop);
  if (!drop.greaterThan(dropLimit)) return null;
  const evaluation = pp.tier
    ? `; the tier evaluation at the end of ${pp.period} ${
        pp.tier.qualified === pp.tier.held
          ? `kept ${pp.tier.held}`
          : `qualified it for ${pp.tier.qualified} (held ${pp.tier.held})`
      }`
    : "";
  return {
    partner_id: pp.partner,
    period: pp.period,
    rule: "tier_chasing",
    reason:
      `${n} won deals in ${pp.period} against ${n0} the period before (+${pct(jump)}, above +${pct(limit)}) ` +
      `while the average deal fell from ${amount(avg0, pp.digits, pp.currency)} to ` +
      `${amount(avg, pp.digits, pp.currency)} (−${pct(drop)}, beyond −${pct(dropLimit)})${evaluation}`,
    deals: pp.deals.map((d) => d.id),
  };
}
