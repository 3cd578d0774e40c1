// The worked examples of docs/program-format.md §3, computed through the public API.
import { describe, expect, it } from "vitest";
import { amounts, deal, only, partner, program, statement, statements } from "./helpers.ts";

const bands = [
  { from: "0", rate: "0.05" },
  { from: "100000", rate: "0.07" },
];

describe("spec worked examples", () => {
  it("marginal: 80000 then 50000 earn 4000.00 and 3100.00", () => {
    const s = statement(
      program({ components: [{ id: "resale", type: "rate", mode: "marginal", bands }] }),
      {
        partners: [partner("P-1")],
        deals: [deal("P-1", "80000", "2026-01-10"), deal("P-1", "50000", "2026-01-20")],
      },
      "2026-Q1",
    );
    const p = only(s);
    expect(amounts(p)).toEqual(["4000.00", "3100.00"]);
    expect(p.lines[0]!.explanation).toBe("80000.00 at 5% (band from 0)");
    expect(p.lines[1]!.explanation).toBe("20000.00 at 5% (band from 0) + 30000.00 at 7% (band from 100000)");
    expect(p.earned).toBe("7100.00");
  });

  it("retroactive: T = 130000 → 7% on both: 5600.00 and 3500.00", () => {
    const s = statement(
      program({ components: [{ id: "resale", type: "rate", mode: "retroactive", bands }] }),
      {
        partners: [partner("P-1")],
        deals: [deal("P-1", "80000", "2026-01-10"), deal("P-1", "50000", "2026-01-20")],
      },
      "2026-Q1",
    );
    expect(amounts(only(s))).toEqual(["5600.00", "3500.00"]);
    expect(only(s).lines[0]!.explanation).toBe("80000.00 at 7% (period total 130000.00, band from 100000)");
  });

  it("tier grace 1: below at the end of P and P+1 → holds the lower tier from P+2", () => {
    const tiers = {
      metric: { sum: "amount", window: 1 },
      grace: 1,
      levels: [{ name: "Registered" }, { name: "Silver", min: "250000" }],
    };
    const ss = statements(
      program({ tiers }),
      {
        partners: [partner("P-1", { initial_tier: "Silver" })],
        deals: [
          deal("P-1", "10000", "2026-01-10"),
          deal("P-1", "10000", "2026-04-10"),
          deal("P-1", "10000", "2026-07-10"),
        ],
      },
      "2026-Q3",
    );
    expect(ss.map((s) => only(s).tier)).toEqual(["Silver", "Silver", "Registered"]);
    expect(ss.map((s) => only(s).qualified_tier)).toEqual(["Registered", "Registered", "Registered"]);
  });

  it("tier grace: qualifying again resets the count", () => {
    const tiers = {
      metric: { sum: "amount", window: 1 },
      grace: 1,
      levels: [{ name: "Registered" }, { name: "Silver", min: "250000" }],
    };
    const ss = statements(
      program({ tiers }),
      {
        partners: [partner("P-1", { initial_tier: "Silver" })],
        deals: [
          deal("P-1", "10000", "2026-01-10"),
          deal("P-1", "300000", "2026-04-10"),
          deal("P-1", "10000", "2026-07-10"),
        ],
      },
      "2026-Q4",
    );
    expect(ss.map((s) => only(s).tier)).toEqual(["Silver", "Silver", "Silver", "Silver"]);
  });

  it("promotion takes effect in the next period; gap and missing requirements are reported", () => {
    const tiers = {
      metric: { sum: "amount", window: 4 },
      grace: 1,
      levels: [
        { name: "Registered" },
        { name: "Silver", min: "250000", requires: { certifications: 1 } },
        { name: "Gold", min: "1000000", requires: { certifications: 3 } },
      ],
    };
    const ss = statements(
      program({ tiers }),
      { partners: [partner("P-1", { certifications: 2 })], deals: [deal("P-1", "880000", "2026-01-10")] },
      "2026-Q2",
    );
    const q1 = only(ss[0]!);
    expect(q1.tier).toBe("Registered");
    expect(q1.qualified_tier).toBe("Silver");
    expect(q1.next_tier).toBe("Gold");
    expect(q1.gap_to_next_tier).toBe("120000.00");
    expect(q1.missing_for_next_tier).toEqual(["certifications >= 3"]);
    expect(only(ss[1]!).tier).toBe("Silver");
  });

  it("the statement has the §4 shape, keys in order", () => {
    const s = statement(
      program(),
      { partners: [partner("P-1")], deals: [deal("P-1", "80000", "2026-01-10")] },
      "2026-Q1",
    );
    expect(Object.keys(s)).toEqual(["program", "period", "currency", "partners"]);
    expect(Object.keys(only(s))).toEqual([
      "partner_id",
      "tier",
      "qualified_tier",
      "next_tier",
      "gap_to_next_tier",
      "missing_for_next_tier",
      "score",
      "eligible",
      "ineligible_reasons",
      "earned",
      "held_back",
      "released",
      "clawed_back",
      "carry_forward",
      "payable",
      "funds",
      "claims",
      "lines",
    ]);
    expect(only(s).lines[0]).toEqual({
      component: "resale",
      kind: "rate",
      deal_id: deal.length ? only(s).lines[0]!.deal_id : "",
      amount: "4000.00",
      explanation: "80000.00 at 5% (band from 0)",
    });
    expect(only(s).tier).toBe("Standard");
    expect(only(s).next_tier).toBeNull();
    expect(only(s).gap_to_next_tier).toBeNull();
    expect(only(s).score).toBeNull();
  });
});
