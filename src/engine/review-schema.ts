// The program's `review:` and `nudges:` blocks (issue #16): anomaly rules that hold a
// partner-period's payable for a person to check, and the near-tier / tier-change tasks the
// sync creates for a partner's account owner. Structure only; cross-field rules are in
// program-rules.ts.
import { z } from "zod";
import { list } from "./program-limits.ts";
import { moneyString, positiveDecimal, rateString } from "./schema-parts.ts";

/** At least this many won deals in the period before a count or share rule looks at it. */
const minDeals = z.int().min(1).optional();

export const reviewSchema = z.strictObject({
  /** Share of the period's won amount closed in its last `last_days` days above `share`. */
  quarter_end_spike: z
    .strictObject({ last_days: z.int().min(1), share: rateString, min_deals: minDeals })
    .optional(),
  /** Share of the period's won deals cancelled within `within_days` of closing above `share`. */
  early_cancellations: z
    .strictObject({ within_days: z.int().min(0), share: rateString, min_deals: minDeals })
    .optional(),
  /** Share of won deals sized within `within` (a fraction) below a boundary above `share`. */
  threshold_clustering: z
    .strictObject({
      within: rateString,
      share: rateString,
      min_deals: minDeals,
      /** Amounts to watch; absent: every band `from` and tier `min` above 0 in the program. */
      boundaries: list(moneyString).min(1).optional(),
    })
    .optional(),
  /** Won deal count up by more than `count_jump` (1.00 = +100%) while the average fell by more than `avg_drop`. */
  tier_chasing: z
    .strictObject({ count_jump: positiveDecimal, avg_drop: rateString, min_deals: minDeals })
    .optional(),
  /** The same customer, amount, currency and close date on won deals of two partners. */
  duplicate_deals: z.strictObject({}).optional(),
});

export const nudgesSchema = z.strictObject({
  /** A task when the gap to the next tier is at most this fraction of that tier's `min`. */
  near_tier: rateString.optional(),
  /** A task when the held tier goes up or down between periods. */
  tier_changes: z.boolean().optional(),
});

export type ReviewConfig = z.output<typeof reviewSchema>;
export type NudgesConfig = z.output<typeof nudgesSchema>;
export type ReviewRule = keyof ReviewConfig;
export const REVIEW_RULES: readonly ReviewRule[] = [
  "quarter_end_spike",
  "early_cancellations",
  "threshold_clustering",
  "tier_chasing",
  "duplicate_deals",
];
/** Deals a count or share rule needs in the period when `min_deals` is not set. */
export const DEFAULT_MIN_DEALS = 3;
