// Maps the deterministic demo data set (connectors/sandbox/demo-data.ts) onto Salesforce:
// partners → Accounts with IsPartner = true, a few customer Accounts, deals → Opportunities with
// PartnerAccountId set. Same seed, same org.
import { Decimal } from "decimal.js";
import {
  type DealKind,
  type DealStage,
  type DemoDatasetOptions,
  demoDeals,
  demoPartners,
  type PartnerType,
} from "../../sandbox/demo-data.ts";
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

export function seedOrg(org: OrgState, ownerId: string, options: SeedOptions): SeedResult {
  const ctx = { userId: ownerId, mode: "backdoor" as const };
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
          Amount: new Decimal(d.amount).toNumber(),
          CurrencyIsoCode: d.currency,
          CloseDate: d.close_date,
          Description: `Demo deal ${d.id} (${d.attribution}, ${d.product})`,
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
