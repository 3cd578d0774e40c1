// Maps the deterministic demo data set (sandbox/demo-data.ts) onto Salesforce:
// partners → Accounts with IsPartner = true, a few customer Accounts, deals → Opportunities with
// PartnerAccountId set. Same seed, same org. The program inputs go into the custom fields the
// shipped mapping reads (mappings/salesforce.yaml: Partner_Type__c, Attribution__c, ...) with
// its picklist values, when the org has them (loaded from connectors/salesforce/metadata);
// a bare org gets the standard fields only.
import { Dec } from "../../money/index.ts";
import {
  type DealKind,
  type DealStage,
  type DemoDatasetOptions,
  demoDeals,
  demoPartners,
  type PartnerType,
} from "../demo-data.ts";
import type { OrgState } from "./org-state.ts";

export interface SeedOptions extends DemoDatasetOptions {
  /** Customer (end-client) accounts the opportunities belong to; default max(3, partners / 2). */
  customers?: number | undefined;
}

export interface SeedResult {
  accounts: number;
  opportunities: number;
  /** Demo partner id (P-00001) → Account id. */
  partnerAccountIds: Map<string, string>;
  /** Demo deal id (D-0000001) → Opportunity id. */
  opportunityIds: Map<string, string>;
}

const ACCOUNT_TYPE: Record<PartnerType, string> = {
  reseller: "Channel Partner / Reseller",
  var: "Channel Partner / Reseller",
  integrator: "Installation Partner",
  agency: "Installation Partner",
  technology: "Technology Partner",
  affiliate: "Other",
  other: "Other",
};

/** Partner_Type__c values as mappings/salesforce.yaml maps them back to the canonical type. */
export const PARTNER_TYPE: Record<PartnerType, string> = {
  reseller: "Reseller",
  integrator: "Integrator",
  technology: "Technology",
  affiliate: "Affiliate",
  agency: "Agency",
  var: "VAR",
  other: "Other",
};

const ATTRIBUTION = { sourced: "Sourced", influenced: "Influenced" } as const;

const OPPORTUNITY_TYPE: Record<DealKind, string> = {
  new: "New Business",
  expansion: "Existing Customer - Upgrade",
  renewal: "Renewal",
};

const STAGE: Record<DealStage, string> = {
  won: "Closed Won",
  lost: "Closed Lost",
  open: "Negotiation/Review",
};

function must(result: ReturnType<OrgState["create"]>): string {
  if (!result.ok) throw new Error(`seed write failed: ${result.errors.map((e) => e.message).join("; ")}`);
  return result.id;
}

/** Keeps only the custom fields the object declares, so a bare org can be seeded too. */
function declared(
  org: OrgState,
  object: string,
): (fields: Record<string, unknown>) => Record<string, unknown> {
  const byName = org.table(object)?.def.byName;
  return (fields) =>
    Object.fromEntries(Object.entries(fields).filter(([name]) => byName?.has(name.toLowerCase()) ?? false));
}

export function seedOrg(org: OrgState, ownerId: string, options: SeedOptions): SeedResult {
  const ctx = { userId: ownerId, mode: "backdoor" as const };
  const accountInputs = declared(org, "Account");
  const opportunityInputs = declared(org, "Opportunity");
  const partnerAccountIds = new Map<string, string>();
  for (const p of demoPartners(options)) {
    const id = must(
      org.create(
        "Account",
        {
          Name: p.name,
          Website: `https://${p.domain}`,
          Type: ACCOUNT_TYPE[p.type],
          IsPartner: true,
          Description: `Demo partner ${p.id}`,
          ...accountInputs({
            Partner_Type__c: PARTNER_TYPE[p.type],
            Certifications__c: p.certifications,
            Agreement_Signed__c: p.agreement_signed,
            Compliance_OK__c: p.compliance_ok,
          }),
        },
        ctx,
      ),
    );
    partnerAccountIds.set(p.id, id);
  }
  const customerCount = options.customers ?? Math.max(3, Math.floor(options.partners / 2));
  const customers: string[] = [];
  for (let i = 0; i < customerCount; i++) {
    customers.push(
      must(
        org.create(
          "Account",
          {
            Name: `Customer ${i + 1}`,
            Type: "Customer - Channel",
            Website: `https://customer-${i + 1}.example.org`,
          },
          ctx,
        ),
      ),
    );
  }
  const opportunityIds = new Map<string, string>();
  let n = 0;
  for (const d of demoDeals(options)) {
    const id = must(
      org.create(
        "Opportunity",
        {
          Name: d.name,
          AccountId: customers.length ? customers[n % customers.length] : null,
          PartnerAccountId: partnerAccountIds.get(d.partner_id) ?? null,
          Type: OPPORTUNITY_TYPE[d.kind],
          StageName: STAGE[d.stage],
          // The REST wire carries currency fields as JSON numbers, so the org stores them as numbers.
          Amount: new Dec(d.amount).toNumber(),
          CurrencyIsoCode: d.currency,
          CloseDate: d.close_date,
          Description: `Demo deal ${d.id} (${d.attribution}, ${d.product})`,
          ...opportunityInputs({
            Attribution__c: ATTRIBUTION[d.attribution],
            Product_Code__c: d.product,
            CSAT__c: d.csat,
            Time_To_Value_Days__c: d.time_to_value_days,
            Cancelled_On__c: d.cancelled_on,
            Gross_Margin__c: d.margin === null ? null : new Dec(d.margin).toNumber(),
          }),
        },
        ctx,
      ),
    );
    opportunityIds.set(d.id, id);
    n++;
  }
  return {
    accounts: partnerAccountIds.size + customers.length,
    opportunities: n,
    partnerAccountIds,
    opportunityIds,
  };
}
