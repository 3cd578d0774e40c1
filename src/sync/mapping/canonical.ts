// The canonical side of a field mapping: which partner and deal fields exist, what kind of
// value each holds, and which are read from a CRM (spec §1 of the program format) versus
// computed by the engine and written back. Mappings are validated against this catalog, so an
// admin cannot map a field the engine never reads or write one it never computes.
import { PARTNER_TYPES, type PartnerType } from "../../engine/data-schema.ts";

export type EntityName = "partner" | "deal";
export const ENTITY_NAMES: readonly EntityName[] = ["partner", "deal"];

/**
 * What a canonical value looks like once mapped. `decimal` and `money` travel as decimal
 * strings (never JS numbers); `integer` is a JS number because it only ever holds counts.
 */
export type ValueKind =
  | "text"
  | "enum"
  | "integer"
  | "decimal"
  | "money"
  | "boolean"
  | "date"
  | "datetime"
  | "domain"
  | "currency_code"
  /** A CRM record id, written to a lookup (reference) field. */
  | "record_id";

export interface CanonicalFieldSpec {
  kind: ValueKind;
  /** Allowed values of an `enum`. */
  values?: readonly string[];
  /** `input` fields are read from CRMs (inbound or both); `computed` ones are only written. */
  role: "input" | "computed";
  /** The engine cannot evaluate a record without it: the mapping must map it, a record must carry it. */
  engineRequired?: boolean;
  /** Inclusive bounds for `integer` and `decimal` values (decimal strings). */
  min?: string;
  max?: string;
  /**
   * Long computed text (explanations, lists): a value longer than the CRM field is cut to fit
   * with a marker saying so (mapping/fit-text.ts) instead of being quarantined — an explanation
   * that is too long must never keep the record's figures from being written.
   */
  fitToField?: true;
}

export { PARTNER_TYPES, type PartnerType };
export const DEAL_KINDS = ["new", "expansion", "renewal"] as const;
export const DEAL_STAGES = ["won", "lost", "open"] as const;
export const ATTRIBUTIONS = ["sourced", "influenced"] as const;
export const INCENTIVE_STATUSES = ["earned", "pending", "forfeited", "clawed_back"] as const;
/** A partner's payout status (issue #16, sync/lifecycle.ts partnerPayoutStatus). */
export const PAYOUT_STATUSES = [
  "accrued",
  "payable",
  "held_for_review",
  "approved",
  "exported",
  "paid",
  "disputed",
] as const;

export type DealKind = (typeof DEAL_KINDS)[number];
export type DealStage = (typeof DEAL_STAGES)[number];
export type Attribution = (typeof ATTRIBUTIONS)[number];
export type IncentiveStatus = (typeof INCENTIVE_STATUSES)[number];
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

/** A partner's 20-60-20 segment (issue #17, src/analytics/segments.ts). */
export const SEGMENTS = ["top", "middle", "bottom"] as const;
/** The largest incentives-to-revenue percent the CRM field holds (Salesforce Percent(7,2)). */
export const INCENTIVE_REVENUE_SHARE_MAX = "99999.99";

/** Per-partner program analytics written back (issue #17, sync/outbound/desired.ts). */
export const ANALYTICS_PARTNER_FIELDS = [
  "first_sale_date",
  "second_sale_date",
  "activated",
  "days_to_first_sale",
  "days_to_second_sale",
  "segment",
  "incentives_lifetime",
  "incentives_this_year",
  "incentive_revenue_share",
  "sourced_revenue_share",
  "influenced_revenue_share",
  "score_change",
  "renewal_rate_change",
  "time_to_value_change",
] as const;

/** Computed partner fields the sync layer fills from statements and writes back. */
export const PARTNER_OUTBOUND_FIELDS = [
  "tier",
  // The ladder the tier is on (spec §5): with several ladders a tier name alone is ambiguous.
  "ladder",
  "qualified_tier",
  "next_tier",
  "gap_to_next_tier",
  "score",
  "eligible",
  "ineligible_reasons",
  "payable_this_period",
  "paid_ytd",
  "fund_balance",
  "updated_at",
  "incentive_key",
  // Payout operations (issue #16, sync/lifecycle.ts).
  "payout_status",
  "open_disputes",
  // Program analytics (issue #17, src/analytics, docs/analytics.md).
  ...ANALYTICS_PARTNER_FIELDS,
  // What the CRM pages show (issue #13): tier progress, what is missing, the scorecard.
  "tier_progress_percent",
  "missing_for_next_tier",
  "tier_held_since",
  "scorecard_metrics",
  "held_back_this_period",
  "incentives_period",
] as const;
/** Computed deal fields the sync layer fills from statements and writes back. */
export const DEAL_OUTBOUND_FIELDS = [
  "incentive_amount",
  "incentive_status",
  "spif_awarded",
  "incentive_key",
  // Issue #13: the deal's explained lines and where its incentive stands.
  "incentive_explanation",
  "incentive_status_detail",
  // Open deals (issues #13/#14): the open-deal projection (engine/projection.ts).
  "projected_incentive",
  "projected_explanation",
  "projected_tier",
  // Issue #13: the partner's Salesforce Account, so the Account has a related list of its deals.
  "incentive_partner",
] as const;

export type PartnerOutboundField = (typeof PARTNER_OUTBOUND_FIELDS)[number];
export type DealOutboundField = (typeof DEAL_OUTBOUND_FIELDS)[number];

/** Partner values to write; absent = not computed this run, null = clear the CRM field. */
export interface PartnerComputed {
  tier?: string | null;
  /** The tier's ladder (spec §5); null for a single-ladder program or a partner on no ladder. */
  ladder?: string | null;
  qualified_tier?: string | null;
  next_tier?: string | null;
  /** Decimal strings. */
  gap_to_next_tier?: string | null;
  score?: string | null;
  eligible?: boolean | null;
  /** Reasons joined with "; " when given as a list. */
  ineligible_reasons?: string | readonly string[] | null;
  payable_this_period?: string | null;
  paid_ytd?: string | null;
  fund_balance?: string | null;
  /** ISO-8601 UTC. */
  updated_at?: string | null;
  incentive_key?: string | null;
  payout_status?: PayoutStatus | null;
  /** Open payout disputes over every period. */
  open_disputes?: number | null;
  // Program analytics (issue #17): dates ISO, percents and changes as decimal strings.
  first_sale_date?: string | null;
  second_sale_date?: string | null;
  activated?: boolean | null;
  days_to_first_sale?: number | null;
  days_to_second_sale?: number | null;
  segment?: (typeof SEGMENTS)[number] | null;
  incentives_lifetime?: string | null;
  incentives_this_year?: string | null;
  incentive_revenue_share?: string | null;
  sourced_revenue_share?: string | null;
  influenced_revenue_share?: string | null;
  score_change?: string | null;
  renewal_rate_change?: string | null;
  time_to_value_change?: string | null;
  /** Progress to the next tier, "0.0"–"100.0"; null at the top tier (sync/outbound/tier-progress.ts). */
  tier_progress_percent?: string | null;
  /** "Certifications: 2 of 3; Score: 61.00 of 70"; null when nothing is missing. */
  missing_for_next_tier?: string | null;
  /** ISO date: the first day of the partner's current unbroken run at its tier. */
  tier_held_since?: string | null;
  /** One "metric: value" per line. */
  scorecard_metrics?: string | null;
  held_back_this_period?: string | null;
  /** The period the figures are for, e.g. 2026-Q4. */
  incentives_period?: string | null;
}

export interface DealComputed {
  incentive_amount?: string | null;
  incentive_status?: IncentiveStatus | null;
  spif_awarded?: string | null;
  incentive_key?: string | null;
  /** Every line of the deal, as the statement explains it (sync/outbound/deal-explanation.ts). */
  incentive_explanation?: string | null;
  /** counted / held back until P / clawback window open until D / … (sync/outbound/status-detail.ts). */
  incentive_status_detail?: string | null;
  /** Open deals: what the deal would earn if it closed this period; null (blank) on closed deals. */
  projected_incentive?: string | null;
  projected_explanation?: string | null;
  /** The tier the deal would lift the partner to; null when it would not move it. */
  projected_tier?: string | null;
  /**
   * The partner's record id in Salesforce (its Account, found through the partner's CRM link);
   * null while the partner has no Salesforce account. Only a Salesforce mapping can use it.
   */
  incentive_partner?: string | null;
}

/** Canonical partner values read from a CRM (spec §1). Only mapped fields are present. */
export interface PartnerValues {
  name?: string | null;
  type?: PartnerType | null;
  certifications?: number | null;
  agreement_signed?: boolean | null;
  compliance_ok?: boolean | null;
  initial_tier?: string | null;
  domain?: string | null;
}

/** Canonical deal values read from a CRM (spec §1). Amount and csat are decimal strings. */
export interface DealValues {
  name?: string | null;
  kind?: DealKind | null;
  stage?: DealStage | null;
  attribution?: Attribution | null;
  amount?: string | null;
  /** Gross margin, in the deal's currency like the amount (spec §5): 0 ≤ margin ≤ amount. */
  margin?: string | null;
  currency?: string | null;
  close_date?: string | null;
  product?: string | null;
  csat?: string | null;
  time_to_value_days?: number | null;
  cancelled_on?: string | null;
  /** The end customer (account id or domain); the duplicate-deal review compares it. */
  customer?: string | null;
}

export type CanonicalValue = string | number | boolean | null;

const money: CanonicalFieldSpec = { kind: "money", role: "computed" };
const computedText: CanonicalFieldSpec = { kind: "text", role: "computed" };
const longText: CanonicalFieldSpec = { kind: "text", role: "computed", fitToField: true };

export const CANONICAL_FIELDS: Record<EntityName, Record<string, CanonicalFieldSpec>> = {
  partner: {
    name: { kind: "text", role: "input", engineRequired: true },
    type: { kind: "enum", values: PARTNER_TYPES, role: "input", engineRequired: true },
    certifications: { kind: "integer", role: "input", engineRequired: true, min: "0" },
    agreement_signed: { kind: "boolean", role: "input", engineRequired: true },
    compliance_ok: { kind: "boolean", role: "input", engineRequired: true },
    initial_tier: { kind: "text", role: "input" },
    domain: { kind: "domain", role: "input" },
    tier: computedText,
    ladder: computedText,
    qualified_tier: computedText,
    next_tier: computedText,
    gap_to_next_tier: money,
    score: { kind: "decimal", role: "computed", min: "0", max: "100" },
    eligible: { kind: "boolean", role: "computed" },
    ineligible_reasons: computedText,
    payable_this_period: money,
    paid_ytd: money,
    fund_balance: money,
    updated_at: { kind: "datetime", role: "computed" },
    incentive_key: computedText,
    payout_status: { kind: "enum", values: PAYOUT_STATUSES, role: "computed" },
    open_disputes: { kind: "integer", role: "computed", min: "0" },
    // Program analytics (issue #17, docs/analytics.md). Days may be negative: a sale recorded
    // before the agreement's signing date.
    first_sale_date: { kind: "date", role: "computed" },
    second_sale_date: { kind: "date", role: "computed" },
    activated: { kind: "boolean", role: "computed" },
    days_to_first_sale: { kind: "integer", role: "computed" },
    days_to_second_sale: { kind: "integer", role: "computed" },
    segment: { kind: "enum", values: SEGMENTS, role: "computed" },
    incentives_lifetime: money,
    incentives_this_year: money,
    // Never negative (payable never is: the engine carries a negative forward); at most what
    // Partner_Incentive_Revenue_Share__c (Percent 7,2) holds — analytics-desired.ts caps it there.
    incentive_revenue_share: {
      kind: "decimal",
      role: "computed",
      min: "0",
      max: INCENTIVE_REVENUE_SHARE_MAX,
    },
    sourced_revenue_share: { kind: "decimal", role: "computed", min: "0", max: "100" },
    influenced_revenue_share: { kind: "decimal", role: "computed", min: "0", max: "100" },
    score_change: { kind: "decimal", role: "computed", min: "-100", max: "100" },
    renewal_rate_change: { kind: "decimal", role: "computed", min: "-100", max: "100" },
    time_to_value_change: { kind: "decimal", role: "computed" },
    tier_progress_percent: { kind: "decimal", role: "computed", min: "0", max: "100" },
    missing_for_next_tier: longText,
    tier_held_since: { kind: "date", role: "computed" },
    scorecard_metrics: longText,
    held_back_this_period: money,
    incentives_period: computedText,
  },
  deal: {
    name: { kind: "text", role: "input" },
    kind: { kind: "enum", values: DEAL_KINDS, role: "input", engineRequired: true },
    stage: { kind: "enum", values: DEAL_STAGES, role: "input", engineRequired: true },
    attribution: { kind: "enum", values: ATTRIBUTIONS, role: "input", engineRequired: true },
    // The engine refuses negative amounts; refusing them here names the CRM record.
    amount: { kind: "decimal", role: "input", engineRequired: true, min: "0" },
    // Spec §5: a negative margin (or one above the amount, checked in inbound.ts) is a data
    // error; refusing it here quarantines the one CRM record instead of failing the run.
    margin: { kind: "decimal", role: "input", min: "0" },
    currency: { kind: "currency_code", role: "input", engineRequired: true },
    close_date: { kind: "date", role: "input", engineRequired: true },
    product: { kind: "text", role: "input" },
    csat: { kind: "decimal", role: "input", min: "0", max: "5" },
    time_to_value_days: { kind: "integer", role: "input", min: "0" },
    cancelled_on: { kind: "date", role: "input" },
    customer: { kind: "text", role: "input" },
    incentive_amount: money,
    incentive_status: { kind: "enum", values: INCENTIVE_STATUSES, role: "computed" },
    spif_awarded: money,
    incentive_key: computedText,
    incentive_explanation: longText,
    incentive_status_detail: longText,
    projected_incentive: money,
    projected_explanation: longText,
    projected_tier: computedText,
    incentive_partner: { kind: "record_id", role: "computed" },
  },
};

/**
 * Names a match key may take. Both CRMs' mappings must use the same one per entity, or records
 * could never be linked: partners by web domain or a shared partner key, deals by the Salesforce
 * opportunity id (which HubSpot's native Salesforce sync stores) or a shared deal key.
 */
export const MATCH_KEYS: Record<EntityName, readonly string[]> = {
  partner: ["domain", "partner_key"],
  deal: ["salesforce_id", "deal_key"],
};
