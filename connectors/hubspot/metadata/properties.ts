// The HubSpot properties the product writes, created by `provision` in the `partner_incentives`
// group. Money is a number shown with the currency symbol (stored in the company currency).
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
    incentiveKey,
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
      name: "incentives_updated_at",
      label: "Incentives updated at",
      type: "datetime",
      fieldType: "date",
      description: "When the incentive service last wrote these properties",
    },
    incentiveKey,
  ],
};
