// The sync's review collector hands tierNudges slim statements; they must keep the partner's
// ladder (spec §5), or a partner on the second ladder is measured against the first ladder's
// minimums (issue #16 nudges with archetype ladders).
import { describe, expect, it } from "vitest";
import { type Data, parseProgram } from "../../../src/engine/index.ts";
import { ReviewCollector } from "../../../src/sync/compute/review.ts";
import { deal, partner, program, statements } from "../engine/helpers.ts";

const doc = program({
  tiers: [
    {
      name: "Resale",
      partners: { type: ["reseller"] },
      metric: { sum: "amount", window: 1 },
      levels: [{ name: "Registered" }, { name: "Silver", min: "300000" }],
    },
    {
      name: "Services",
      metric: { sum: "amount", window: 1 },
      levels: [{ name: "Registered" }, { name: "Silver", min: "1000000" }],
    },
  ],
  nudges: { near_tier: "0.10" },
});

describe("review collector nudges", () => {
  it("measures the gap against the partner's own ladder", () => {
    const parsed = parseProgram(doc);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const p = parsed.value;
    const data = {
      partners: [partner("P-1", { type: "integrator" })],
      deals: [deal("P-1", "950000.00", "2026-02-01")],
    };
    const collector = new ReviewCollector(
      { program: p, versionId: 1, name: "Test", versions: [], base: p },
      {} as Data,
      "2026-Q1",
      () => undefined,
    );
    for (const s of statements(doc, data, "2026-Q1")) collector.period(s);
    // Services' Silver (1,000,000): a gap of 50,000 is within 10%. Against Resale's Silver
    // (300,000) the partner would already qualify and get no nudge.
    expect(collector.result.nudges).toEqual([
      expect.objectContaining({ partner_id: "P-1", kind: "near_tier", tier: "Silver", gap: "50000.00" }),
    ]);
  });
});
