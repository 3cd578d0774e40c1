// A bad program or data set is rejected with every problem, each naming its path and rule.
import { describe, expect, it } from "vitest";
import { parseData, parseProgram } from "../../../src/engine/index.ts";
import { deal, partner, program } from "./helpers.ts";

function problems(input: unknown) {
  const r = parseProgram(input);
  if (r.ok) throw new Error("expected problems");
  return r.problems.map((p) => `${p.path}: ${p.code}`);
}

describe("program validation", () => {
  it("lists every problem with its exact path", () => {
    const bad = program({
      extra: 1,
      tiers: {
        metric: { sum: "amount", window: 4 },
        levels: [{ name: "Registered" }, { name: "Silver", min: "500" }, { name: "Gold", min: "100" }],
      },
      scorecard: [{ metric: "csat", weight: 0, target: "4.5" }],
      components: [
        {
          id: "a",
          type: "rate",
          bands: [
            { from: "0", rate: "0.05" },
            { from: "100", rate: "1.2" },
            { from: "100", rate: "0.1" },
          ],
        },
        { id: "b", type: "tier_rate", rates: { Registered: "0.01", Silver: "0.02" } },
        { id: "m", type: "multiplier", applies_to: ["a", "nope"], by_score: [{ from: "10", factor: "1.1" }] },
        { id: "a", type: "spif", amount: "x", colour: "red" },
        {
          id: "f",
          type: "accrual",
          fund: "coop",
          rate: "0.02",
          expires_after: 0,
          requires: { tier: "Platinum" },
        },
      ],
    });
    expect(problems(bad).sort()).toEqual(
      [
        "extra: unknown_key",
        "tiers.levels[2].min: levels_not_increasing",
        "scorecard[0].weight: invalid_value",
        "components[0].bands[1].rate: invalid_value",
        "components[0].bands[2].from: bands_not_increasing",
        "components[1].rates.Gold: missing_tier_rate",
        "components[2].applies_to[1]: unknown_component",
        "components[2].by_score[0].from: bands_not_from_zero",
        "components[3].id: duplicate_component",
        "components[3].amount: invalid_value",
        "components[3].colour: unknown_key",
        "components[4].expires_after: too_small",
        "components[4].requires.tier: unknown_tier",
      ].sort(),
    );
  });

  it("names missing required keys and an empty component list", () => {
    expect(problems({ program: "x", components: [] }).sort()).toEqual(
      ["components: too_small", "currency: required", "period: required", "starts: required"].sort(),
    );
  });

  it("bands must start at 0; a rate above 1 and a bad date are rejected", () => {
    const r = parseProgram(
      program({
        starts: "2026-02-30",
        components: [{ id: "a", type: "rate", bands: [{ from: "5", rate: "0.1" }] }],
      }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems).toContainEqual({
        path: "components[0].bands[0].from",
        message: "must start at 0 (got 5)",
        code: "bands_not_from_zero",
      });
      expect(r.problems.map((p) => p.path)).toContain("starts");
    }
  });

  it("an unknown component type names the type key", () => {
    expect(problems(program({ components: [{ id: "a", type: "bonus" }] }))).toEqual([
      "components[0].type: invalid_type",
    ]);
  });

  it("reports YAML syntax errors as a problem", () => {
    expect(problems("program: [unclosed")).toEqual(["(document): syntax"]);
  });

  it("accepts the spec example program", async () => {
    const { readFileSync } = await import("node:fs");
    expect(parseProgram(readFileSync("programs/example.yaml", "utf8")).ok).toBe(true);
  });
});

describe("data validation", () => {
  it("lists unknown partners, duplicate ids, bad amounts, dates and keys", () => {
    const r = parseData({
      partners: [partner("P-1"), partner("P-1")],
      deals: [
        deal("P-1", "10", "2026-01-01", { id: "D-1" }),
        deal("P-2", "10", "2026-01-01", { id: "D-1" }),
        deal("P-1", "10", "2026-01-05", { id: "D-3", cancelled_on: "2026-01-04" }),
      ],
      claims: [{ id: "C-1", partner_id: "P-9", fund: "coop", amount: "5", date: "2026-01-01" }],
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems.map((p) => `${p.path}: ${p.code}`).sort()).toEqual(
        [
          "partners[1].id: duplicate_id",
          "deals[1].id: duplicate_id",
          "deals[1].partner_id: unknown_partner",
          "deals[2].cancelled_on: invalid_value",
          "claims[0].partner_id: unknown_partner",
        ].sort(),
      );
  });

  it("rejects floats for money and malformed records", () => {
    const r = parseData({
      partners: [{ ...partner("P-1"), tier: "Gold" }],
      deals: [{ ...deal("P-1", "10", "2026-13-01"), amount: 10.5, csat: 7 }],
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems.map((p) => `${p.path}: ${p.code}`).sort()).toEqual(
        [
          "partners[0].tier: unknown_key",
          "deals[0].amount: invalid_type",
          "deals[0].close_date: invalid_value",
          "deals[0].csat: too_big",
        ].sort(),
      );
  });
});
