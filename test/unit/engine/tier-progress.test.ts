// Progress to the next tier, as the HubSpot company card shows it.
import { describe, expect, it } from "vitest";
import { parseProgram } from "../../../src/engine/index.ts";
import { tierProgressPercent } from "../../../src/engine/tier-progress.ts";

describe("tierProgressPercent", () => {
  const program = parseProgram(`
program: P
currency: USD
period: quarter
starts: 2026-01-01
tiers:
  metric: { sum: amount, deals: { kind: [new] }, window: 4 }
  levels: [ { name: Registered }, { name: Silver, min: "250000" }, { name: Gold, min: "1000000" } ]
components:
  - { id: resale, type: rate, bands: [ { from: "0", rate: "0.05" } ] }
`);
  if (!program.ok) throw new Error(JSON.stringify(program));

  it("is the share of the next tier's min reached, one decimal, rounded down", () => {
    expect(tierProgressPercent(program.value, { next_tier: "Silver", gap_to_next_tier: "68750.00" })).toBe(
      "72.5",
    );
    expect(tierProgressPercent(program.value, { next_tier: "Gold", gap_to_next_tier: "1.00" })).toBe("99.9");
    expect(tierProgressPercent(program.value, { next_tier: "Gold", gap_to_next_tier: "0.00" })).toBe("100.0");
  });

  it("is null at the top tier or for a tier without a min", () => {
    expect(tierProgressPercent(program.value, { next_tier: null, gap_to_next_tier: null })).toBeNull();
    expect(
      tierProgressPercent(program.value, { next_tier: "Registered", gap_to_next_tier: "0.00" }),
    ).toBeNull();
  });
});
