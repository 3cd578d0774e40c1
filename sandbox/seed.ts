// Seeds both sandbox CRMs from the deterministic demo data set (sandbox/demo-data.ts)
// under the field names the shipped mappings read (mappings/*.yaml). The emulators' own seeders
// use other property names (docs/mappings.md "CRM fields the shipped defaults assume"), so the
// sandbox writes through their back doors instead: no API calls are counted.

import { type DealKind, demoDeals, demoPartners } from "./demo-data.ts";
import { SEED_OWNERS } from "./hubspot/seed.ts";
import type { PortalHandle } from "./hubspot/server.ts";
import { PARTNER_TYPE } from "./salesforce/seed.ts";
import type { SalesforceOrgHandle } from "./salesforce/server.ts";
import { demoDatasetOptions } from "./seed-options.ts";

export interface SandboxSeed {
  seed?: number;
  partners: number;
  /** Deals in the demo data set; each goes to one CRM (alternating), some mirrored to both. */
  deals: number;
  /** Every n-th Salesforce deal is also created in HubSpot with hs_salesforceopportunityid (0 = none). */
  mirrorEvery?: number;
  from?: string;
  quarters?: number;
  /** Add a few records that cannot be mapped (demo: shows the quarantine classes). */
  badRecords?: boolean;
}

export interface SeedCounts {
  partners: number;
  salesforceDeals: number;
  hubspotDeals: number;
  mirrored: number;
}

const SF_KIND: Record<DealKind, string> = {
  new: "New Business",
  expansion: "Existing Customer - Upgrade",
  renewal: "Renewal",
};
const SF_STAGE = { won: "Closed Won", lost: "Closed Lost", open: "Negotiation/Review" } as const;
const HS_STAGE = { won: "closedwon", lost: "closedlost", open: "contractsent" } as const;

/** Demo partner id (P-00001) → its Account and company ids, filled by seedSandbox when given. */
export interface SeededPartnerIds {
  accounts: Map<string, string>;
  companies: Map<string, string>;
}

export function seedSandbox(
  org: SalesforceOrgHandle,
  portal: PortalHandle,
  s: SandboxSeed,
  ids: SeededPartnerIds = { accounts: new Map(), companies: new Map() },
): SeedCounts {
  const options = demoDatasetOptions(s);
  const accountIds = ids.accounts;
  const companyIds = ids.companies;
  const companyRows: Array<Record<string, unknown>> = [];
  const partnerOrder: string[] = [];
  for (const p of demoPartners(options)) {
    const account = org.insert("Account", {
      Name: p.name,
      Website: `https://www.${p.domain}`,
      IsPartner: true,
      Partner_Type__c: PARTNER_TYPE[p.type],
      Certifications__c: p.certifications,
      Agreement_Signed__c: p.agreement_signed,
      Compliance_OK__c: p.compliance_ok,
    });
    accountIds.set(p.id, account.Id);
    partnerOrder.push(p.id);
    companyRows.push({
      name: p.name,
      domain: p.domain,
      partner_type: p.type,
      certifications: String(p.certifications),
      agreement_signed: String(p.agreement_signed),
      compliance_ok: String(p.compliance_ok),
      // Channel managers own the partner companies: nudge tasks go to the owner (issue #16).
      hubspot_owner_id: SEED_OWNERS[partnerOrder.length % SEED_OWNERS.length]!,
    });
  }
  const created = portal.createMany("companies", companyRows);
  created.forEach((id, i) => {
    companyIds.set(partnerOrder[i]!, id);
  });

  const counts: SeedCounts = {
    partners: partnerOrder.length,
    salesforceDeals: 0,
    hubspotDeals: 0,
    mirrored: 0,
  };
  const mirrorEvery = s.mirrorEvery ?? 10;
  const hsRows: Array<Record<string, unknown>> = [];
  const hsPartners: string[] = [];
  let i = 0;
  for (const d of demoDeals(options)) {
    const hubspotRow = (): Record<string, unknown> => ({
      dealname: d.name,
      amount: d.amount,
      deal_currency_code: d.currency,
      closedate: `${d.close_date}T00:00:00.000Z`,
      dealstage: HS_STAGE[d.stage],
      pipeline: "default",
      deal_kind: d.kind,
      attribution: d.attribution,
      product_code: d.product,
      ...(d.csat === null ? {} : { csat: String(d.csat) }),
      ...(d.time_to_value_days === null ? {} : { time_to_value_days: String(d.time_to_value_days) }),
      ...(d.cancelled_on === null ? {} : { cancelled_on: d.cancelled_on }),
      ...(d.margin === null ? {} : { gross_margin: d.margin }),
    });
    if (i % 2 === 0) {
      const opp = org.insert("Opportunity", {
        Name: d.name,
        AccountId: accountIds.get(d.partner_id),
        PartnerAccountId: accountIds.get(d.partner_id),
        Type: SF_KIND[d.kind],
        StageName: SF_STAGE[d.stage],
        Attribution__c: d.attribution === "sourced" ? "Sourced" : "Influenced",
        Amount: d.amount,
        Gross_Margin__c: d.margin,
        CurrencyIsoCode: d.currency,
        CloseDate: d.close_date,
        Product_Code__c: d.product,
        CSAT__c: d.csat,
        Time_To_Value_Days__c: d.time_to_value_days,
        Cancelled_On__c: d.cancelled_on,
      });
      counts.salesforceDeals++;
      if (mirrorEvery > 0 && (i / 2) % mirrorEvery === 0) {
        hsRows.push({ ...hubspotRow(), hs_salesforceopportunityid: opp.Id });
        hsPartners.push(d.partner_id);
        counts.mirrored++;
      }
    } else {
      hsRows.push(hubspotRow());
      hsPartners.push(d.partner_id);
    }
    i++;
  }
  if (s.badRecords && partnerOrder.length > 0) {
    const account = accountIds.get(partnerOrder[0]!)!;
    const base = {
      AccountId: account,
      PartnerAccountId: account,
      StageName: "Closed Won",
      CloseDate: "2026-03-15",
    };
    // An attribution value the mapping does not know (config), and a deal with no amount (permanent).
    org.insert("Opportunity", {
      ...base,
      Name: "Referral deal",
      Type: "New Business",
      Attribution__c: "Referral",
      Amount: 12000,
    });
    org.insert("Opportunity", {
      ...base,
      Name: "Deal without amount",
      Type: "New Business",
      Attribution__c: "Sourced",
    });
    counts.salesforceDeals += 2;
    hsRows.push({
      dealname: "Deal with no partner",
      amount: "5000",
      closedate: "2026-03-20T00:00:00.000Z",
      dealstage: "closedwon",
      pipeline: "default",
      deal_kind: "new",
      attribution: "sourced",
    });
    hsPartners.push("");
  }
  const dealIds = portal.createMany("deals", hsRows);
  counts.hubspotDeals = dealIds.length;
  dealIds.forEach((id, k) => {
    const company = companyIds.get(hsPartners[k]!);
    if (company) portal.associate("deals", id, "companies", company, { label: "Partner" });
  });
  return counts;
}
