// Progress to the next tier and what is missing for it, as the Account and company show them.
import { describe, expect, it } from "vitest";
import type { PartnerStatement, Program } from "../../../src/engine/index.ts";
import { missingForNextTier, tierProgressPercent } from "../../../src/sync/outbound/tier-progress.ts";

const ladder = {
  metric: { sum: "amount" as const },
  levels: [
    { name: "Registered" },
    { name: "Silver", min: "250000", requires: { certifications: 1 } },
    { name: "Gold", min: "1000000", requires: { certifications: 3, renewal_rate: "0.85", score: "70" } },
  ],
};
const program = { tiers: ladder } as unknown as Pick<Program, "tiers">;

type Figures = Pick<
  PartnerStatement,
  "next_tier" | "gap_to_next_tier" | "ladder" | "missing_for_next_tier" | "score" | "tier"
>;
const at = (over: Partial<Figures>): Figures => ({
  tier: "Silver",
  next_tier: "Gold",
  gap_to_next_tier: "275000.00",
  missing_for_next_tier: [],
  score: "61.00",
  ...over,
});

describe("tier progress percent", () => {
  it("is the metric's share of the next tier's minimum, one decimal", () => {
    expect(tierProgressPercent(program, at({}))).toBe("72.5");
    expect(tierProgressPercent(program, at({ next_tier: "Silver", gap_to_next_tier: "250000.00" }))).toBe(
      "0.0",
    );
  });

  it("rounds down, so 100.0 only when the minimum is reached", () => {
    expect(tierProgressPercent(program, at({ gap_to_next_tier: "1.00" }))).toBe("99.9");
    expect(tierProgressPercent(program, at({ gap_to_next_tier: "0.00" }))).toBe("100.0");
  });

  it("is blank at the top tier", () => {
    expect(
      tierProgressPercent(program, at({ tier: "Gold", next_tier: null, gap_to_next_tier: null })),
    ).toBeNull();
  });

  it("is 100.0 for a next tier with a zero or no minimum (only requirements can be missing)", () => {
    const zero = {
      tiers: {
        ...ladder,
        levels: [{ name: "Registered" }, { name: "Certified", min: "0" }, { name: "Pro" }],
      },
    } as unknown as Pick<Program, "tiers">;
    expect(tierProgressPercent(zero, at({ next_tier: "Certified", gap_to_next_tier: "0.00" }))).toBe("100.0");
    expect(tierProgressPercent(zero, at({ next_tier: "Pro", gap_to_next_tier: "0.00" }))).toBe("100.0");
  });

  it("finds the next tier on the partner's named ladder", () => {
    const two = {
      tiers: [
        { ...ladder, name: "Resellers" },
        { ...ladder, name: "Agencies", levels: [{ name: "Registered" }, { name: "Gold", min: "100000" }] },
      ],
    } as unknown as Pick<Program, "tiers">;
    expect(tierProgressPercent(two, at({ ladder: "Agencies", gap_to_next_tier: "25000.00" }))).toBe("75.0");
    expect(tierProgressPercent(two, at({ ladder: "Resellers", gap_to_next_tier: "250000.00" }))).toBe("75.0");
    expect(tierProgressPercent(two, at({ ladder: "Nowhere" }))).toBeNull();
  });
});

describe("missing for next tier", () => {
  it("lists the metric gap, then each unmet requirement as have of need", () => {
    const s = at({ missing_for_next_tier: ["certifications >= 3", "renewal_rate >= 0.85", "score >= 70"] });
    expect(missingForNextTier(program, s, { certifications: 2 })).toEqual([
      "Revenue: 725000.00 of 1000000.00",
      "Certifications: 2 of 3",
      "Renewal rate: under 0.85",
      "Score: 61.00 of 70",
    ]);
  });

  it("leaves the metric out once reached, says none for unknown values, names a margin ladder", () => {
    const s = at({ gap_to_next_tier: "0.00", score: null, missing_for_next_tier: ["score >= 70"] });
    expect(missingForNextTier(program, s)).toEqual(["Score: none of 70"]);
    const margin = { tiers: { ...ladder, metric: { sum: "margin" } } } as unknown as Pick<Program, "tiers">;
    expect(missingForNextTier(margin, at({}), {})[0]).toBe("Margin: 725000.00 of 1000000.00");
  });

  it("says which tier is held when a tier is required, and nothing at the top", () => {
    expect(
      missingForNextTier(
        program,
        at({ gap_to_next_tier: "0.00", missing_for_next_tier: ["tier in [Gold]"] }),
      ),
    ).toEqual(["Tier: Silver, needs [Gold]"]);
    expect(
      missingForNextTier(program, at({ tier: "Gold", next_tier: null, gap_to_next_tier: null })),
    ).toEqual([]);
  });
});
