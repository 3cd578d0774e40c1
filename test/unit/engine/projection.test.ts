// The open-deal projection against hand-computed values (docs/engine.md "Open-deal projection").
import { describe, expect, it } from "vitest";
import {
  type DataInput,
  type OpenDeal,
  type Projection,
  parseData,
  parseProgram,
  projectOpenDeal,
  projectOpenDeals,
} from "../../../src/engine/index.ts";
import { deal, type ProgramDoc, partner, program } from "./helpers.ts";

// Two marginal bands, a score multiplier on them, a cap, three tiers on new+expansion won in the
// quarter (window 1, no grace).
const doc = (overrides: ProgramDoc = {}) =>
  program({
    tiers: {
      metric: { sum: "amount", deals: { kind: ["new", "expansion"] } },
      levels: [{ name: "Registered" }, { name: "Silver", min: "100000" }, { name: "Gold", min: "200000" }],
    },
    scorecard: [{ metric: "csat", weight: 1, target: "4" }],
    eligibility: { agreement_signed: true, compliance_ok: true },
    components: [
      {
        id: "resale",
        type: "rate",
        deals: { kind: ["new", "expansion"] },
        bands: [
          { from: "0", rate: "0.05" },
          { from: "100000", rate: "0.07" },
        ],
      },
      {
        id: "quality",
        type: "multiplier",
        applies_to: ["resale"],
        by_score: [
          { from: "0", factor: "1.00" },
          { from: "90", factor: "1.10" },
        ],
      },
    ],
    cap: { per_partner_per_period: "10000" },
    ...overrides,
  });

const open = (amount: string, overrides: Partial<OpenDeal> = {}): OpenDeal => ({
  id: "OPEN-1",
  partner_id: "P-1",
  kind: "new",
  attribution: "sourced",
  amount,
  currency: "USD",
  ...overrides,
});

function project(
  data: DataInput,
  deal: OpenDeal,
  period = "2026-Q1",
  programDoc: ProgramDoc = doc(),
): Projection {
  const p = parseProgram(programDoc);
  if (!p.ok) throw new Error(JSON.stringify(p.problems));
  const d = parseData(data);
  if (!d.ok) throw new Error(JSON.stringify(d.problems));
  const r = projectOpenDeal({ versions: p.value, data: d.value, period, deal });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

describe("projectOpenDeal", () => {
  it("splits the deal across a band boundary from the attainment already won, and lifts the tier", () => {
    // Won 80000: the open 50000 is 20000 at 5% (1000.00) + 30000 at 7% (2100.00) = 3100.00.
    // No csat: no score, factor 1 (0.00 line). Metric 80000 + 50000 = 130000 ≥ 100000: Silver.
    const r = project(
      { partners: [partner("P-1")], deals: [deal("P-1", "80000", "2026-02-10")] },
      open("50000"),
    );
    expect(r.amount).toBe("3100.00");
    expect(r.explanation).toBe(
      "resale 3100.00: 20000.00 at 5% (band from 0) + 30000.00 at 7% (band from 100000)\n" +
        "quality 0.00: factor 1 (no score: no data for csat) on resale line 3100.00",
    );
    expect(r.wouldReachTier).toBe("Silver");
  });

  it("applies the multiplier of the period's score", () => {
    // Won 10000 with csat 5: score 100 → factor 1.10. Open 10000: 500.00 + 10% of it = 550.00.
    const r = project(
      { partners: [partner("P-1")], deals: [deal("P-1", "10000", "2026-01-10", { csat: 5 })] },
      open("10000"),
    );
    expect(r.amount).toBe("550.00");
    expect(r.explanation).toBe(
      "resale 500.00: 10000.00 at 5% (band from 0)\nquality 50.00: factor 1.10 for score 100.00 on resale line 500.00",
    );
    expect(r.wouldReachTier).toBeNull();
  });

  it("takes only the deal's share of the cap it reaches, and 0.00 once the cap is spent", () => {
    // Won 150000: 5000.00 + 3500.00 = 8500.00. Open 40000 at 7%: 2800.00; total 11300.00 over
    // the 10000 cap → cap -1300.00; the deal adds 2800.00 - 1300.00 = 1500.00.
    const data = { partners: [partner("P-1")], deals: [deal("P-1", "150000", "2026-01-10")] };
    const r = project(data, open("40000"));
    expect(r.amount).toBe("1500.00");
    expect(r.explanation.split("\n")).toEqual([
      "resale 2800.00: 40000.00 at 7% (band from 100000)",
      "quality 0.00: factor 1 (no score: no data for csat) on resale line 2800.00",
      "cap -1300.00: cap 10000.00: lines total 11300.00 with this deal",
    ]);
    // Already Silver without it (150000), and 190000 is short of Gold: no move.
    expect(r.wouldReachTier).toBeNull();
    // Another deal of 10000 after the cap is reached earns nothing: 700.00 taken by the cap.
    const spent = project(
      { ...data, deals: [...data.deals, deal("P-1", "40000", "2026-02-10")] },
      open("10000"),
    );
    expect(spent.amount).toBe("0.00");
    expect(spent.explanation).toContain("cap -700.00: cap 10000.00: lines total 12000.00 with this deal");
  });

  it("skips tiers when the deal carries the partner past several levels", () => {
    // Won 90000 (Registered); open 120000 → 210000 ≥ 200000: Gold.
    const r = project(
      { partners: [partner("P-1")], deals: [deal("P-1", "90000", "2026-01-10")] },
      open("120000"),
    );
    expect(r.wouldReachTier).toBe("Gold");
    // 10000 at 5% + 110000 at 7% = 500.00 + 7700.00 = 8200.00; with the 4500.00 already won the
    // lines total 12700.00: the cap takes 2700.00, so the deal adds 5500.00.
    expect(r.amount).toBe("5500.00");
  });

  it("counts the deals already won that a retroactive band re-rates", () => {
    // Won 80000 at 5% (4000.00). With the open 50000 the period total is 130000: every deal at
    // 7%. The deal's line is 3500.00 and the won deal's rises to 5600.00 (+1600.00): 5100.00.
    const retro = doc({
      components: [
        {
          id: "resale",
          type: "rate",
          mode: "retroactive",
          bands: [
            { from: "0", rate: "0.05" },
            { from: "100000", rate: "0.07" },
          ],
        },
      ],
    });
    const r = project(
      { partners: [partner("P-1")], deals: [deal("P-1", "80000", "2026-02-10")] },
      open("50000"),
      "2026-Q1",
      retro,
    );
    expect(r.amount).toBe("5100.00");
    expect(r.explanation).toBe(
      "resale 3500.00: 50000.00 at 7% (period total 130000.00, band from 100000)\n" +
        "other deals 1600.00: their lines recomputed with this deal (band or score it moves)",
    );
  });

  it("converts a foreign-currency deal with the period's rate", () => {
    const r = project(
      { partners: [partner("P-1")], deals: [], fx: { "2026-Q1": { EUR: "1.10" } } },
      open("10000", { currency: "EUR" }),
    );
    // EUR 10000 × 1.10 = 11000.00 at 5% = 550.00.
    expect(r.amount).toBe("550.00");
    expect(r.explanation.split("\n")[0]).toBe(
      "resale 550.00: EUR 10000.00 × 1.10 = 11000.00 at 5% (band from 0)",
    );
  });

  it("fails with the engine's problem when the period has no rate for the deal's currency", () => {
    const p = parseProgram(doc());
    const d = parseData({ partners: [partner("P-1")], deals: [] });
    if (!p.ok || !d.ok) throw new Error("fixture");
    const r = projectOpenDeal({
      versions: p.value,
      data: d.value,
      period: "2026-Q1",
      deal: open("10", { currency: "GBP" }),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.path).toBe("fx.2026-Q1.GBP");
  });

  it("names no tier for a partner at the top tier", () => {
    // Holds Gold (initial tier) and qualifies for it with 250000 won: nothing above Gold.
    const r = project(
      { partners: [partner("P-1", { initial_tier: "Gold" })], deals: [deal("P-1", "250000", "2026-01-10")] },
      open("10000"),
    );
    expect(r.wouldReachTier).toBeNull();
    // Past the cap already (5000 + 10500 = 15500): the whole 700.00 goes to the cap.
    expect(r.amount).toBe("0.00");
  });

  it("gives an ineligible partner 0.00 with the reason", () => {
    const r = project(
      { partners: [partner("P-1", { agreement_signed: false })], deals: [deal("P-1", "1000", "2026-01-10")] },
      open("10000"),
    );
    expect(r).toEqual({
      amount: "0.00",
      explanation: "not eligible: agreement_signed is false (required: true)",
      wouldReachTier: null,
    });
  });

  it("ignores the open deal's own stage and close date, and the deal as stored in the data", () => {
    // The open deal is in the data (stage open, closing next year): it is projected into 2026-Q1.
    const stored = { ...deal("P-1", "50000", "2027-03-01", { stage: "open" }), id: "OPEN-1" };
    const r = project(
      { partners: [partner("P-1")], deals: [deal("P-1", "80000", "2026-02-10"), stored] },
      open("50000"),
    );
    expect(r.amount).toBe("3100.00");
  });

  it("projects many deals of several partners, each from its own partner's state", () => {
    const p = parseProgram(doc());
    const d = parseData({
      partners: [partner("P-1"), partner("P-2")],
      deals: [deal("P-1", "80000", "2026-02-10"), deal("P-2", "150000", "2026-01-10")],
    });
    if (!p.ok || !d.ok) throw new Error("fixture");
    const r = projectOpenDeals({
      versions: p.value,
      data: d.value,
      period: "2026-Q1",
      deals: [
        open("50000"),
        open("40000", { id: "OPEN-2", partner_id: "P-2" }),
        open("1", { id: "X", partner_id: "P-9" }),
      ],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const amounts = [...r.value].map(([id, x]) => [id, x.ok ? x.value.amount : x.problems[0]!.code]);
    expect(amounts).toEqual([
      ["OPEN-1", "3100.00"],
      ["OPEN-2", "1500.00"],
      ["X", "unknown_partner"],
    ]);
  });
});
