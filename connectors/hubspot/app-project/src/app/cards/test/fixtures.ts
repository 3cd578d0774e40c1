// Answers of the service's card endpoint in the shape CONTRACT.md / docs/hubspot-cards.md fix,
// typed by the card's own schema types so a drift in either shows up in the typecheck.
import type {
  CompanyCardOk,
  CompanyCardResponse,
  DealCardOk,
  DealCardResponse,
  PeriodDeal,
} from "../lib/response";

/** Silver, 92.5% of the way to Gold: one certification and a little revenue short. */
export const nearNextTier: CompanyCardOk = {
  status: "ok",
  period: "2026-Q4",
  periods: ["2026-Q4", "2026-Q3", "2026-Q2"],
  currency: "USD",
  partner: { id: "p-acme-1", name: "Acme Integrations 1" },
  tier: "Silver",
  nextTier: "Gold",
  gapToNextTier: "1500.00",
  progressPercent: "92.5",
  missingForNextTier: ["Certifications: 2 of 3", "Revenue: 18500.00 of 20000.00"],
  score: "68.25",
  metrics: [
    { name: "csat", value: "4.6" },
    { name: "time_to_value_days", value: "21" },
  ],
  eligible: true,
  ineligibleReasons: [],
  payable: "4250.10",
  heldBack: "750.00",
  paidYtd: "12800.00",
  fundBalance: "1200.00",
  payoutStatus: "payable",
  // The first page (10) of the period's 12 deals.
  deals: acmeDeals(0, 10),
  dealsTotal: 12,
  dealsOffset: 0,
};

/** Acme's deals `from` … `to` (exclusive) of 12, as the service pages them. */
export function acmeDeals(from: number, to: number): PeriodDeal[] {
  return Array.from({ length: Math.min(to, 12) - from }, (_, k) => {
    const i = from + k;
    return {
      id: `90${i}`,
      name: `Acme deal ${i + 1}`,
      amount: "10000.00",
      // One GBP deal: its amount shows in pounds, its incentive in the program's dollars.
      currency: i === 1 ? "GBP" : "USD",
      closeDate: `2026-11-${String(i + 1).padStart(2, "0")}`,
      status: i === 0 ? "held back until 2027-Q1" : "counted",
      incentive: "500.00",
      lines: [
        {
          component: "new_business",
          amount: "500.00",
          explanation: "5% of 10,000.00 new-business amount at Silver",
        },
      ],
    };
  });
}

/** Not eligible this period: the agreement is unsigned and compliance failed. */
export const ineligible: CompanyCardOk = {
  ...nearNextTier,
  partner: { id: "p-beta-2", name: "Beta Partners" },
  tier: "Registered",
  nextTier: "Silver",
  gapToNextTier: "40000.00",
  progressPercent: "20",
  missingForNextTier: ["Agreement signed"],
  eligible: false,
  ineligibleReasons: ["Agreement not signed", "Compliance check failed"],
  payable: "0.00",
  heldBack: "0.00",
  paidYtd: "0.00",
  fundBalance: null,
  payoutStatus: null,
  deals: [],
  dealsTotal: 0,
};

export const notPartner: CompanyCardResponse = { status: "not_partner" };
export const companyNotComputed: CompanyCardResponse = { status: "not_computed" };

/** A won deal whose customer cancelled: part of the incentive is clawed back, window still open. */
export const clawbackDeal: DealCardOk = {
  status: "ok",
  period: "2026-Q4",
  currency: "USD",
  deal: {
    id: "9001",
    name: "Globex renewal",
    amount: "10000.00",
    currency: "USD",
    stage: "won",
    closeDate: "2026-11-16",
  },
  partner: { id: "p-acme-1", name: "Acme Integrations 1", tier: "Silver" },
  incentive: "250.00",
  incentiveStatus: "clawback window open until 2027-02-14",
  lines: [
    { component: "new_business", amount: "500.00", explanation: "5% of 10,000.00 at Silver" },
    {
      component: "clawback",
      amount: "-250.00",
      explanation: "Customer cancelled on 2026-11-30, within the 90-day clawback window: half is clawed back",
    },
  ],
  projection: null,
};

/** An open deal that would take the partner to Gold if it closed this quarter. */
export const openDeal: DealCardOk = {
  status: "ok",
  period: "2026-Q4",
  currency: "USD",
  deal: {
    id: "9002",
    name: "Initech expansion",
    amount: "9000.00",
    currency: "USD",
    stage: "open",
    closeDate: "2026-12-20",
  },
  partner: { id: "p-acme-1", name: "Acme Integrations 1", tier: "Silver" },
  incentive: "0.00",
  incentiveStatus: "open",
  lines: [],
  projection: {
    amount: "450.00",
    explanation: "5% of 9,000.00 new-business amount at Silver, if it closes by 2026-12-31",
    wouldReachTier: "Gold",
  },
};

/** A won GBP deal: its amount is in pounds, the incentive in the program's dollars. */
export const gbpDeal: DealCardOk = {
  ...clawbackDeal,
  deal: {
    id: "9003",
    name: "Deal 94",
    amount: "34105.06",
    currency: "GBP",
    stage: "won",
    closeDate: "2026-11-20",
  },
  incentive: "2148.62",
  incentiveStatus: "counted",
  lines: [
    { component: "new_business", amount: "2148.62", explanation: "GBP 34105.06 × 1.26 = 42972.38 at 5%" },
  ],
};

export const noPartnerDeal: DealCardResponse = { status: "no_partner" };
export const dealNotComputed: DealCardResponse = { status: "not_computed" };

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}
