// Every measure of docs/analytics.md on the hand-computed data set of dataset.ts, with its edge
// cases: a partner with one sale (B), a partner with no signing date (B, F), a period with no
// deals (2026-Q3), an expired fund lot (A's Q1 co-op accrual), ties at a segment boundary
// (segments.test.ts), a cancelled sale (D3) and a sale after the period (E2).
import { describe, expect, it } from "vitest";
import { computeAnalytics } from "../../../src/analytics/index.ts";
import { input, program } from "./dataset.ts";

describe("analytics: activation", () => {
  const { partners, program: report } = computeAnalytics(input());

  it("dates the first and second sale, and days from signing to each", () => {
    // A signed 2026-01-10: A1 on 01-20 is 10 days later; A2 on 04-15 is 21 + 28 + 31 + 15 = 95.
    expect(partners.get("A")!.activation).toEqual({
      firstSaleOn: "2026-01-20",
      secondSaleOn: "2026-04-15",
      firstSaleDeal: "A1",
      secondSaleDeal: "A2",
      activated: true,
      daysToFirstSale: 10,
      daysToSecondSale: 95,
    });
  });

  it("a partner with one sale and no signing date is not activated and has no days", () => {
    expect(partners.get("B")!.activation).toMatchObject({
      firstSaleOn: "2026-04-20",
      secondSaleOn: null,
      activated: false,
      daysToFirstSale: null,
      daysToSecondSale: null,
    });
  });

  it("orders two sales on one day by deal id, leaves out a cancelled sale and one after the period", () => {
    expect(partners.get("D")!.activation).toMatchObject({
      firstSaleDeal: "D1",
      secondSaleDeal: "D2",
      daysToFirstSale: 31,
      daysToSecondSale: 31,
    });
    // E2 closes in Q4: as of Q2, E has one sale.
    expect(partners.get("E")!.activation).toMatchObject({
      firstSaleDeal: "E1",
      activated: false,
      daysToFirstSale: 31,
    });
    expect(partners.get("C")!.activation).toMatchObject({ firstSaleOn: null, activated: false });
  });

  it("counts the funnel: registered 6 → first sale 5 → active 2, newly activated A", () => {
    expect(report.activation.registered.value).toBe("6");
    expect(report.activation.firstSale).toEqual({
      value: "5",
      partners: ["A", "B", "D", "E", "F"],
      deals: ["A1", "B1", "D1", "E1", "F1"],
    });
    expect(report.activation.active).toEqual({
      value: "2",
      partners: ["A", "D"],
      deals: ["A1", "A2", "D1", "D2"],
    });
    // D activated in Q1: only A's second sale falls in Q2.
    expect(report.activation.newlyActivated).toEqual({ value: "1", partners: ["A"], deals: ["A2"] });
  });
});

describe("analytics: segments (default: revenue over the tier window)", () => {
  const { partners, program: report } = computeAnalytics(input());

  it("ranks revenue of Q1 + Q2 sales: A 6000, B 5000, D 2000, E 1000, F 1000, C 0", () => {
    expect(report.partners.ranking).toEqual({
      rankBy: "revenue",
      window: 2,
      deals: { kind: ["new", "expansion", "renewal"] },
    });
    const seg = (id: string) => partners.get(id)!.segment;
    expect(seg("A")).toEqual({ segment: "top", value: "6000", rank: 1, deals: ["A1", "A2", "A3"] });
    expect(seg("C")).toMatchObject({ segment: "bottom", value: "0", rank: 6 });
    // E and F tie: one place each, both 4th.
    expect(seg("E")).toMatchObject({ segment: "middle", rank: 4 });
    expect(seg("F")).toMatchObject({ segment: "middle", rank: 4 });
    expect(report.partners.bySegment.top.partners).toEqual(["A"]);
    expect(report.partners.bySegment.middle).toMatchObject({ value: "4", partners: ["B", "D", "E", "F"] });
    expect(report.partners.bySegment.bottom).toEqual({ value: "1", partners: ["C"], deals: [] });
  });

  it("ranks by the program's own metric when it defines one (analytics.segments)", () => {
    const prog = program("analytics: { segments: { rank_by: score } }\n");
    const r = computeAnalytics(input("2026-Q2", prog));
    // Scores A 80, E 60, B 50, D 40, C and F none (0): top A, bottom C and F (tied at the edge).
    expect(r.program.partners.bySegment.top.partners).toEqual(["A"]);
    expect(r.program.partners.bySegment.bottom.partners).toEqual(["C", "F"]);
  });

  it("partners by tier of the period", () => {
    expect(report.partners.byTier).toEqual([
      { tier: "Registered", value: "5", partners: ["B", "C", "D", "E", "F"], deals: [] },
      { tier: "Silver", value: "1", partners: ["A"], deals: [] },
    ]);
  });
});

describe("analytics: cost, cost-to-incentive and ROI", () => {
  const { partners, program: report } = computeAnalytics(input());
  const cost = report.cost;

  it("sums the counted cash lines: 1525.00 (E's forfeited line and accruals left out)", () => {
    // A 150 + 100 + 500, B 250 + 500, D −25 (clawback), F 50.
    expect(cost.total.value).toBe("1525.00");
    expect(cost.total.partners).toEqual(["A", "B", "D", "F"]);
    expect(cost.byComponent).toEqual([
      { component: "launch-spif", value: "1000.00", partners: ["A", "B"], deals: ["A2", "B1"] },
      {
        component: "resale",
        value: "525.00",
        partners: ["A", "B", "D", "F"],
        deals: ["A2", "A3", "B1", "D3", "F1"],
      },
    ]);
    expect(cost.byTier.map((t) => [t.tier, t.value])).toEqual([
      ["Registered", "775.00"],
      ["Silver", "750.00"],
    ]);
  });

  it("attributed revenue 12000.00 (A2 3000 influenced; A3 2000, B1 5000, E1 1000, F1 1000 sourced)", () => {
    expect(cost.attributedRevenue.value).toBe("12000.00");
    expect(cost.attributedRevenue.deals).toEqual(["A2", "A3", "B1", "E1", "F1"]);
    expect(cost.sourcedRevenue.value).toBe("9000.00");
    expect(cost.influencedRevenue).toEqual({ value: "3000.00", partners: ["A"], deals: ["A2"] });
    expect([cost.sourcedShare, cost.influencedShare]).toEqual(["75.00", "25.00"]);
    // 1525 / 12000 = 12.7083…% ; 12000 / 1525 = 7.8688…
    expect(cost.costToIncentive).toBe("12.71");
    expect(cost.roi).toBe("7.87");
  });

  it("per partner: lifetime and this-year incentives, share of revenue, sourced vs influenced", () => {
    expect(partners.get("A")!.cost).toEqual({
      incentivesLifetime: "800.00",
      incentivesThisYear: "800.00",
      // 800 / 6000
      incentiveShare: "13.33",
      sourcedShare: "50.00",
      influencedShare: "50.00",
      revenueLifetime: "6000.00",
    });
    // D: 10.00 in 2025-Q4, 100.00 in Q1, −25.00 in Q2; revenue D1 + D2 (D3 was cancelled).
    expect(partners.get("D")!.cost).toMatchObject({
      incentivesLifetime: "85.00",
      incentivesThisYear: "75.00",
      incentiveShare: "4.25",
      sourcedShare: "100.00",
      influencedShare: "0.00",
    });
    // C: no revenue, so no share of it.
    expect(partners.get("C")!.cost).toMatchObject({
      incentivesLifetime: "0.00",
      incentiveShare: null,
      sourcedShare: null,
      influencedShare: null,
    });
  });
});

describe("analytics: budgets", () => {
  const { program: report } = computeAnalytics(input());

  it("SPIF budget 1000.00 consumed by A2 and B1, nothing remaining", () => {
    expect(report.budgets.spifs).toEqual([
      {
        component: "launch-spif",
        budget: "1000.00",
        consumed: { value: "1000.00", partners: ["A", "B"], deals: ["A2", "B1"] },
        consumedThisPeriod: { value: "1000.00", partners: ["A", "B"], deals: ["A2", "B1"] },
        remaining: "0.00",
      },
    ]);
  });

  // The same awards (A2 and B1, 500.00 each) under another budget for launch-spif.
  const withBudget = (budget: string) => {
    const p = program();
    const components = p.components.map((c) => (c.id === "launch-spif" ? { ...c, budget } : c));
    return computeAnalytics(input("2026-Q2", { ...p, components })).program.budgets.spifs[0]!;
  };

  it("a SPIF with budget left: remaining = budget − consumed", () => {
    expect(withBudget("1500.00")).toMatchObject({
      budget: "1500.00",
      consumed: { value: "1000.00" },
      remaining: "500.00",
    });
  });

  it("a SPIF awarded past its budget (a later program version lowered it): remaining 0, not negative", () => {
    // 1000.00 awarded against 800.00: budget − consumed is −200.00; remaining floors at 0.
    expect(withBudget("800.00")).toMatchObject({
      budget: "800.00",
      consumed: { value: "1000.00" },
      remaining: "0.00",
    });
  });

  it("co-op: accrued 160, claimed 10 (from A's Q1 lot), 10 of that lot expired, 160 expiring next", () => {
    // expires_after 2: A's Q1 lot (20.00) can be drawn in Q1 and Q2; the 10.00 claim takes
    // half of it and the rest expires at the end of Q2. Q2's lots (A 60, B 100) expire after Q3.
    expect(report.budgets.funds).toEqual([
      {
        fund: "coop",
        accrued: { value: "160.00", partners: ["A", "B"], deals: ["A2", "B1"] },
        claimed: { value: "10.00", partners: ["A"], deals: [] },
        expired: { value: "10.00", partners: ["A"], deals: [] },
        expiringNextPeriod: { value: "160.00", partners: ["A", "B"], deals: [] },
        balance: { value: "160.00", partners: ["A", "B"], deals: [] },
      },
    ]);
  });
});

describe("analytics: fund replay with a gap period", () => {
  it("a partner without a statement in the period still has its expired lots closed", () => {
    // A's Q2 statement left out: A's Q1 co-op lot (20.00, drawable in Q1 and Q2, nothing claimed
    // now) expires at the end of Q2 though A has no Q2 statement; B's Q2 lot (100.00) is accrued
    // and expires after Q3.
    const base = input();
    const statements = new Map(base.statements); // a copy: the data set's map is shared
    statements.set(
      "2026-Q2",
      statements.get("2026-Q2")!.filter((s) => s.partner_id !== "A"),
    );
    const data = { ...base, statements };
    const [coop] = computeAnalytics(data).program.budgets.funds;
    expect(coop).toMatchObject({
      accrued: { value: "100.00", partners: ["B"] },
      claimed: { value: "0.00", partners: [] },
      expired: { value: "20.00", partners: ["A"] },
      expiringNextPeriod: { value: "100.00", partners: ["B"] },
    });
  });
});

describe("analytics: payout accuracy", () => {
  const { program: report } = computeAnalytics(input());
  const a = report.accuracy;

  it("adjustments, corrections and clawbacks as shares of the period's payouts (1525.00)", () => {
    expect(a.payouts).toEqual({ value: "1525.00", partners: ["A", "B", "D", "F"], deals: [] });
    // 40 / 1525 = 2.62%; 15 / 1525 = 0.98%; 25 / 1525 = 1.64%
    expect(a.adjustments).toEqual({
      value: "40.00",
      net: "-40.00",
      share: "2.62",
      partners: ["D"],
      deals: ["D1"],
    });
    expect(a.corrections).toMatchObject({ value: "15.00", net: "15.00", share: "0.98", partners: ["B"] });
    expect(a.clawbacks).toEqual({ value: "25.00", share: "1.64", partners: ["D"], deals: ["D3"] });
  });

  it("holds and disputes", () => {
    expect(a.held).toEqual({ value: "1", partners: ["B"], deals: [] });
    expect(a.disputes).toEqual({ value: "2", open: 1, partners: ["A", "F"], deals: ["F1"] });
  });
});

describe("analytics: trends against the previous period", () => {
  const { partners, program: report } = computeAnalytics(input());

  it("program: mean score 57.50 vs 55.00, renewal rate 80.00% vs none, time to value 15 vs 30 days", () => {
    expect(report.trends).toEqual({
      // (80 + 50 + 40 + 60) / 4 vs (70 + 40) / 2
      score: { current: "57.50", previous: "55.00", change: "2.50", direction: "up" },
      // A3 won 2000 of A3 + A4 (lost) 2500; no renewal in Q1
      renewalRate: { current: "80.00", previous: null, change: null, direction: null },
      // (A3 10 + B1 20) / 2 vs D1 30
      timeToValue: { current: "15.00", previous: "30.00", change: "-15.00", direction: "down" },
    });
  });

  it("per partner", () => {
    expect(partners.get("A")!.trends.score).toEqual({
      current: "80.00",
      previous: "70.00",
      change: "10.00",
      direction: "up",
    });
    expect(partners.get("D")!.trends.score.direction).toBe("flat");
    expect(partners.get("B")!.trends.score).toEqual({
      current: "50.00",
      previous: null,
      change: null,
      direction: null,
    });
  });
});

describe("analytics: a period with no deals (2026-Q3)", () => {
  const { program: report, partners } = computeAnalytics(input("2026-Q3"));

  it("has no cost, no revenue, and no ratios rather than a division by zero", () => {
    expect(report.cost.total.value).toBe("0.00");
    expect(report.cost.attributedRevenue.value).toBe("0.00");
    expect([report.cost.costToIncentive, report.cost.roi, report.cost.sourcedShare]).toEqual([
      null,
      null,
      null,
    ]);
    expect(report.activation.newlyActivated.value).toBe("0");
    expect(report.accuracy.payouts.value).toBe("0.00");
    expect(report.trends.renewalRate).toMatchObject({ current: null, previous: "80.00", change: null });
    // Activation carries on: A and D are still active.
    expect(report.activation.active.partners).toEqual(["A", "D"]);
    // The SPIF budget stays consumed; nothing this period.
    expect(report.budgets.spifs[0]).toMatchObject({
      remaining: "0.00",
      consumedThisPeriod: { value: "0.00" },
    });
    expect(partners.get("A")!.cost.incentivesLifetime).toBe("800.00");
  });
});

describe("analytics: reproducible", () => {
  it("gives byte-identical JSON on every run, whatever the order of its input", () => {
    const once = JSON.stringify(computeAnalytics(input()).program);
    const shuffled = input();
    shuffled.deals = [...shuffled.deals].reverse();
    shuffled.partners = [...shuffled.partners].reverse();
    expect(JSON.stringify(computeAnalytics(shuffled).program)).toBe(once);
    expect(computeAnalytics(input()).program.excludedDeals).toEqual([
      { id: "X1", reason: "no fx rate EUR→USD for 2026-Q2" },
    ]);
  });
});
