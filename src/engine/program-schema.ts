// The program (spec §2) as zod schemas. Structure and per-value rules live here; rules that
// relate values to each other (bands increasing, references, duplicates) are in program-rules.ts.
import { z } from "zod";
import { partnerType } from "./data-schema.ts";
import { list } from "./program-limits.ts";
import { nudgesSchema, reviewSchema } from "./review-schema.ts";
import {
  attribution,
  currencyCode,
  dealKind,
  dealStage,
  factorString,
  id,
  isoDate,
  moneyString,
  positiveDecimal,
  rateString,
  scoreString,
} from "./schema-parts.ts";

export const dealFilterSchema = z.strictObject({
  kind: list(dealKind).min(1).optional(),
  attribution: list(attribution).min(1).optional(),
  product: list(id).min(1).optional(),
  stage: list(dealStage).min(1).optional(),
  min_amount: moneyString.optional(),
  closed: z.strictObject({ from: isoDate.optional(), to: isoDate.optional() }).optional(),
});

export const requiresSchema = z.strictObject({
  certifications: z.int().min(0).optional(),
  renewal_rate: rateString.optional(),
  score: scoreString.optional(),
  tier: z.union([id, list(id).min(1)]).optional(),
});

/**
 * Spec §5: which partners a component, ladder or scorecard metric applies to. Keys AND, list
 * values OR; `tier` is the tier held in the period (not allowed on a ladder: program-rules.ts).
 */
export const partnerFilterSchema = z.strictObject({
  type: list(partnerType).min(1).optional(),
  tier: list(id).min(1).optional(),
  id: list(id).min(1).optional(),
});

/** Spec §5: what a rate, tier_rate or accrual is computed on (margin: the deal's gross margin). */
const basis = z.enum(["amount", "margin"]).optional();

const band = z.strictObject({ from: moneyString, rate: rateString });

const common = {
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "component id: letters, digits, _ . - only"),
  requires: requiresSchema.optional(),
  partners: partnerFilterSchema.optional(),
  // Accepted on every type so that `basis: margin` on a spif or multiplier is reported as the
  // rule it breaks (program-rules.ts), not as an unknown key.
  basis,
};

export const componentSchema = z.discriminatedUnion("type", [
  z.strictObject({
    ...common,
    type: z.literal("rate"),
    deals: dealFilterSchema.optional(),
    mode: z.enum(["marginal", "retroactive"]).optional(),
    bands: list(band).min(1),
  }),
  z.strictObject({
    ...common,
    type: z.literal("tier_rate"),
    deals: dealFilterSchema.optional(),
    rates: z.record(z.string(), rateString),
  }),
  z.strictObject({
    ...common,
    type: z.literal("spif"),
    deals: dealFilterSchema.optional(),
    amount: moneyString,
    budget: moneyString.optional(),
    max_per_partner: moneyString.optional(),
  }),
  z.strictObject({
    ...common,
    type: z.literal("multiplier"),
    applies_to: list(id).min(1),
    by_score: list(z.strictObject({ from: scoreString, factor: factorString })).min(1),
  }),
  z.strictObject({
    ...common,
    type: z.literal("accrual"),
    fund: id,
    deals: dealFilterSchema.optional(),
    rate: rateString,
    expires_after: z.int().min(1).optional(),
  }),
]);

// A weight may be a YAML number or a decimal string. Text that is no number at all ("forty")
// is reported as such, not as "must be > 0", so the author sees what is actually wrong.
const weight = z
  .union([z.number(), z.string()], { error: 'weight must be a number, e.g. 40 or "0.4"' })
  .superRefine((w, ctx) => {
    const numeric = typeof w === "number" ? Number.isFinite(w) : /^-?\d+(\.\d+)?$/.test(w);
    if (!numeric) {
      ctx.addIssue({ code: "custom", message: `weight '${String(w)}' is not a number` });
      return;
    }
    const positive = typeof w === "number" ? w > 0 : !w.startsWith("-") && /[1-9]/.test(w);
    if (!positive) ctx.addIssue({ code: "custom", message: "weight must be > 0" });
  });

/**
 * A tier ladder (spec §3 "Tiers", §5 "Ladders"). `name` is this implementation's addition where
 * the spec is silent: the label the CRMs show for the ladder (default: derived from its filter).
 */
export const ladderSchema = z.strictObject({
  name: z.string().min(1).max(80).optional(),
  partners: partnerFilterSchema.optional(),
  metric: z.strictObject({
    sum: z.enum(["amount", "margin"]),
    deals: dealFilterSchema.optional(),
    window: z.int().min(1).optional(),
  }),
  grace: z.int().min(0).optional(),
  levels: list(
    z.strictObject({ name: id, min: moneyString.optional(), requires: requiresSchema.optional() }),
  ).min(1),
});

export const programSchema = z.strictObject({
  program: z.string().min(1),
  currency: currencyCode,
  period: z.enum(["month", "quarter", "year"]),
  starts: isoDate,
  /** One ladder (v1) or a list of ladders chosen by partner (v1.1). */
  tiers: z.union([ladderSchema, list(ladderSchema).min(1)]).optional(),
  scorecard: list(
    z.strictObject({
      metric: z.enum(["renewal_rate", "revenue_growth", "csat", "time_to_value_days", "win_rate"]),
      weight,
      target: positiveDecimal,
      better: z.enum(["higher", "lower"]).optional(),
      partners: partnerFilterSchema.optional(),
    }),
  )
    .min(1)
    // Per-partner applicability is a bit mask (scorecard.ts); v1 has at most one entry per metric.
    .max(30)
    .optional(),
  eligibility: z
    .strictObject({ agreement_signed: z.boolean().optional(), compliance_ok: z.boolean().optional() })
    .optional(),
  components: list(componentSchema).min(1, "at least one component is required"),
  cap: z.strictObject({ per_partner_per_period: moneyString }).optional(),
  holdback: z.strictObject({ rate: rateString, release_after: z.int().min(1) }).optional(),
  clawback: z.strictObject({ window_days: z.int().min(0) }).optional(),
  review: reviewSchema.optional(),
  nudges: nudgesSchema.optional(),
  /** Program analytics (issue #17, docs/analytics.md): how partners are ranked into 20-60-20 segments. */
  analytics: z
    .strictObject({
      segments: z
        .strictObject({
          rank_by: z.enum(["revenue", "margin", "incentives", "score"]).optional(),
          window: z.int().min(1).optional(),
          deals: dealFilterSchema.optional(),
        })
        .optional(),
    })
    .optional(),
});

export type ProgramInput = z.input<typeof programSchema>;
export type Program = z.output<typeof programSchema>;
export type Component = Program["components"][number];
export type DealFilter = z.output<typeof dealFilterSchema>;
export type Requires = z.output<typeof requiresSchema>;
export type PartnerFilter = z.output<typeof partnerFilterSchema>;
export type Ladder = z.output<typeof ladderSchema>;
