// Near-tier nudges and tier changes (issue #16): which partners get a task, from statements.
import { describe, expect, it } from "vitest";
import { parseProgram, tierNudges } from "../../../src/engine/index.ts";
import { deal, type ProgramDoc, partner, program, statements } from "./helpers.ts";

const tiers = {
  metric: { sum: "amount", window: 1 },
  levels: [
    { name: "Registered" },
    { name: "Silver", min: "100000" },
    { name: "Gold", min: "500000", requires: { certifications: 2 } },
  ],
};

function nudges(doc: ProgramDoc, deals: ReturnType<typeof deal>[], period: string, certifications = 0) {
  const p = parseProgram(doc);
  if (!p.ok) throw new Error(JSON.stringify(p.problems));
  const all = statements(doc, { partners: [partner("P-1", { certifications })], deals }, period);
  return tierNudges(p.value, all.at(-1)!, all.at(-2) ?? null);
}

describe("near-tier nudges", () => {
  const doc = program({ tiers, nudges: { near_tier: "0.10" } });

  it("nudges a partner whose gap is within 10% of the next tier's minimum", () => {
    expect(nudges(doc, [deal("P-1", "90000.00", "2026-02-01")], "2026-Q1")).toEqual([
      {
        partner_id: "P-1",
        period: "2026-Q1",
        kind: "near_tier",
        tier: "Silver",
        from_tier: null,
        gap: "10000.00",
        missing: [],
      },
    ]);
  });

  it("does not nudge a gap a cent beyond the threshold", () => {
    expect(nudges(doc, [deal("P-1", "89999.99", "2026-02-01")], "2026-Q1")).toEqual([]);
  });

  it("nudges with the missing requirements when only they stand in the way", () => {
    const [n] = nudges(doc, [deal("P-1", "500000.00", "2026-02-01")], "2026-Q1", 1);
    expect(n).toMatchObject({ tier: "Gold", gap: "0.00", missing: ["certifications >= 2"] });
  });
});

describe("tier changes", () => {
  const doc = program({ tiers, nudges: { tier_changes: true } });

  it("creates a promotion when the held tier goes up and a demotion when it goes down", () => {
    const up = nudges(doc, [deal("P-1", "150000.00", "2026-02-01")], "2026-Q2");
    expect(up).toEqual([
      {
        partner_id: "P-1",
        period: "2026-Q2",
        kind: "promotion",
        tier: "Silver",
        from_tier: "Registered",
        gap: null,
        missing: [],
      },
    ]);
    const down = nudges(doc, [deal("P-1", "150000.00", "2026-02-01")], "2026-Q3");
    expect(down.map((n) => [n.kind, n.from_tier, n.tier])).toEqual([["demotion", "Silver", "Registered"]]);
  });

  it("stays quiet while the held tier does not change", () => {
    expect(nudges(doc, [deal("P-1", "150000.00", "2026-02-01")], "2026-Q1")).toEqual([]);
  });
});
