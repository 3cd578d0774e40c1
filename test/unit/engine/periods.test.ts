// Period granularities, requested-period problems, and the multi-period API.
import { describe, expect, it } from "vitest";
import {
  computeStatement,
  computeStatements,
  parseData,
  parseProgram,
  periodsThrough,
  statementIterator,
} from "../../../src/engine/index.ts";
import { deal, only, partner, program } from "./helpers.ts";

function setup(overrides: Record<string, unknown>) {
  const p = parseProgram(program(overrides));
  const d = parseData({
    partners: [partner("P-1")],
    deals: [
      deal("P-1", "100", "2025-12-31", { id: "before" }),
      deal("P-1", "100", "2026-01-31", { id: "jan" }),
      deal("P-1", "200", "2026-02-01", { id: "feb" }),
      deal("P-1", "400", "2027-03-01", { id: "next-year" }),
    ],
  });
  if (!p.ok || !d.ok) throw new Error("setup");
  return { p: p.value, d: d.value };
}

describe("periods", () => {
  it("monthly: each deal lands in its month; deals before starts are ignored", () => {
    const { p, d } = setup({ period: "month" });
    const r = computeStatements(p, d, "2026-02");
    if (!r.ok) throw new Error("compute");
    expect(r.value.map((s) => s.period)).toEqual(["2026-01", "2026-02"]);
    expect(r.value.map((s) => only(s).lines.map((l) => l.deal_id))).toEqual([["jan"], ["feb"]]);
  });

  it("yearly: one period per calendar year", () => {
    const { p, d } = setup({ period: "year" });
    const r = computeStatements(p, d, "2027");
    if (!r.ok) throw new Error("compute");
    expect(r.value.map((s) => [s.period, only(s).earned])).toEqual([
      ["2026", "15.00"],
      ["2027", "20.00"],
    ]);
  });

  it("a mid-period start date starts at the period containing it", () => {
    const { p, d } = setup({ period: "quarter", starts: "2026-02-15" });
    expect(periodsThrough(p, "2026-Q2")).toEqual({ ok: true, value: ["2026-Q1", "2026-Q2"] });
    const r = computeStatement(p, d, "2026-Q1");
    if (!r.ok) throw new Error("compute");
    expect(only(r.value).lines.map((l) => l.deal_id)).toEqual(["jan", "feb"]);
  });

  it("a period of the wrong granularity, before the start, or malformed is a problem", () => {
    const { p, d } = setup({ period: "quarter" });
    const codes = ["2026-01", "2025-Q4", "2026-Q5"].map((label) => {
      const r = computeStatement(p, d, label);
      return r.ok ? "ok" : r.problems.map((x) => `${x.path}: ${x.code}`).join();
    });
    expect(codes).toEqual([
      "period: period_granularity",
      "period: period_before_start",
      "period: invalid_period",
    ]);
  });

  it("statementIterator evaluates from the start but yields from `from`", () => {
    const { p, d } = setup({ period: "month", holdback: { rate: "0.5", release_after: 1 } });
    const r = statementIterator(p, d, "2026-03", { from: "2026-02" });
    if (!r.ok) throw new Error("compute");
    const out = [...r.value];
    expect(out.map((s) => s.period)).toEqual(["2026-02", "2026-03"]);
    // February releases what January held back, so January was evaluated.
    expect(only(out[0]!).released).toBe("2.50");
  });

  it("an unknown initial_tier is a problem naming the partner record", () => {
    const p = parseProgram(program());
    const d = parseData({ partners: [partner("P-1", { initial_tier: "Platinum" })], deals: [] });
    if (!p.ok || !d.ok) throw new Error("setup");
    const r = computeStatement(p.value, d.value, "2026-Q1");
    expect(r.ok ? [] : r.problems.map((x) => `${x.path}: ${x.code}`)).toEqual([
      "partners[0].initial_tier: unknown_tier",
    ]);
  });
});
