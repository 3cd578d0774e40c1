// Canonical data (spec §1) as zod schemas, plus the rules relating records to each other.
import { z } from "zod";
import { parsePeriodLabel } from "./period.ts";
import type { Problem } from "./result.ts";
import {
  attribution,
  currencyCode,
  dealKind,
  dealStage,
  id,
  isoDate,
  moneyString,
  positiveDecimal,
  positiveMoney,
} from "./schema-parts.ts";

export const partnerSchema = z.strictObject({
  id,
  name: z.string(),
  type: z.enum(["reseller", "integrator", "technology", "affiliate", "agency", "var", "other"]),
  certifications: z.int().min(0),
  agreement_signed: z.boolean(),
  compliance_ok: z.boolean(),
  initial_tier: id.nullish(),
});

export const dealSchema = z.strictObject({
  id,
  partner_id: id,
  kind: dealKind,
  stage: dealStage,
  attribution,
  amount: moneyString,
  currency: currencyCode,
  close_date: isoDate,
  product: id.nullish(),
  csat: z.number().min(0).max(5).nullish(),
  time_to_value_days: z.number().min(0).nullish(),
  cancelled_on: isoDate.nullish(),
});

export const claimSchema = z.strictObject({
  id,
  partner_id: id,
  fund: id,
  amount: positiveMoney,
  date: isoDate,
});

const fxPeriod = z.string().refine((s) => parsePeriodLabel(s) !== null, {
  message: "expected a period like 2026-Q1, 2026-01 or 2026",
});

export const dataSchema = z.strictObject({
  partners: z.array(partnerSchema),
  deals: z.array(dealSchema),
  fx: z.record(fxPeriod, z.record(currencyCode, positiveDecimal)).optional(),
  claims: z.array(claimSchema).optional(),
});

export type Partner = z.output<typeof partnerSchema>;
export type Deal = z.output<typeof dealSchema>;
export type Claim = z.output<typeof claimSchema>;
export type Data = z.output<typeof dataSchema>;
export type DataInput = z.input<typeof dataSchema>;

/** Unique ids, known partners, cancellation not before close. Assumes a structurally valid document. */
export function dataRuleProblems(data: Data): Problem[] {
  const out: Problem[] = [];
  const partners = new Map<string, number>();
  data.partners.forEach((p, i) => {
    const first = partners.get(p.id);
    if (first !== undefined)
      out.push({
        path: `partners[${i}].id`,
        message: `duplicate partner id '${p.id}' (also partners[${first}])`,
        code: "duplicate_id",
      });
    else partners.set(p.id, i);
  });
  const deals = new Map<string, number>();
  data.deals.forEach((d, i) => {
    const first = deals.get(d.id);
    if (first !== undefined)
      out.push({
        path: `deals[${i}].id`,
        message: `duplicate deal id '${d.id}' (also deals[${first}])`,
        code: "duplicate_id",
      });
    else deals.set(d.id, i);
    if (!partners.has(d.partner_id))
      out.push({
        path: `deals[${i}].partner_id`,
        message: `unknown partner '${d.partner_id}'`,
        code: "unknown_partner",
      });
    if (d.cancelled_on != null && d.cancelled_on < d.close_date)
      out.push({
        path: `deals[${i}].cancelled_on`,
        message: `cancelled (${d.cancelled_on}) before it closed (${d.close_date})`,
        code: "invalid_value",
      });
  });
  const claims = new Map<string, number>();
  (data.claims ?? []).forEach((c, i) => {
    const first = claims.get(c.id);
    if (first !== undefined)
      out.push({
        path: `claims[${i}].id`,
        message: `duplicate claim id '${c.id}' (also claims[${first}])`,
        code: "duplicate_id",
      });
    else claims.set(c.id, i);
    if (!partners.has(c.partner_id))
      out.push({
        path: `claims[${i}].partner_id`,
        message: `unknown partner '${c.partner_id}'`,
        code: "unknown_partner",
      });
  });
  return out;
}
