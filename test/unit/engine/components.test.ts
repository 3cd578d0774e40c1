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

describe("accrual and claims", () => {
  const coop = { id: "coop", type: "accrual", fund: "coop", rate: "0.10", expires_after: 2 };
  it("accrues, approves claims up to the balance, expires after the window", () => {
    const ss = statements(
      program({ components: [coop] }),
      {
        partners: [partner("P-1")],
        deals: [deal("P-1", "1000", "2026-01-10"), deal("P-1", "500", "2026-04-10")],
        claims: [
          { id: "C-2", partner_id: "P-1", fund: "coop", amount: "30", date: "2026-02-01" },
          { id: "C-1", partner_id: "P-1", fund: "coop", amount: "30", date: "2026-02-01" },
          { id: "C-3", partner_id: "P-1", fund: "coop", amount: "100", date: "2026-05-01" },
          { id: "C-4", partner_id: "P-1", fund: "nope", amount: "5", date: "2026-05-01" },
        ],
      },
      "2026-Q3",
    );
    const [q1, q2, q3] = ss.map((s) => only(s));
    expect(q1!.lines[0]).toMatchObject({ kind: "accrual", amount: "100.00" });
    expect(q1!.earned).toBe("0.00");
    expect(q1!.claims).toEqual([
      { id: "C-1", fund: "coop", approved: "30.00", rejected: "0.00" },
      { id: "C-2", fund: "coop", approved: "30.00", rejected: "0.00" },
    ]);
    expect(q1!.funds).toEqual({ coop: "40.00" });
    // Q2: 40 (Q1 lot) + 50 = 90 available; claim 100 → 90 approved, 10 rejected.
    expect(q2!.claims).toEqual([
      { id: "C-3", fund: "coop", approved: "90.00", rejected: "10.00" },
      { id: "C-4", fund: "nope", approved: "0.00", rejected: "5.00" },
    ]);
    expect(q2!.funds).toEqual({ coop: "0.00" });
    expect(q3!.funds).toEqual({ coop: "0.00" });
  });

  it("unused accruals expire after expires_after periods, oldest drawn first", () => {
    const ss = statements(
      program({ components: [coop] }),
      {
        partners: [partner("P-1")],
        deals: [deal("P-1", "1000", "2026-01-10"), deal("P-1", "500", "2026-04-10")],
        claims: [{ id: "C-1", partner_id: "P-1", fund: "coop", amount: "60", date: "2026-04-20" }],
      },
      "2026-Q3",
    );
    // Q2: lots 100 (Q1) + 50 (Q2); claim 60 from the Q1 lot → 40 + 50; end of Q2 the Q1 lot expires.
    expect(ss.map((s) => only(s).funds.coop)).toEqual(["100.00", "50.00", "0.00"]);
  });
});

describe("cap, eligibility, clawback, holdback", () => {
  it("cap brings the period's lines to the cap with one negative line", () => {
    const s = statement(
      program({
        cap: { per_partner_per_period: "1000" },
        components: [{ id: "r", type: "rate", bands: [{ from: "0", rate: "0.1" }] }],
      }),
      {
        partners: [partner("P-1")],
        deals: [deal("P-1", "8000", "2026-01-01"), deal("P-1", "4000", "2026-01-02")],
      },
      "2026-Q1",
    );
    const p = only(s);
    expect(p.lines.at(-1)).toEqual({
      component: "cap",
      kind: "cap",
      deal_id: null,
      amount: "-200.00",
      explanation: "cap 1000.00: lines total 1200.00",
    });
    expect(p.earned).toBe("1000.00");
  });

  it("an ineligible partner's lines are forfeited and not earned; accruals add nothing", () => {
    const s = statement(
      program({
        eligibility: { agreement_signed: true, compliance_ok: true },
        components: [
          { id: "r", type: "rate", bands: [{ from: "0", rate: "0.1" }] },
          { id: "coop", type: "accrual", fund: "coop", rate: "0.1" },
        ],
      }),
      { partners: [partner("P-1", { compliance_ok: false })], deals: [deal("P-1", "1000", "2026-01-01")] },
      "2026-Q1",
    );
    const p = only(s);
    expect(p.eligible).toBe(false);
    expect(p.ineligible_reasons).toEqual(["compliance_ok is false (required: true)"]);
    expect(p.lines.every((l) => l.forfeited === true)).toBe(true);
    expect(p.earned).toBe("0.00");
    expect(p.funds).toEqual({ coop: "0.00" });
  });

  it("clawback within the window reverses counted lines in the cancellation period; outside it does not", () => {
    const ss = statements(
      program({
        clawback: { window_days: 90 },
        scorecard: [{ metric: "csat", weight: 1, target: "5" }],
        components: [
          { id: "r", type: "rate", bands: [{ from: "0", rate: "0.1" }] },
          { id: "m", type: "multiplier", applies_to: ["r"], by_score: [{ from: "0", factor: "1.5" }] },
          { id: "coop", type: "accrual", fund: "coop", rate: "0.1" },
        ],
      }),
      {
        partners: [partner("P-1")],
        deals: [
          deal("P-1", "1000", "2026-03-01", { id: "in", cancelled_on: "2026-05-30", csat: 5 }),
          deal("P-1", "1000", "2026-03-01", { id: "out", cancelled_on: "2026-05-31" }),
        ],
      },
      "2026-Q2",
    );
    const q2 = only(ss[1]!);
    expect(q2.lines.map((l) => [l.component, l.kind, l.deal_id, l.amount])).toEqual([
      ["r", "clawback", "in", "-100.00"],
      ["m", "clawback", "in", "-50.00"],
    ]);
    expect(q2.clawed_back).toBe("-150.00");
    expect(q2.earned).toBe("-150.00");
    expect(q2.payable).toBe("0.00");
    // Q1 earned 300, held 0 (no holdback), so the negative rest is carried forward.
    expect(q2.carry_forward).toBe("-150.00");
  });

  it("holdback: held on positive earned, released after N periods, carry-forward of a negative rest", () => {
    const ss = statements(
      program({ holdback: { rate: "0.20", release_after: 2 }, clawback: { window_days: 365 } }),
      {
        partners: [partner("P-1")],
        deals: [
          deal("P-1", "10000", "2026-01-10", { id: "a" }),
          deal("P-1", "40000", "2026-04-10", { id: "b", cancelled_on: "2026-07-01" }),
          deal("P-1", "20000", "2026-10-10", { id: "c" }),
        ],
      },
      "2026-Q4",
    );
    const rows = ss.map((s) => {
      const p = only(s);
      return [p.earned, p.held_back, p.released, p.carry_forward, p.payable];
    });
    expect(rows).toEqual([
      ["500.00", "100.00", "0.00", "0.00", "400.00"],
      ["2000.00", "400.00", "0.00", "0.00", "1600.00"],
      // −2000 earned, release of Q1's 100 → −1900 carried
      ["-2000.00", "0.00", "100.00", "-1900.00", "0.00"],
      // 1000 earned − 200 held + 400 released − 1900 carried = −700
      ["1000.00", "200.00", "400.00", "-700.00", "0.00"],
    ]);
  });
});

describe("fx and rounding", () => {
  it("converts at full precision with the period's rate and explains it", () => {
    const s = statement(
      program({ components: [{ id: "r", type: "rate", bands: [{ from: "0", rate: "0.02" }] }] }),
      {
        partners: [partner("P-1")],
        deals: [deal("P-1", "10000", "2026-01-01", { currency: "EUR" })],
        fx: { "2026-Q1": { EUR: "1.10" } },
      },
      "2026-Q1",
    );
    expect(only(s).lines[0]).toMatchObject({
      amount: "220.00",
      explanation: "EUR 10000.00 × 1.10 = 11000.00 at 2% (band from 0)",
    });
  });

  it("rounds each line half away from zero at .005", () => {
    const s = statement(
      program({ components: [{ id: "r", type: "rate", bands: [{ from: "0", rate: "0.5" }] }] }),
      {
        partners: [partner("P-1")],
        deals: [
          deal("P-1", "0.01", "2026-01-01"),
          deal("P-1", "0.01", "2026-01-02"),
          deal("P-1", "2.01", "2026-01-03"),
        ],
      },
      "2026-Q1",
    );
    // 0.005 → 0.01 each; 1.005 → 1.01; total is the sum of rounded lines.
    expect(amounts(only(s))).toEqual(["0.01", "0.01", "1.01"]);
    expect(only(s).earned).toBe("1.03");
  });

  it("JPY has no minor digits", () => {
    const s = statement(
      program({
        currency: "JPY",
        components: [{ id: "r", type: "rate", bands: [{ from: "0", rate: "0.05" }] }],
      }),
      {
        partners: [partner("P-1")],
        deals: [
          deal("P-1", "12345", "2026-01-01", { currency: "JPY" }),
          deal("P-1", "10", "2026-01-02", { currency: "JPY" }),
        ],
      },
      "2026-Q1",
    );
    // 617.25 → 617; 0.5 → 1
    expect(amounts(only(s))).toEqual(["617", "1"]);
    expect(only(s).earned).toBe("618");
    expect(only(s).lines[0]!.explanation).toBe("12345 at 5% (band from 0)");
  });

  it("a missing fx rate is a problem naming the currency and period", async () => {
    const { parseProgram, parseData, computeStatement } = await import("../../../src/engine/index.ts");
    const p = parseProgram(program());
    const d = parseData({
      partners: [partner("P-1")],
      deals: [deal("P-1", "1", "2026-04-01", { currency: "GBP", id: "X" })],
      fx: { "2026-Q1": { GBP: "1.2" } },
    });
    if (!p.ok || !d.ok) throw new Error("setup");
    const r = computeStatement(p.value, d.value, "2026-Q2");
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual([
        {
          path: "fx.2026-Q2.GBP",
          message: "no fx rate for GBP in 2026-Q2 (needed by deal X)",
          code: "missing_fx",
        },
      ]);
  });
});

describe("ordering", () => {
  it("partners by id; lines by close date, then id, then component order", () => {
    const s = statement(
      program({
        components: [
          { id: "m", type: "multiplier", applies_to: ["r"], by_score: [{ from: "0", factor: "1" }] },
          { id: "r", type: "rate", bands: [{ from: "0", rate: "0.1" }] },
        ],
      }),
      {
        partners: [partner("P-b"), partner("P-a")],
        deals: [
          deal("P-a", "1", "2026-01-02", { id: "D-1" }),
          deal("P-a", "1", "2026-01-01", { id: "D-9" }),
          deal("P-a", "1", "2026-01-01", { id: "D-10" }),
        ],
      },
      "2026-Q1",
    );
    expect(s.partners.map((p) => p.partner_id)).toEqual(["P-a", "P-b"]);
    expect(only(s, "P-a").lines.map((l) => `${l.deal_id}:${l.component}`)).toEqual([
      "D-10:m",
      "D-10:r",
      "D-9:m",
      "D-9:r",
      "D-1:m",
      "D-1:r",
    ]);
  });
});
