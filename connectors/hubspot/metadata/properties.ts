// The HubSpot properties the product writes, created by `provision` in the `partner_incentives`
// group. Money is a number shown with the currency symbol (stored in the company currency).
// Also the partner/deal inputs the shipped mapping (mappings/hubspot.yaml) reads that HubSpot
// does not have by default (`input: true`): a portal without them gets them; one that has them
// keeps them (a wrong type is reported, missing enumeration options are added).
// https://developers.hubspot.com/docs/api/crm/properties#create-a-property

export const PROPERTY_GROUP = { name: "partner_incentives", label: "Partner incentives", displayOrder: -1 };

export interface PropertyDefinition {
  name: string;
  label: string;
  type: "string" | "number" | "date" | "datetime" | "enumeration" | "bool";
  fieldType: "text" | "textarea" | "number" | "select" | "booleancheckbox" | "date";
  description: string;
  showCurrencySymbol?: boolean;
  hasUniqueValue?: boolean;
  /** Enumeration options; `tiers` takes the configured tier names. */
  options?: string[] | "tiers";
  /** Read by the default mapping (filled by people or other tools), never written by the product. */
  input?: true;
}

const money = (name: string, label: string, description: string): PropertyDefinition => ({
  name,
  label,
  type: "number",
  fieldType: "number",
  showCurrencySymbol: true,
  description: `${description} (company currency)`,
});

const incentiveKey: PropertyDefinition = {
  name: "incentive_key",
  label: "Incentive key",
  type: "string",
  fieldType: "text",
  hasUniqueValue: true,
  description: "The incentive service's own key for idempotent creates",
};

export const INCENTIVE_STATUS_OPTIONS = [
  "pending",
  "earned",
  "forfeited",
  "clawed_back",
  "paid",
  "not_eligible",
];

/** A partner's payout status (docs/payouts.md), as the default mapping's value map writes it. */
export const PAYOUT_STATUS_OPTIONS = [
  "accrued",
  "payable",
  "held_for_review",
  "approved",
  "exported",
  "paid",
  "disputed",
];

/** Option values the default mapping's value maps read (mappings/hubspot.yaml). */
export const PARTNER_TYPE_OPTIONS = [
  "reseller",
  "integrator",
  "technology",
  "affiliate",
  "agency",
  "var",
  "other",
];
export const DEAL_KIND_OPTIONS = ["new", "expansion", "renewal"];
export const ATTRIBUTION_OPTIONS = ["sourced", "influenced"];

const YES_NO = ["true", "false"];

/** The default mapping's inputs that are not HubSpot default properties. */
export const INPUT_PROPERTY_DEFINITIONS: Record<"deals" | "companies", PropertyDefinition[]> = {
  deals: [
    {
      name: "deal_kind",
      label: "Deal kind",
      type: "enumeration",
      fieldType: "select",
      options: DEAL_KIND_OPTIONS,
      description: "New business, expansion or renewal (partner incentive input)",
      input: true,
    },
    {
      name: "attribution",
      label: "Partner attribution",
      type: "enumeration",
      fieldType: "select",
      options: ATTRIBUTION_OPTIONS,
      description: "Whether the partner sourced or influenced the deal (partner incentive input)",
      input: true,
    },
    {
      name: "product_code",
      label: "Product code",
      type: "string",
      fieldType: "text",
      description: "Product sold (partner incentive input)",
      input: true,
    },
    {
      // Spec §5: programs may pay on margin. In the deal's currency, like the amount.
      name: "gross_margin",
      label: "Gross margin",
      type: "number",
      fieldType: "number",
      showCurrencySymbol: true,
      description: "Gross margin of the deal, between 0 and the amount (partner incentive input)",
      input: true,
    },
    {
      name: "csat",
      label: "CSAT",
      type: "number",
      fieldType: "number",
      description: "Customer satisfaction score (partner incentive input)",
      input: true,
    },
    {
      name: "time_to_value_days",
      label: "Time to value (days)",
      type: "number",
      fieldType: "number",
      description: "Days from close to customer value (partner incentive input)",
      input: true,
    },
    {
      name: "cancelled_on",
      label: "Cancelled on",
      type: "date",
      fieldType: "date",
      description: "Date the deal was cancelled, if it was (partner incentive input)",
      input: true,
    },
    {
      name: "customer_domain",
      label: "Customer domain",
      type: "string",
      fieldType: "text",
      description: "The end customer's web domain (read by the duplicate-deal review)",
      input: true,
    },
  ],
  companies: [
    {
      name: "partner_type",
      label: "Partner type",
      type: "enumeration",
      fieldType: "select",
      options: PARTNER_TYPE_OPTIONS,
      description: "Kind of partner; a company with a partner type is a partner (partner incentive input)",
      input: true,
    },
    {
      name: "certifications",
      label: "Certifications",
      type: "number",
      fieldType: "number",
      description: "Number of certifications the partner holds (partner incentive input)",
      input: true,
    },
    {
      name: "agreement_signed",
      label: "Partner agreement signed",
      type: "bool",
      fieldType: "booleancheckbox",
      options: YES_NO,
      description: "Whether the partner agreement is signed (partner incentive input)",
      input: true,
    },
    {
      name: "compliance_ok",
      label: "Compliance OK",
      type: "bool",
      fieldType: "booleancheckbox",
      options: YES_NO,
      description: "Whether the partner passed compliance (partner incentive input)",
      input: true,
    },
  ],
};

/** Everything `provision` creates: the written properties, then the mapping's inputs. */
export const PROPERTY_DEFINITIONS: Record<"deals" | "companies", PropertyDefinition[]> = {
  deals: [
    money("incentive_amount", "Incentive amount", "Incentive earned on this deal"),
    {
      name: "incentive_status",
      label: "Incentive status",
      type: "enumeration",
      fieldType: "select",
      options: INCENTIVE_STATUS_OPTIONS,
      description: "Where this deal's incentive stands",
    },
    money("spif_awarded", "SPIF awarded", "SPIF amount awarded on this deal"),
    {
      name: "incentive_explanation",
      label: "Incentive explanation",
      type: "string",
      fieldType: "textarea",
      description: "Every line this deal earned or lost, as the incentive statement explains it",
    },
    {
      name: "incentive_status_detail",
      label: "Incentive status detail",
      type: "string",
      fieldType: "text",
      description:
        "counted, held back until a period, clawback window open until a date, or forfeited: reason",
    },
    // Open deals (issues #13/#14): the open-deal projection; blank on closed deals.
    money(
      "projected_incentive",
      "Projected incentive",
      "Open deals: what the partner would earn if this deal closed this period at its amount",
    ),
    {
      name: "projected_explanation",
      label: "Projected incentive explanation",
      type: "string",
      fieldType: "textarea",
      description: "Open deals: how the projected incentive is formed, one statement line per line",
    },
    {
      name: "projected_tier",
      label: "Projected tier",
      type: "string",
      fieldType: "text",
      description: "Open deals: the tier the partner would reach if this deal closed this period",
    },
    incentiveKey,
    ...INPUT_PROPERTY_DEFINITIONS.deals,
  ],
  companies: [
    {
      name: "partner_tier",
      label: "Partner tier",
      type: "enumeration",
      fieldType: "select",
      options: "tiers",
      description: "Tier the partner holds this period",
    },
    {
      // Text, not a select: ladder names come from the program (spec §5) and change with it.
      name: "partner_ladder",
      label: "Partner ladder",
      type: "string",
      fieldType: "text",
      description: "Tier ladder the partner is on this period (programs with a ladder per partner type)",
    },
    {
      name: "partner_qualified_tier",
      label: "Qualified tier",
      type: "enumeration",
      fieldType: "select",
      options: "tiers",
      description: "Tier the partner qualified for at the period's end",
    },
    {
      name: "partner_next_tier",
      label: "Next tier",
      type: "enumeration",
      fieldType: "select",
      options: "tiers",
      description: "The level above the qualified tier",
    },
    money("gap_to_next_tier", "Gap to next tier", "Amount still needed for the next tier"),
    {
      name: "partner_score",
      label: "Partner score",
      type: "number",
      fieldType: "number",
      description: "Scorecard score, 0-100",
    },
    {
      name: "incentive_eligible",
      label: "Incentive eligible",
      type: "bool",
      fieldType: "booleancheckbox",
      options: ["true", "false"],
      description: "Whether the partner meets the program's eligibility",
    },
    {
      name: "ineligible_reasons",
      label: "Ineligible reasons",
      type: "string",
      fieldType: "textarea",
      description: "Why the partner is not eligible",
    },
    money("payable_this_period", "Payable this period", "Incentives payable for the current period"),
    money("incentives_paid_ytd", "Incentives paid YTD", "Incentives paid this year"),
    money("coop_fund_balance", "Co-op fund balance", "Co-op fund balance at the period's end"),
    {
      name: "payout_status",
      label: "Payout status",
      type: "enumeration",
      fieldType: "select",
      options: PAYOUT_STATUS_OPTIONS,
      description: "Disputed, held for review, or the last completed period's payout state",
    },
    {
      name: "open_disputes",
      label: "Open payout disputes",
      type: "number",
      fieldType: "number",
      description: "Payout disputes of this partner still open",
    },
    // Program analytics (issue #17, docs/analytics.md).
    {
      name: "partner_first_sale_date",
      label: "First Sale Date",
      type: "date",
      fieldType: "date",
      description: "Close date of the partner's first won deal, as of the period analysed",
    },
    {
      name: "partner_second_sale_date",
      label: "Second Sale Date",
      type: "date",
      fieldType: "date",
      description: "Close date of the partner's second won deal: the day it became active",
    },
    {
      name: "partner_activated",
      label: "Partner Activated",
      type: "bool",
      fieldType: "booleancheckbox",
      options: ["true", "false"],
      description: "Active partner: at least two won deals (the second sale activates)",
    },
    {
      name: "partner_days_to_first_sale",
      label: "Days To First Sale",
      type: "number",
      fieldType: "number",
      description:
        "Days from signing the partner agreement to the first sale; blank when the signing date is unknown",
    },
    {
      name: "partner_days_to_second_sale",
      label: "Days To Second Sale",
      type: "number",
      fieldType: "number",
      description:
        "Days from signing the partner agreement to the second sale (activation); blank when the signing date is unknown",
    },
    {
      name: "partner_segment",
      label: "Partner Segment",
      type: "enumeration",
      fieldType: "select",
      options: ["top", "middle", "bottom"],
      description:
        "20-60-20 segment of the partner base for the period, by the program's ranking metric (default: revenue over the tier window)",
    },
    money(
      "partner_incentives_lifetime",
      "Incentives Lifetime",
      "Incentives made payable to the partner over every period up to the current one",
    ),
    money(
      "partner_incentives_this_year",
      "Incentives This Year",
      "Incentives made payable to the partner over this year's periods up to the current one",
    ),
    {
      name: "partner_incentive_revenue_share",
      label: "Incentives % Of Revenue",
      type: "number",
      fieldType: "number",
      description: "Lifetime incentives as a percent of the partner's lifetime revenue (won deals)",
    },
    {
      name: "partner_sourced_share",
      label: "Sourced Revenue %",
      type: "number",
      fieldType: "number",
      description: "Percent of the partner's lifetime revenue from deals it sourced",
    },
    {
      name: "partner_influenced_share",
      label: "Influenced Revenue %",
      type: "number",
      fieldType: "number",
      description: "Percent of the partner's lifetime revenue from deals it influenced",
    },
    {
      name: "partner_score_change",
      label: "Score Change",
      type: "number",
      fieldType: "number",
      description: "Partner score this period minus the previous period's (points)",
    },
    {
      name: "partner_renewal_rate_change",
      label: "Renewal Rate Change",
      type: "number",
      fieldType: "number",
      description: "Renewal rate this period minus the previous period's, in percentage points",
    },
    {
      name: "partner_ttv_change_days",
      label: "Time To Value Change (Days)",
      type: "number",
      fieldType: "number",
      description:
        "Mean time to value of this period's sales minus the previous period's, in days (negative = faster)",
    },
    // Issue #13: the tier progress, what is missing, the scorecard — as on the Salesforce Account.
    {
      name: "tier_progress_percent",
      label: "Tier progress (%)",
      type: "number",
      fieldType: "number",
      description: "Progress to the next tier, 0-100; blank at the top tier",
    },
    {
      name: "missing_for_next_tier",
      label: "Missing for next tier",
      type: "string",
      fieldType: "textarea",
      description: "What the partner still lacks for the next tier, e.g. Certifications: 2 of 3",
    },
    {
      name: "tier_held_since",
      label: "Tier held since",
      type: "date",
      fieldType: "date",
      description: "First day of the partner's current unbroken run at its tier",
    },
    {
      name: "scorecard_metrics",
      label: "Scorecard metrics",
      type: "string",
      fieldType: "textarea",
      description: "The scorecard's metric values this period, one metric: value per line",
    },
    money("held_back_this_period", "Held back this period", "Incentives earned this period and held back"),
    {
      name: "incentives_period",
      label: "Incentives period",
      type: "string",
      fieldType: "text",
      description: "The program period these incentive figures are for, e.g. 2026-Q4",
    },
    {
      name: "incentives_updated_at",
      label: "Incentives updated at",
      type: "datetime",
      fieldType: "date",
      description: "When the incentive service last wrote these properties",
    },
    incentiveKey,
    ...INPUT_PROPERTY_DEFINITIONS.companies,
  ],
};
