// Canonical data (spec §1) as zod schemas, plus the rules relating records to each other.
import { z } from "zod";
import { Dec } from "../../money/index.ts";
import { parsePeriodLabel } from "../period/index.ts";
import { historyProblems } from "./history.ts";
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
  signedDecimal,
} from "./schema-parts.ts";

/** The partner types the engine knows; the sync's canonical model uses the same list. */
export const PARTNER_TYPES = [
  "reseller",
  "integrator",
  "technology",
  "affiliate",
  "agency",
  "var",
  "other",
] as const;
export type PartnerType = (typeof PARTNER_TYPES)[number];
export const partnerType = z.enum(PARTNER_TYPES);

/** Spec §6: an entry sets the attributes it names from its date on. */
export const historyEntrySchema = z.strictObject({
  from: isoDate,
  type: partnerType.optional(),
  certifications: z.int().min(0).optional(),
  agreement_signed: z.boolean().optional(),
  compliance_ok: z.boolean().optional(),
});

export const partnerSchema = z.strictObject({
  id,
  name: z.string(),
  type: partnerType,
  certifications: z.int().min(0),
  agreement_signed: z.boolean(),
  compliance_ok: z.boolean(),
  initial_tier: id.nullish(),
  history: z.array(historyEntrySchema).optional(),
});

export const dealSchema = z.strictObject({
  id,
  partner_id: id,
  kind: dealKind,
  stage: dealStage,
  attribution,
  amount: moneyString,
  /** Spec §5: the deal's gross margin, in the deal's currency (0 ≤ margin ≤ amount: dealProblems). */
  margin: signedDecimal.nullish(),
  currency: currencyCode,
  close_date: isoDate,
  product: id.nullish(),
  csat: z.number().min(0).max(5).nullish(),
  time_to_value_days: z.number().min(0).nullish(),
  cancelled_on: isoDate.nullish(),
  /** The end customer (a CRM account id or domain); only the duplicate-deal review reads it. */
  customer: z.string().min(1).nullish(),
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

/** Exchange rates (spec §1 `fx`): period → currency → rate into the program currency. */
export const fxSchema = z.record(fxPeriod, z.record(currencyCode, positiveDecimal));

export const dataSchema = z.strictObject({
  partners: z.array(partnerSchema),
  deals: z.array(dealSchema),
  fx: fxSchema.optional(),
  claims: z.array(claimSchema).optional(),
});

export type Partner = z.output<typeof partnerSchema>;
export type HistoryEntry = z.output<typeof historyEntrySchema>;
export type Deal = z.output<typeof dealSchema>;
export type Claim = z.output<typeof claimSchema>;
export type Data = z.output<typeof dataSchema>;
export type DataInput = z.input<typeof dataSchema>;

/** The rules of one deal, with paths relative to it: cancellation not before close, 0 ≤ margin ≤ amount. */
export function dealProblems(d: Deal): Problem[] {
  const out: Problem[] = [];
  if (d.cancelled_on != null && d.cancelled_on < d.close_date)
    out.push({
      path: "cancelled_on",
      message: `cancelled (${d.cancelled_on}) before it closed (${d.close_date})`,
      code: "invalid_value",
    });
  if (d.margin != null) {
    const m = new Dec(d.margin);
    if (m.isNegative())
      out.push({
        path: "margin",
        message: `deal ${d.id}: margin ${d.margin} is below zero`,
        code: "invalid_margin",
      });
    else if (m.greaterThan(d.amount))
      out.push({
        path: "margin",
        message: `deal ${d.id}: margin ${d.margin} is above the amount ${d.amount}`,
        code: "invalid_margin",
      });
  }
  return out;
}

/** Unique ids, known partners, each deal's and partner's own rules. Assumes a structurally valid document. */
export function dataRuleProblems(data: Data): Problem[] {
  const out: Problem[] = [];
  const partners = new Map<string, number>();
  data.partners.forEach((p, i) => {
    for (const h of historyProblems(p)) out.push({ ...h, path: `partners[${i}].${h.path}` });
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
    for (const q of dealProblems(d)) out.push({ ...q, path: `deals[${i}].${q.path}` });
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
