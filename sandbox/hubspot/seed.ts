// Maps the deterministic demo data set (sandbox/demo-data.ts) onto the portal:
// - each demo partner → a company (name, domain, website, type PARTNER/RESELLER, is_partner,
//   partner_id = demo id, partner_type, certifications, agreement_signed, compliance_ok);
// - a few customer companies (is_partner=false), default one per five partners, at least 3;
// - each demo deal → a deal (dealname, amount, deal_currency_code, closedate, dealstage
//   closedwon/closedlost/contractsent, pipeline default, dealtype newbusiness/existingbusiness,
//   external_deal_id = demo id, deal_kind, attribution, product_code, csat,
//   time_to_value_days, cancelled_on, gross_margin when provisioned: the shipped mapping's property names) associated to its partner company with the USER_DEFINED
//   "Partner" label (plus the unlabelled default) and to its customer company as primary (5).
// Seeding bypasses validation and fires no webhooks.
import { demoDeals, demoPartners } from "../demo-data.ts";
import { type DemoSeedOptions, demoDatasetOptions } from "../seed-options.ts";
import type { PortalState } from "./portal-state.ts";

export type SeedOptions = DemoSeedOptions;

export interface SeedSummary {
  partners: number;
  customers: number;
  deals: number;
  /** Demo partner id → company id. */
  partnerCompanyIds: Record<string, string>;
  customerCompanyIds: string[];
  ms: number;
}

/** HubSpot owner ids of the seeded partner companies. */
export const SEED_OWNERS = ["71000001", "71000002", "71000003"];

const STAGES = { won: "closedwon", lost: "closedlost", open: "contractsent" } as const;

export function seedPortal(state: PortalState, seedOptions: SeedOptions): SeedSummary {
  const options = demoDatasetOptions(seedOptions);
  const started = performance.now();
  const source = { source: "backdoor" as const };
  const partnerLabel = state.associationTypes.findLabel("deals", "companies", "Partner");
  if (!partnerLabel) throw new Error("the deal→company Partner label is missing");
  const partnerCompanyIds: Record<string, string> = {};
  const customerCompanyIds: string[] = [];
  return state.muted(() => {
    for (const p of demoPartners(options)) {
      const existing = state.stores.companies.findUnique("partner_id", p.id);
      if (existing) {
        partnerCompanyIds[p.id] = existing;
        continue;
      }
      const company = state.insert(
        "companies",
        {
          name: p.name,
          domain: p.domain,
          website: `https://${p.domain}`,
          type: p.type === "reseller" ? "RESELLER" : "PARTNER",
          is_partner: "true",
          partner_id: p.id,
          partner_type: p.type,
          certifications: String(p.certifications),
          agreement_signed: String(p.agreement_signed),
          compliance_ok: String(p.compliance_ok),
          // Three channel managers own the partner companies (nudge tasks go to the owner).
          hubspot_owner_id: SEED_OWNERS[Number(p.id.replace(/\D/g, "")) % SEED_OWNERS.length]!,
        },
        source,
      );
      partnerCompanyIds[p.id] = company.id;
    }
    const customers = seedOptions.customers ?? Math.max(3, Math.ceil(options.partners / 5));
    for (let i = 1; i <= customers; i++) {
      const company = state.insert(
        "companies",
        {
          name: `Customer ${i}`,
          domain: `customer-${i}.example.org`,
          website: `https://customer-${i}.example.org`,
          type: "OTHER",
          is_partner: "false",
        },
        source,
      );
      customerCompanyIds.push(company.id);
    }
    let deals = 0;
    const hasMargin = state.properties.deals.get("gross_margin") !== undefined;
    for (const d of demoDeals(options)) {
      if (state.stores.deals.findUnique("external_deal_id", d.id)) continue;
      const values: Record<string, string> = {
        dealname: d.name,
        amount: d.amount,
        deal_currency_code: d.currency,
        closedate: `${d.close_date}T00:00:00.000Z`,
        dealstage: STAGES[d.stage],
        pipeline: "default",
        dealtype: d.kind === "new" ? "newbusiness" : "existingbusiness",
        external_deal_id: d.id,
        deal_kind: d.kind,
        attribution: d.attribution,
        product_code: d.product,
      };
      if (d.csat !== null) values.csat = String(d.csat);
      if (d.time_to_value_days !== null) values.time_to_value_days = String(d.time_to_value_days);
      if (d.cancelled_on !== null) values.cancelled_on = d.cancelled_on;
      // gross_margin is provisioned by the connector (it is not a portal default): only when present.
      if (d.margin !== null && hasMargin) values.gross_margin = d.margin;
      const deal = state.insert("deals", values, source);
      const partnerCompany = partnerCompanyIds[d.partner_id];
      if (partnerCompany)
        state.link("deals", deal, "companies", partnerCompany, [partnerLabel.typeId], source);
      const customer = customerCompanyIds[deals % customerCompanyIds.length];
      if (customer) state.link("deals", deal, "companies", customer, [5], source);
      deals++;
    }
    return {
      partners: Object.keys(partnerCompanyIds).length,
      customers,
      deals,
      partnerCompanyIds,
      customerCompanyIds,
      ms: Math.round(performance.now() - started),
    };
  });
}
