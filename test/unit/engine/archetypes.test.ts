// Spec §5, partner archetypes: hand-computed cases for partner filters, ladders (first match,
// catch-all, none, a type change with and without a same-named level) and the margin basis.
import { describe, expect, it } from "vitest";
import { type DataInput, type PartnerStatement, parseData, parseProgram } from "../../../src/engine/index.ts";
import { deal, type ProgramDoc, partner, program, statements } from "./helpers.ts";

const resellerLadder = {
  partners: { type: ["reseller", "var"] },
  metric: { sum: "margin", deals: { kind: ["new", "expansion"] } },
  levels: [{ name: "Registered" }, { name: "Gold", min: "30000" }],
};
const integratorLadder = {
  partners: { type: ["integrator"] },
  metric: { sum: "amount" },
  grace: 1,
  levels: [{ name: "Registered" }, { name: "Gold", min: "80000" }],
};
const influence = {
  id: "inf",
  type: "tier_rate",
  rates: { Registered: "0.01", Gold: "0.02", Standard: "0.005" },
};

function run(prog: ProgramDoc, data: DataInput, through = "2026-Q2") {
  const out: Record<string, Record<string, PartnerStatement>> = {};
  for (const s of statements(prog, data, through))
    out[s.period] = Object.fromEntries(s.partners.map((p) => [p.partner_id, p]));
  return out;
}

describe("ladders (spec §5)", () => {
  const twoLadders = program({ tiers: [resellerLadder, integratorLadder], components: [influence] });

  it("evaluates each partner on the first ladder its type matches; a partner matching none holds Standard", () => {
    const s = run(twoLadders, {
      partners: [
        partner("P-R", { type: "var" }),
        partner("P-I", { type: "integrator" }),
        partner("P-T", { type: "technology" }),
      ],
      deals: [
        deal("P-R", "100000.00", "2026-02-01", { margin: "35000.00" }),
        deal("P-I", "100000.00", "2026-02-01"),
        deal("P-T", "100000.00", "2026-02-01"),
        deal("P-R", "10000.00", "2026-05-01", { margin: "1000.00" }),
        deal("P-T", "10000.00", "2026-05-01"),
      ],
    });
    // The VAR is on the margin ladder: margin 35000 ≥ 30000 → Gold from Q2.
    expect(s["2026-Q1"]!["P-R"]).toMatchObject({
      ladder: "reseller, var",
      tier: "Registered",
      qualified_tier: "Gold",
      next_tier: null,
    });
    // The integrator's ladder sums amounts: 100000 ≥ 80000.
    expect(s["2026-Q1"]!["P-I"]).toMatchObject({ ladder: "integrator", qualified_tier: "Gold" });
    // The technology partner matches no ladder: Standard, no next tier, ladder null.
    expect(s["2026-Q1"]!["P-T"]).toMatchObject({
      ladder: null,
      tier: "Standard",
      qualified_tier: "Standard",
      next_tier: null,
      gap_to_next_tier: null,
      missing_for_next_tier: [],
    });
    expect(s["2026-Q1"]!["P-T"]!.lines[0]!.explanation).toBe("100000.00 at 0.5% (tier Standard)");
    expect(s["2026-Q2"]!["P-R"]!.tier).toBe("Gold");
    expect(s["2026-Q2"]!["P-R"]!.lines[0]).toMatchObject({
      amount: "200.00",
      explanation: "10000.00 at 2% (tier Gold)",
    });
  });

  it("a catch-all ladder (no partners filter, last) takes everyone the others do not", () => {
    const withCatchAll = program({
      tiers: [
        resellerLadder,
        { metric: { sum: "amount" }, levels: [{ name: "Member" }, { name: "Elite", min: "50000" }] },
      ],
      components: [
        {
          id: "inf",
          type: "tier_rate",
          rates: { Registered: "0.01", Gold: "0.02", Member: "0.01", Elite: "0.03" },
        },
      ],
    });
    const s = run(withCatchAll, {
      partners: [partner("P-T", { type: "technology" })],
      deals: [deal("P-T", "60000.00", "2026-02-01"), deal("P-T", "1000.00", "2026-05-01")],
    });
    expect(s["2026-Q1"]!["P-T"]).toMatchObject({
      ladder: "all partners",
      tier: "Member",
      qualified_tier: "Elite",
    });
    expect(s["2026-Q2"]!["P-T"]!.lines[0]!.explanation).toBe("1000.00 at 3% (tier Elite)");
  });

  it("a named ladder is shown by its name; partners may also be picked by id", () => {
    const named = program({
      tiers: [
        { ...integratorLadder, name: "Strategic", partners: { id: ["P-9"] } },
        { ...resellerLadder, partners: undefined, name: "Everyone" },
      ],
      components: [{ id: "inf", type: "tier_rate", rates: { Registered: "0.01", Gold: "0.02" } }],
    });
    const s = run(
      named,
      { partners: [partner("P-9", { type: "reseller" }), partner("P-1")], deals: [] },
      "2026-Q1",
    );
    expect(s["2026-Q1"]!["P-9"]!.ladder).toBe("Strategic");
    expect(s["2026-Q1"]!["P-1"]!.ladder).toBe("Everyone");
  });

  it("a type change carries the held tier to the new ladder's level of the same name, grace reset", () => {
    const s = run(
      twoLadders,
      {
        partners: [
          partner("P-1", {
            type: "integrator",
            history: [
              { from: "2026-01-01", type: "reseller" },
              { from: "2026-04-10", type: "integrator" },
            ],
          }),
        ],
        deals: [
          deal("P-1", "100000.00", "2026-02-01", { margin: "35000.00" }),
          deal("P-1", "10000.00", "2026-05-01", { margin: "2000.00" }),
          deal("P-1", "10000.00", "2026-08-01"),
        ],
      },
      "2026-Q3",
    );
    expect(s["2026-Q1"]!["P-1"]).toMatchObject({ ladder: "reseller, var", qualified_tier: "Gold" });
    // Q2: on the integrator ladder; it still holds the Gold decided on the reseller ladder.
    const q2 = s["2026-Q2"]!["P-1"]!;
    expect(q2).toMatchObject({ ladder: "integrator", tier: "Gold", qualified_tier: "Registered" });
    expect(q2.notes).toEqual([
      "moved to ladder integrator (type integrator): tier Gold carried over as Gold",
    ]);
    // 10000 < 80000 on the new ladder, but grace 1 keeps Gold one more period.
    expect(s["2026-Q3"]!["P-1"]).toMatchObject({ tier: "Gold" });
    expect(s["2026-Q3"]!["P-1"]!.notes).toBeUndefined();
  });

  it("without a same-named level the tier lands on the new ladder's lowest; the window is re-read with its metric", () => {
    const platinum = {
      ...integratorLadder,
      metric: { sum: "amount", window: 2 },
      grace: 0,
      levels: [{ name: "Registered" }, { name: "Platinum", min: "80000" }],
    };
    const prog = program({
      tiers: [resellerLadder, platinum],
      components: [
        {
          id: "inf",
          type: "tier_rate",
          rates: { Registered: "0.01", Gold: "0.02", Platinum: "0.04", Standard: "0" },
        },
      ],
    });
    const s = run(
      prog,
      {
        partners: [
          partner("P-1", {
            type: "integrator",
            history: [
              { from: "2026-01-01", type: "reseller" },
              { from: "2026-05-01", type: "integrator" },
            ],
          }),
        ],
        deals: [
          deal("P-1", "100000.00", "2026-02-01", { margin: "35000.00" }),
          deal("P-1", "10000.00", "2026-05-15", { margin: "1000.00" }),
          deal("P-1", "5000.00", "2026-08-01"),
        ],
      },
      "2026-Q3",
    );
    const q2 = s["2026-Q2"]!["P-1"]!;
    expect(q2.notes).toEqual([
      "moved to ladder integrator (type integrator): tier Gold is not a level there: carried over as its lowest level Registered",
    ]);
    // Q2 pays at the held Gold's rate; the window (Q1 + Q2) is summed on amounts, as the new
    // ladder measures: 100000 + 10000 = 110000 ≥ 80000 (on margins it would be 36000).
    expect(q2.lines[0]!.explanation).toBe("10000.00 at 2% (tier Gold)");
    expect(q2.qualified_tier).toBe("Platinum");
    expect(s["2026-Q3"]!["P-1"]!.lines[0]!.explanation).toBe("5000.00 at 4% (tier Platinum)");
  });

  it("a partner holding a level its new type's tier_rate has no rate for earns 0.00 and is told why", () => {
    const prog = program({
      tiers: [
        resellerLadder,
        { ...integratorLadder, levels: [{ name: "Registered" }, { name: "Platinum", min: "80000" }] },
      ],
      components: [
        {
          id: "alliance",
          type: "tier_rate",
          partners: { type: ["integrator"] },
          rates: { Registered: "0.01", Platinum: "0.03" },
        },
      ],
    });
    const s = run(prog, {
      partners: [
        partner("P-1", {
          type: "integrator",
          history: [
            { from: "2026-01-01", type: "reseller" },
            { from: "2026-04-02", type: "integrator" },
          ],
        }),
      ],
      deals: [
        deal("P-1", "100000.00", "2026-02-01", { margin: "40000.00" }),
        deal("P-1", "1000.00", "2026-05-01"),
      ],
    });
    expect(s["2026-Q1"]!["P-1"]!.lines).toEqual([]);
    expect(s["2026-Q2"]!["P-1"]!.lines[0]).toMatchObject({
      amount: "0.00",
      explanation: "1000.00: no rate for tier Gold in alliance",
    });
  });
});

describe("partner filters on components and scorecard metrics (spec §5)", () => {
  it("a component a partner does not match gives it no lines and takes no SPIF budget", () => {
    const prog = program({
      components: [
        { id: "s", type: "spif", amount: "100", budget: "100", partners: { type: ["integrator"] } },
        { id: "r", type: "rate", partners: { type: ["reseller"] }, bands: [{ from: "0", rate: "0.05" }] },
        {
          id: "m",
          type: "multiplier",
          applies_to: ["r"],
          partners: { id: ["P-R"] },
          by_score: [{ from: "0", factor: "1.5" }],
        },
      ],
      scorecard: [{ metric: "win_rate", weight: 1, target: "0.5" }],
    });
    const s = run(
      prog,
      {
        partners: [partner("P-R", { type: "reseller" }), partner("P-I", { type: "integrator" })],
        // The reseller's deal comes first: without the filter it would take the whole budget.
        deals: [deal("P-R", "1000.00", "2026-02-01"), deal("P-I", "1000.00", "2026-02-02")],
      },
      "2026-Q1",
    );
    expect(s["2026-Q1"]!["P-R"]!.lines.map((l) => [l.component, l.amount])).toEqual([
      ["r", "50.00"],
      ["m", "25.00"],
    ]);
    expect(s["2026-Q1"]!["P-I"]!.lines.map((l) => [l.component, l.amount, l.explanation])).toEqual([
      ["s", "100.00", "SPIF 100.00 (budget remaining 0.00)"],
    ]);
  });

  it("a tier filter applies to partners holding one of the tiers in the period", () => {
    const prog = program({
      tiers: { metric: { sum: "amount" }, levels: [{ name: "Registered" }, { name: "Gold", min: "50000" }] },
      components: [
        {
          id: "gold-bonus",
          type: "rate",
          partners: { tier: ["Gold"] },
          bands: [{ from: "0", rate: "0.01" }],
        },
      ],
    });
    const s = run(prog, {
      partners: [partner("P-1")],
      deals: [deal("P-1", "60000.00", "2026-02-01"), deal("P-1", "1000.00", "2026-05-01")],
    });
    expect(s["2026-Q1"]!["P-1"]!.lines).toEqual([]);
    expect(s["2026-Q2"]!["P-1"]!.lines[0]!.amount).toBe("10.00");
    // v1 statements never name a ladder.
    expect("ladder" in s["2026-Q2"]!["P-1"]!).toBe(false);
  });

  it("a scorecard metric with a partners filter counts only for matching partners", () => {
    const prog = program({
      scorecard: [
        { metric: "csat", weight: 50, target: "4.5", partners: { type: ["integrator"] } },
        { metric: "renewal_rate", weight: 50, target: "0.90" },
      ],
    });
    const s = run(
      prog,
      {
        partners: [partner("P-I", { type: "integrator" }), partner("P-R", { type: "reseller" })],
        deals: [
          deal("P-I", "1000.00", "2026-02-01", { csat: 4.5 }),
          deal("P-R", "1000.00", "2026-02-01", { csat: 4.5 }),
          deal("P-R", "1000.00", "2026-02-03", { kind: "renewal" }),
          deal("P-R", "1000.00", "2026-02-04", { kind: "renewal", stage: "lost" }),
        ],
      },
      "2026-Q1",
    );
    // Integrator: csat 4.5 / 4.5 → 100; renewal_rate has no data.
    expect(s["2026-Q1"]!["P-I"]!.score).toBe("100.00");
    // Reseller: csat does not apply; renewal_rate 0.5 / 0.9 → 55.56.
    expect(s["2026-Q1"]!["P-R"]!.score).toBe("55.56");
  });
});

describe("margin basis (spec §5)", () => {
  const bands = [
    { from: "0", rate: "0.05" },
    { from: "20000", rate: "0.10" },
  ];

  it("uses margin for attainment, bands, lines and explanations; a deal without margin earns 0.00", () => {
    const prog = program({ components: [{ id: "margin-bonus", type: "rate", basis: "margin", bands }] });
    const s = run(
      prog,
      {
        partners: [partner("P-1")],
        deals: [
          deal("P-1", "50000.00", "2026-02-01", { margin: "15000.00" }),
          deal("P-1", "80000.00", "2026-02-02"),
          deal("P-1", "40000.00", "2026-02-03", { margin: "10000.00" }),
          deal("P-1", "11000.00", "2026-02-04", { currency: "EUR", margin: "1000.00" }),
        ],
        fx: { "2026-Q1": { EUR: "1.10" } },
      },
      "2026-Q1",
    );
    expect(s["2026-Q1"]!["P-1"]!.lines.map((l) => [l.amount, l.explanation])).toEqual([
      ["750.00", "margin 15000.00 at 5% (band from 0)"],
      ["0.00", "no margin on the deal"],
      // Attainment 15000 → 25000 (the deal without margin added nothing).
      ["750.00", "margin 10000.00: 5000.00 at 5% (band from 0) + 5000.00 at 10% (band from 20000)"],
      ["110.00", "margin EUR 1000.00 × 1.10 = 1100.00 at 10% (band from 20000)"],
    ]);
  });

  it("retroactive, tier_rate and accrual on margin", () => {
    const prog = program({
      components: [
        { id: "retro", type: "rate", basis: "margin", mode: "retroactive", bands },
        { id: "inf", type: "tier_rate", basis: "margin", rates: { Standard: "0.02" } },
        { id: "coop", type: "accrual", basis: "margin", fund: "coop", rate: "0.01" },
      ],
    });
    const s = run(
      prog,
      { partners: [partner("P-1")], deals: [deal("P-1", "90000.00", "2026-02-01", { margin: "30000.00" })] },
      "2026-Q1",
    );
    expect(s["2026-Q1"]!["P-1"]!.lines.map((l) => [l.component, l.amount, l.explanation])).toEqual([
      ["retro", "3000.00", "margin 30000.00 at 10% (period total margin 30000.00, band from 20000)"],
      ["inf", "600.00", "margin 30000.00 at 2% (tier Standard)"],
      ["coop", "300.00", "margin 30000.00 at 1% to fund coop"],
    ]);
    expect(s["2026-Q1"]!["P-1"]!.funds).toEqual({ coop: "300.00" });
  });

  it("a margin ladder metric adds nothing for a deal without margin and subtracts the margin after a clawback", () => {
    const prog = program({
      tiers: {
        metric: { sum: "margin", window: 2 },
        levels: [{ name: "Registered" }, { name: "Gold", min: "30000" }],
      },
      components: [{ id: "r", type: "rate", basis: "margin", bands: [{ from: "0", rate: "0.1" }] }],
      clawback: { window_days: 90 },
    });
    const s = run(prog, {
      partners: [partner("P-1")],
      deals: [
        deal("P-1", "100000.00", "2026-03-01", { margin: "35000.00", cancelled_on: "2026-04-15" }),
        deal("P-1", "900000.00", "2026-03-02"),
        deal("P-1", "20000.00", "2026-05-01", { margin: "5000.00" }),
      ],
    });
    // Q1: margins 35000 (+ nothing for the deal without one) → Gold, gap 0.
    expect(s["2026-Q1"]!["P-1"]!.qualified_tier).toBe("Gold");
    // Q2: the clawback reverses the 3500.00 line and takes its margin (not its amount) out of
    // the metric: window 35000 + (5000 − 35000) = 5000 → gap 25000.00.
    const q2 = s["2026-Q2"]!["P-1"]!;
    expect(q2.lines.find((l) => l.kind === "clawback")!.amount).toBe("-3500.00");
    expect(q2).toMatchObject({
      qualified_tier: "Registered",
      next_tier: "Gold",
      gap_to_next_tier: "25000.00",
    });
  });
});

describe("validation of v1.1 programs (spec §5), every problem with its path", () => {
  const problems = (doc: ProgramDoc) => {
    const r = parseProgram(doc);
    if (r.ok) throw new Error("expected problems");
    return r.problems.map((p) => `${p.path} ${p.code}`).sort();
  };

  it("names a catch-all ladder that is not last, a tier in a ladder's filter, an unknown partner type", () => {
    expect(
      problems(
        program({
          tiers: [
            { metric: { sum: "amount" }, levels: [{ name: "Registered" }] },
            { ...integratorLadder, partners: { type: ["integrator", "wizard"], tier: ["Gold"] } },
          ],
          components: [
            {
              id: "r",
              type: "rate",
              partners: { type: ["reseller", "druid"] },
              bands: [{ from: "0", rate: "0.05" }],
            },
          ],
        }),
      ),
    ).toEqual([
      "components[0].partners.type[1] invalid_value",
      "tiers[0].partners catch_all_not_last",
      "tiers[1].partners.tier tier_in_ladder_filter",
      "tiers[1].partners.type[1] invalid_value",
    ]);
  });

  it("names basis: margin on a spif or a multiplier, an unknown tier in a partners filter, a bad ladder metric", () => {
    expect(
      problems(
        program({
          tiers: [
            resellerLadder,
            {
              ...integratorLadder,
              metric: { sum: "revenue" },
              levels: [{ name: "Registered" }, { name: "Gold", min: "0" }],
            },
          ],
          components: [
            { id: "s", type: "spif", amount: "100", basis: "margin" },
            { id: "r", type: "rate", bands: [{ from: "0", rate: "0.05" }], partners: { tier: ["Diamond"] } },
            {
              id: "m",
              type: "multiplier",
              basis: "margin",
              applies_to: ["r"],
              by_score: [{ from: "0", factor: "1" }],
            },
          ],
          scorecard: [{ metric: "csat", weight: 1, target: "4", partners: { tier: ["Bronze"] } }],
        }),
      ),
    ).toEqual([
      "components[0].basis invalid_basis",
      "components[1].partners.tier[0] unknown_tier",
      "components[2].basis invalid_basis",
      "scorecard[0].partners.tier[0] unknown_tier",
      "tiers[1].levels[1].min levels_not_increasing",
      "tiers[1].metric.sum invalid_value",
    ]);
  });

  it("a tier_rate needs a rate for every level of every ladder a partner it applies to can be on", () => {
    const ladders = [
      resellerLadder,
      { ...integratorLadder, levels: [{ name: "Registered" }, { name: "Platinum", min: "80000" }] },
    ];
    const r = parseProgram(
      program({
        tiers: ladders,
        components: [
          // Integrators only: the integrator ladder's levels; Gold (reseller ladder) is not needed.
          { id: "a", type: "tier_rate", partners: { type: ["integrator"] }, rates: { Registered: "0.01" } },
          // Everyone: both ladders' levels, and Standard (a technology partner matches no ladder).
          { id: "b", type: "tier_rate", rates: { Registered: "0.01", Gold: "0.02", Platinum: "0.03" } },
          // Only Gold holders: only Gold is needed.
          { id: "c", type: "tier_rate", partners: { tier: ["Gold"] }, rates: { Gold: "0.02" } },
        ],
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.path, p.message])).toEqual([
      [
        "components[0].rates.Platinum",
        "missing rate for tier 'Platinum' of ladder tiers[1]: a partner this component applies to can hold it",
      ],
      [
        "components[1].rates.Standard",
        "missing rate for tier 'Standard' (partners matching no ladder hold Standard): a partner this component applies to can hold it",
      ],
    ]);
  });

  it("duplicate metrics are allowed for different partners, not twice for the same ones", () => {
    const card = (partners?: object) => ({
      metric: "csat",
      weight: 1,
      target: "4",
      ...(partners ? { partners } : {}),
    });
    expect(
      parseProgram(program({ scorecard: [card({ type: ["integrator"] }), card({ type: ["reseller"] })] })).ok,
    ).toBe(true);
    expect(problems(program({ scorecard: [card({ type: ["var"] }), card({ type: ["var"] })] }))).toEqual([
      "scorecard[1].metric duplicate_metric",
    ]);
  });

  it("a deal margin below zero or above the amount is a data error naming the deal", () => {
    const r = parseData({
      partners: [partner("P-1")],
      deals: [
        deal("P-1", "100.00", "2026-01-05", { id: "D-NEG", margin: "-1.00" }),
        deal("P-1", "100.00", "2026-01-05", { id: "D-BIG", margin: "100.01" }),
        deal("P-1", "100.00", "2026-01-05", { id: "D-OK", margin: "100.00" }),
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.path, p.message])).toEqual([
      ["deals[0].margin", "deal D-NEG: margin -1.00 is below zero"],
      ["deals[1].margin", "deal D-BIG: margin 100.01 is above the amount 100.00"],
    ]);
  });
});
