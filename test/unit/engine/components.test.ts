// Hand-computed cases for each component type.
import { describe, expect, it } from "vitest";
import { amounts, deal, only, partner, program, statement, statements } from "./helpers.ts";

const tiers = {
  metric: { sum: "amount", window: 1 },
  grace: 0,
  levels: [{ name: "Registered" }, { name: "Silver", min: "100000" }],
};

describe("rate", () => {
  it("marginal crossing three bands in one deal", () => {
    const bands = [
      { from: "0", rate: "0.05" },
      { from: "100", rate: "0.07" },
      { from: "200", rate: "0.10" },
    ];
    const s = statement(
      program({ components: [{ id: "r", type: "rate", bands }] }),
      { partners: [partner("P-1")], deals: [deal("P-1", "250", "2026-01-01")] },
      "2026-Q1",
    );
    // 100×5% + 100×7% + 50×10% = 5 + 7 + 5
    expect(amounts(only(s))).toEqual(["17.00"]);
    expect(only(s).lines[0]!.explanation).toBe(
      "100.00 at 5% (band from 0) + 100.00 at 7% (band from 100) + 50.00 at 10% (band from 200)",
    );
  });

  it("filters: kind, attribution, product, min_amount, closed range, stage", () => {
    const comp = {
      id: "r",
      type: "rate",
      deals: {
        kind: ["new"],
        attribution: ["sourced"],
        product: ["NOVA"],
        min_amount: "1000",
        closed: { from: "2026-02-01", to: "2026-02-28" },
      },
      bands: [{ from: "0", rate: "0.10" }],
    };
    const deals = [
      deal("P-1", "1000", "2026-02-01", { id: "ok", product: "NOVA" }),
      deal("P-1", "999.99", "2026-02-02", { id: "small", product: "NOVA" }),
      deal("P-1", "5000", "2026-03-01", { id: "late", product: "NOVA" }),
      deal("P-1", "5000", "2026-02-03", { id: "noprod" }),
      deal("P-1", "5000", "2026-02-03", { id: "infl", product: "NOVA", attribution: "influenced" }),
      deal("P-1", "5000", "2026-02-03", { id: "renew", product: "NOVA", kind: "renewal" }),
      deal("P-1", "5000", "2026-02-03", { id: "lost", product: "NOVA", stage: "lost" }),
    ];
    const s = statement(program({ components: [comp] }), { partners: [partner("P-1")], deals }, "2026-Q1");
    expect(only(s).lines.map((l) => l.deal_id)).toEqual(["ok"]);
  });
});

describe("tier_rate", () => {
  it("uses the tier held in the period (promotion shows next period)", () => {
    const comp = {
      id: "inf",
      type: "tier_rate",
      deals: { attribution: ["influenced"] },
      rates: { Registered: "0.01", Silver: "0.02" },
    };
    const ss = statements(
      program({ tiers, components: [comp] }),
      {
        partners: [partner("P-1")],
        deals: [
          deal("P-1", "150000", "2026-01-05", { attribution: "influenced" }),
          deal("P-1", "10000", "2026-04-05", { attribution: "influenced" }),
        ],
      },
      "2026-Q2",
    );
    expect(amounts(only(ss[0]!))).toEqual(["1500.00"]);
    expect(amounts(only(ss[1]!))).toEqual(["200.00"]);
    expect(only(ss[1]!).lines[0]!.explanation).toBe("10000.00 at 2% (tier Silver)");
  });
});

describe("spif", () => {
  const spif = { id: "spif", type: "spif", deals: { kind: ["new"] }, amount: "500", budget: "1200" };
  it("takes amount per deal over all partners in deal order while the budget lasts", () => {
    const s = statement(
      program({ components: [spif] }),
      {
        partners: [partner("P-1"), partner("P-2")],
        deals: [
          deal("P-2", "10", "2026-01-01", { id: "a" }),
          deal("P-1", "10", "2026-01-02", { id: "b" }),
          deal("P-2", "10", "2026-01-03", { id: "c" }),
        ],
      },
      "2026-Q1",
    );
    expect(amounts(only(s, "P-2"))).toEqual(["500.00", "0.00"]);
    expect(amounts(only(s, "P-1"))).toEqual(["500.00"]);
    expect(only(s, "P-2").lines[1]!.explanation).toBe("budget exhausted (remaining 200.00 < 500.00)");
  });

  it("an ineligible partner or an unmet gate takes nothing from the budget", () => {
    const gated = { ...spif, budget: "500", requires: { certifications: 1 } };
    const s = statement(
      program({ components: [gated], eligibility: { agreement_signed: true } }),
      {
        partners: [
          partner("P-1", { agreement_signed: false, certifications: 1 }),
          partner("P-2"),
          partner("P-3", { certifications: 2 }),
        ],
        deals: [
          deal("P-1", "10", "2026-01-01", { id: "a" }),
          deal("P-2", "10", "2026-01-02", { id: "b" }),
          deal("P-3", "10", "2026-01-03", { id: "c" }),
        ],
      },
      "2026-Q1",
    );
    expect(only(s, "P-1").lines[0]).toMatchObject({ amount: "0.00", forfeited: true });
    expect(only(s, "P-2").lines[0]!.explanation).toBe(
      "gate not met: certifications 0 < 1; takes no SPIF budget",
    );
    expect(amounts(only(s, "P-3"))).toEqual(["500.00"]);
  });

  it("max_per_partner caps what one partner takes over the program", () => {
    const s = statement(
      program({ components: [{ ...spif, budget: "5000", max_per_partner: "1000" }] }),
      {
        partners: [partner("P-1")],
        deals: [
          deal("P-1", "1", "2026-01-01"),
          deal("P-1", "1", "2026-01-02"),
          deal("P-1", "1", "2026-01-03"),
        ],
      },
      "2026-Q1",
    );
    expect(amounts(only(s))).toEqual(["500.00", "500.00", "0.00"]);
  });
});

describe("multiplier and scorecard", () => {
  const scorecard = [
    { metric: "csat", weight: 1, target: "5" },
    { metric: "time_to_value_days", weight: 1, target: "30", better: "lower" },
  ];
  const components = [
    { id: "resale", type: "rate", bands: [{ from: "0", rate: "0.10" }] },
    {
      id: "q",
      type: "multiplier",
      applies_to: ["resale"],
      by_score: [
        { from: "0", factor: "0.5" },
        { from: "80", factor: "1.2" },
      ],
    },
  ];
  it("score = weighted mean of metric scores; factor of the greatest from ≤ score", () => {
    // csat mean 4 → 80; ttv mean 60, lower-better 30/60 → 50; score 65 → factor 0.5
    const s = statement(
      program({ scorecard, components }),
      {
        partners: [partner("P-1")],
        deals: [deal("P-1", "1000", "2026-01-01", { csat: 4, time_to_value_days: 60 })],
      },
      "2026-Q1",
    );
    expect(only(s).score).toBe("65.00");
    expect(amounts(only(s))).toEqual(["100.00", "-50.00"]);
    expect(only(s).lines[1]!.explanation).toBe("factor 0.50 for score 65.00 on resale line 100.00");
  });

  it("lower-better with value 0 scores 100; metric without data is left out and named", () => {
    const s = statement(
      program({ scorecard, components }),
      { partners: [partner("P-1")], deals: [deal("P-1", "1000", "2026-01-01", { time_to_value_days: 0 })] },
      "2026-Q1",
    );
    expect(only(s).score).toBe("100.00");
    expect(amounts(only(s))).toEqual(["100.00", "20.00"]);
    expect(only(s).lines[1]!.explanation).toContain("(no data: csat)");
  });

  it("no metric with data: score null, factor 1", () => {
    const s = statement(
      program({ scorecard, components }),
      { partners: [partner("P-1")], deals: [deal("P-1", "1000", "2026-01-01")] },
      "2026-Q1",
    );
    expect(only(s).score).toBeNull();
    expect(amounts(only(s))).toEqual(["100.00", "0.00"]);
  });

  it("revenue_growth clamps a decline to 0 and is undefined after an empty period", () => {
    const card = [{ metric: "revenue_growth", weight: 1, target: "0.20" }];
    const ss = statements(
      program({ scorecard: card }),
      {
        partners: [partner("P-1")],
        deals: [
          deal("P-1", "1000", "2026-01-01"),
          deal("P-1", "1100", "2026-04-01"),
          deal("P-1", "500", "2026-07-01"),
        ],
      },
      "2026-Q3",
    );
    expect(ss.map((s) => only(s).score)).toEqual([null, "50.00", "0.00"]);
  });

  it("win_rate and renewal_rate", () => {
    const card = [
      { metric: "win_rate", weight: 1, target: "0.5" },
      { metric: "renewal_rate", weight: 3, target: "1" },
    ];
    const s = statement(
      program({ scorecard: card }),
      {
        partners: [partner("P-1")],
        deals: [
          deal("P-1", "10", "2026-01-01"),
          deal("P-1", "10", "2026-01-01", { stage: "lost" }),
          deal("P-1", "10", "2026-01-01", { stage: "lost" }),
          deal("P-1", "10", "2026-01-01", { stage: "lost" }),
          deal("P-1", "300", "2026-01-02", { kind: "renewal" }),
          deal("P-1", "100", "2026-01-02", { kind: "renewal", stage: "lost" }),
          deal("P-1", "999", "2026-01-02", { kind: "renewal", stage: "open" }),
        ],
      },
      "2026-Q1",
    );
    // win 0.25/0.5 → 50; renewal 0.75 → 75; (50 + 3×75)/4 = 68.75
    expect(only(s).score).toBe("68.75");
  });
});

describe("gates", () => {
  it("a component gate not met gives amount 0 with the reason", () => {
    const s = statement(
      program({
        components: [
          {
            id: "rb",
            type: "rate",
            deals: { kind: ["renewal"] },
            requires: { renewal_rate: "0.90" },
            bands: [{ from: "0", rate: "0.03" }],
          },
        ],
      }),
      {
        partners: [partner("P-1")],
        deals: [
          deal("P-1", "800", "2026-01-01", { kind: "renewal" }),
          deal("P-1", "200", "2026-01-01", { kind: "renewal", stage: "lost" }),
        ],
      },
      "2026-Q1",
    );
    expect(only(s).lines[0]).toMatchObject({
      amount: "0.00",
      explanation: "gate not met: renewal_rate 0.80 < 0.90",
    });
  });

  it("requires.tier is the tier held in the period", () => {
    const s = statement(
      program({
        tiers,
        components: [
          { id: "r", type: "rate", requires: { tier: ["Silver"] }, bands: [{ from: "0", rate: "0.1" }] },
        ],
      }),
      {
        partners: [partner("P-1"), partner("P-2", { initial_tier: "Silver" })],
        deals: [deal("P-1", "10", "2026-01-01"), deal("P-2", "10", "2026-01-01")],
      },
      "2026-Q1",
    );
    expect(only(s, "P-1").lines[0]!.explanation).toBe("gate not met: tier Registered not in Silver");
    expect(amounts(only(s, "P-2"))).toEqual(["1.00"]);
  });
});

describe("tier requirements", () => {
  it("a level's renewal_rate is the tier window's, its certifications the partner's", () => {
    const tiered = {
      metric: { sum: "amount", window: 2 },
      levels: [
        { name: "Registered" },
        { name: "Gold", min: "1000", requires: { renewal_rate: "0.75", certifications: 1 } },
      ],
    };
    const ss = statements(
      program({ tiers: tiered }),
      {
        partners: [partner("P-1", { certifications: 1 }), partner("P-2")],
        deals: [
          // Q1: renewals 500 won / 1000 → 0.5; Q2: 1000 won → window 1500/2000 = 0.75.
          deal("P-1", "500", "2026-01-05", { kind: "renewal" }),
          deal("P-1", "500", "2026-01-06", { kind: "renewal", stage: "lost" }),
          deal("P-1", "1000", "2026-04-05", { kind: "renewal" }),
          deal("P-2", "5000", "2026-01-05", { kind: "renewal" }),
        ],
      },
      "2026-Q3",
    );
    expect(ss.map((s) => only(s, "P-1").qualified_tier)).toEqual(["Registered", "Gold", "Gold"]);
    expect(only(ss[0]!, "P-1").missing_for_next_tier).toEqual(["renewal_rate >= 0.75"]);
    expect(only(ss[0]!, "P-1").gap_to_next_tier).toBe("500.00");
    expect(ss.map((s) => only(s, "P-1").tier)).toEqual(["Registered", "Registered", "Gold"]);
    expect(only(ss[0]!, "P-2").missing_for_next_tier).toEqual(["certifications >= 1"]);
    // Only requirements missing: the gap is 0.00.
    expect(only(ss[0]!, "P-2").gap_to_next_tier).toBe("0.00");
    expect(only(ss[1]!, "P-1").next_tier).toBeNull();
  });

  it("a gated multiplier adds 0.00 lines with the reason", () => {
    const s = statement(
      program({
        components: [
          { id: "r", type: "rate", bands: [{ from: "0", rate: "0.1" }] },
          {
            id: "m",
            type: "multiplier",
            applies_to: ["r"],
            requires: { certifications: 2 },
            by_score: [{ from: "0", factor: "2" }],
          },
        ],
      }),
      { partners: [partner("P-1")], deals: [deal("P-1", "100", "2026-01-01")] },
      "2026-Q1",
    );
    expect(only(s).lines.map((l) => [l.kind, l.amount, l.explanation])).toEqual([
      ["rate", "10.00", "100.00 at 10% (band from 0)"],
      ["multiplier", "0.00", "gate not met: certifications 0 < 2"],
    ]);
  });
});
