// A hand-computed data set for the analytics (docs/analytics.md). Every expected figure in
// analytics.test.ts is worked out by hand from these records in the comments there.

import type { AnalyticsInput } from "../../../src/analytics/index.ts";
import type { AnalyticsDeal, AnalyticsStatement } from "../../../src/analytics/input.ts";
import type { Program } from "../../../src/engine/index.ts";
import { parseProgram } from "../../../src/engine/index.ts";

export const PROGRAM_YAML = `
program: Analytics Test
currency: USD
period: quarter
starts: 2026-01-01
tiers:
  metric: { sum: amount, deals: { kind: [new, expansion, renewal] }, window: 2 }
  levels: [ { name: Registered }, { name: Silver, min: "5000" } ]
components:
  - { id: resale, type: rate, bands: [ { from: "0", rate: "0.05" } ] }
  - { id: launch-spif, type: spif, amount: "500", budget: "1000" }
  - { id: coop, type: accrual, fund: coop, rate: "0.02", expires_after: 2 }
`;

export function program(extra = ""): Program {
  const r = parseProgram(PROGRAM_YAML + extra);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

const deal = (
  id: string,
  partner: string,
  amount: string,
  closeDate: string,
  more: Partial<AnalyticsDeal> = {},
): AnalyticsDeal => ({
  id,
  partner,
  kind: "new",
  stage: "won",
  attribution: "sourced",
  amount,
  margin: null,
  product: null,
  closeDate,
  cancelledOn: null,
  timeToValueDays: null,
  ...more,
});

export const DEALS: AnalyticsDeal[] = [
  deal("A1", "A", "1000.00", "2026-01-20"),
  deal("A2", "A", "3000.00", "2026-04-15", { attribution: "influenced" }),
  deal("A3", "A", "2000.00", "2026-05-01", { kind: "renewal", timeToValueDays: 10 }),
  deal("A4", "A", "500.00", "2026-05-02", { kind: "renewal", stage: "lost" }),
  // B: a partner with one sale.
  deal("B1", "B", "5000.00", "2026-04-20", { timeToValueDays: 20 }),
  // C: no sale at all (an open deal only).
  deal("C1", "C", "100.00", "2026-05-10", { stage: "open" }),
  // D: two sales on one day (the lower id is the first), and one cancelled before the period ends.
  deal("D2", "D", "1000.00", "2026-02-01", { kind: "expansion" }),
  deal("D1", "D", "1000.00", "2026-02-01", { timeToValueDays: 30 }),
  deal("D3", "D", "500.00", "2026-06-01", { cancelledOn: "2026-06-20" }),
  // E: its second sale closes after the period analysed (and after Q3: Q3 has no deals).
  deal("E1", "E", "1000.00", "2026-04-01"),
  deal("E2", "E", "1000.00", "2026-10-05"),
  deal("F1", "F", "1000.00", "2026-05-05"),
];

const st = (
  partner_id: string,
  tier: string,
  score: string | null,
  payable: string,
  lines: AnalyticsStatement["lines"] = [],
  more: Partial<AnalyticsStatement> = {},
): AnalyticsStatement => ({
  partner_id,
  tier,
  score,
  earned: payable,
  payable,
  funds: { coop: "0.00" },
  claims: [],
  lines,
  ...more,
});

const line = (
  component: string,
  kind: string,
  deal_id: string | null,
  amount: string,
  forfeited = false,
) => ({
  component,
  kind,
  deal_id,
  amount,
  ...(forfeited ? { forfeited: true } : {}),
});

export const STATEMENTS = new Map<string, AnalyticsStatement[]>([
  ["2025-Q4", [st("D", "Registered", null, "10.00")]],
  [
    "2026-Q1",
    [
      st(
        "A",
        "Registered",
        "70.00",
        "50.00",
        [line("resale", "rate", "A1", "50.00"), line("coop", "accrual", "A1", "20.00")],
        {
          funds: { coop: "20.00" },
        },
      ),
      st("D", "Registered", "40.00", "100.00", [
        line("resale", "rate", "D1", "50.00"),
        line("resale", "rate", "D2", "50.00"),
      ]),
    ],
  ],
  [
    "2026-Q2",
    [
      st(
        "A",
        "Silver",
        "80.00",
        "750.00",
        [
          line("resale", "rate", "A2", "150.00"),
          line("resale", "rate", "A3", "100.00"),
          line("launch-spif", "spif", "A2", "500.00"),
          line("coop", "accrual", "A2", "60.00"),
        ],
        { funds: { coop: "60.00" }, claims: [{ id: "CL1", fund: "coop", approved: "10.00" }] },
      ),
      st(
        "B",
        "Registered",
        "50.00",
        "750.00",
        [
          line("resale", "rate", "B1", "250.00"),
          line("launch-spif", "spif", "B1", "500.00"),
          line("coop", "accrual", "B1", "100.00"),
        ],
        { funds: { coop: "100.00" } },
      ),
      st("C", "Registered", null, "0.00"),
      st("D", "Registered", "40.00", "-25.00", [line("resale", "clawback", "D3", "-25.00")]),
      // E was not eligible this period: its line is forfeited and costs nothing.
      st("E", "Registered", "60.00", "0.00", [line("resale", "rate", "E1", "50.00", true)]),
      st("F", "Registered", null, "50.00", [line("resale", "rate", "F1", "50.00")]),
    ],
  ],
]);

export function input(period = "2026-Q2", prog: Program = program()): AnalyticsInput {
  return {
    period,
    program: prog,
    partners: [
      { id: "A", name: "Alpha", signedOn: "2026-01-10" },
      { id: "B", name: "Beta", signedOn: null },
      { id: "C", name: "Gamma", signedOn: "2026-01-01" },
      { id: "D", name: "Delta", signedOn: "2026-01-01" },
      { id: "E", name: "Epsilon", signedOn: "2026-03-01" },
      { id: "F", name: "Phi", signedOn: null },
    ],
    deals: DEALS,
    excludedDeals: [{ id: "X1", reason: "no fx rate EUR→USD for 2026-Q2" }],
    statements: STATEMENTS,
    adjustments: [
      {
        id: "1",
        partner: "D",
        deal: "D1",
        amount: "-40.00",
        adjustsPeriod: "2026-Q1",
        adjustsKind: "earned",
      },
      {
        id: "2",
        partner: "B",
        deal: null,
        amount: "15.00",
        adjustsPeriod: "2026-Q2",
        adjustsKind: "correction",
      },
    ],
    held: ["B", "B"],
    disputes: [
      { id: 1, partner: "F", period: "2026-Q2", deal: "F1", status: "open" },
      { id: 2, partner: "A", period: "2026-Q2", deal: null, status: "resolved" },
    ],
    closed: false,
  };
}
