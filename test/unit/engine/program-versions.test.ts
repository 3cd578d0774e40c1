// Program versions: each period computed with the version in effect at its start, state
// carried across version changes (docs/engine.md "Program versions").
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  computeStatements,
  computeStatementsForVersions,
  type DataInput,
  type Program,
  type ProgramVersionInput,
  parseData,
  parseProgram,
  type Statement,
} from "../../../src/engine/index.ts";
import { amounts, deal, only, type ProgramDoc, partner, program } from "./helpers.ts";

function prog(doc: ProgramDoc): Program {
  const p = parseProgram(doc);
  if (!p.ok) throw new Error(`program: ${JSON.stringify(p.problems)}`);
  return p.value;
}

function v(version: number, effectiveFrom: string, doc: ProgramDoc): ProgramVersionInput {
  return { version, effectiveFrom, program: prog(doc) };
}

function run(versions: ProgramVersionInput[], data: DataInput, through: string): Statement[] {
  const d = parseData(data);
  if (!d.ok) throw new Error(`data: ${JSON.stringify(d.problems)}`);
  const r = computeStatementsForVersions(versions, d.value, through);
  if (!r.ok) throw new Error(`compute: ${JSON.stringify(r.problems)}`);
  return r.value;
}

const rate = (r: string) => [{ id: "resale", type: "rate", bands: [{ from: "0", rate: r }] }];

describe("program versions", () => {
  it("with one version equal the single-program statements plus program_version", () => {
    const program = parseProgram(readFileSync("programs/example.yaml", "utf8"));
    const data = parseData(readFileSync("programs/example-data.yaml", "utf8"));
    if (!program.ok || !data.ok) throw new Error("example files are invalid");
    const single = computeStatements(program.value, data.value, "2026-Q4");
    const versioned = computeStatementsForVersions(
      [{ version: 7, effectiveFrom: "2026-01-01", program: program.value }],
      data.value,
      "2026-Q4",
    );
    if (!single.ok || !versioned.ok) throw new Error("compute failed");
    expect(versioned.value.map((s) => s.program_version)).toEqual([7, 7, 7, 7]);
    for (const s of versioned.value) delete s.program_version;
    expect(versioned.value).toEqual(single.value);
    // And with `from`, like statementIterator's.
    const fromSingle = computeStatements(program.value, data.value, "2026-Q4", { from: "2026-Q3" });
    const fromVersioned = computeStatementsForVersions(
      [{ version: 7, effectiveFrom: "2030-01-01", program: program.value }],
      data.value,
      "2026-Q4",
      { from: "2026-Q3" },
    );
    if (!fromSingle.ok || !fromVersioned.ok) throw new Error("compute failed");
    for (const s of fromVersioned.value) delete s.program_version;
    expect(fromVersioned.value).toEqual(fromSingle.value);
  });

  it("a rate change effective 2026-04-01 applies from Q2 only", () => {
    const versions = [
      v(1, "2026-01-01", program({ components: rate("0.05") })),
      v(2, "2026-04-01", program({ components: rate("0.10") })),
    ];
    const data = {
      partners: [partner("P-1")],
      deals: [deal("P-1", "1000", "2026-03-31"), deal("P-1", "2000", "2026-04-01")],
    };
    const s = run(versions, data, "2026-Q2");
    expect(s.map((x) => x.program_version)).toEqual([1, 2]);
    expect(amounts(only(s[0]!))).toEqual(["50.00"]);
    expect(only(s[0]!).lines[0]!.explanation).toBe("1000.00 at 5% (band from 0)");
    expect(amounts(only(s[1]!))).toEqual(["200.00"]);
    expect(only(s[1]!).lines[0]!.explanation).toBe("2000.00 at 10% (band from 0)");
    expect(only(s[1]!).payable).toBe("200.00");
  });

  it("a version effective mid-period applies from the next period's start", () => {
    const versions = [
      v(1, "2026-01-01", program({ components: rate("0.05") })),
      v(2, "2026-04-15", program({ components: rate("0.10") })),
    ];
    const data = {
      partners: [partner("P-1")],
      deals: [deal("P-1", "1000", "2026-05-01"), deal("P-1", "1000", "2026-07-01")],
    };
    const s = run(versions, data, "2026-Q3");
    expect(s.map((x) => x.program_version)).toEqual([1, 1, 2]);
    expect(s.map((x) => amounts(only(x)))).toEqual([[], ["50.00"], ["100.00"]]);
  });

  it("releases a holdback held under v1 on v1's schedule with v1's amount", () => {
    const versions = [
      v(1, "2026-01-01", program({ components: rate("0.05"), holdback: { rate: "0.20", release_after: 2 } })),
      v(2, "2026-04-01", program({ components: rate("0.10"), holdback: { rate: "0.50", release_after: 1 } })),
    ];
    const data = {
      partners: [partner("P-1")],
      deals: [deal("P-1", "1000", "2026-02-01"), deal("P-1", "1000", "2026-05-01")],
    };
    const s = run(versions, data, "2026-Q4");
    const p = s.map((x) => only(x));
    // Q1 (v1): 50.00 earned, 10.00 held for 2 periods. Q2 (v2): 100.00 earned, 50.00 held for 1.
    expect(p.map((x) => [x.earned, x.held_back, x.released, x.payable])).toEqual([
      ["50.00", "10.00", "0.00", "40.00"],
      ["100.00", "50.00", "0.00", "50.00"],
      ["0.00", "0.00", "60.00", "60.00"],
      ["0.00", "0.00", "0.00", "0.00"],
    ]);
  });

  it("holds the new version's lowest level when the held tier was renamed", () => {
    const tiers = (top: string) => ({
      metric: { sum: "amount" },
      levels: [{ name: "Silver" }, { name: top, min: "1000" }],
    });
    const comps = (top: string) => [
      { id: "influence", type: "tier_rate", rates: { Silver: "0.01", [top]: "0.03" } },
    ];
    const versions = [
      v(1, "2026-01-01", program({ tiers: tiers("Gold"), components: comps("Gold") })),
      v(2, "2026-04-01", program({ tiers: tiers("Gold Plus"), components: comps("Gold Plus") })),
    ];
    const data = {
      partners: [partner("P-1", { initial_tier: "Gold" }), partner("P-2")],
      deals: [
        deal("P-1", "5000", "2026-02-01"),
        deal("P-1", "5000", "2026-05-01"),
        deal("P-1", "5000", "2026-08-01"),
      ],
    };
    const s = run(versions, data, "2026-Q3");
    const p1 = s.map((x) => only(x, "P-1"));
    expect(p1.map((x) => x.tier)).toEqual(["Gold", "Silver", "Gold Plus"]);
    expect(p1.map((x) => amounts(x))).toEqual([["150.00"], ["50.00"], ["150.00"]]);
    expect(p1[0]!.notes).toBeUndefined();
    expect(p1[1]!.notes).toEqual([
      "tier Gold does not exist in program version 2: holds the lowest level Silver",
    ]);
    expect(p1[2]!.notes).toBeUndefined();
    // A tier whose name exists in both versions is kept, without a note.
    const p2 = s.map((x) => only(x, "P-2"));
    expect(p2.map((x) => x.tier)).toEqual(["Silver", "Silver", "Silver"]);
    expect(p2.some((x) => x.notes !== undefined)).toBe(false);
  });

  it("continues a raised SPIF budget from what was consumed", () => {
    const spif = (budget: string) => [{ id: "launch", type: "spif", amount: "100", budget }];
    const versions = [
      v(1, "2026-01-01", program({ components: spif("200") })),
      v(2, "2026-04-01", program({ components: spif("500") })),
    ];
    const q1 = ["2026-01-10", "2026-01-11", "2026-01-12"].map((d) => deal("P-1", "1000", d));
    const q2 = ["2026-04-10", "2026-04-11", "2026-04-12", "2026-04-13"].map((d) => deal("P-2", "1000", d));
    const data = { partners: [partner("P-1"), partner("P-2")], deals: [...q1, ...q2] };
    const s = run(versions, data, "2026-Q2");
    expect(amounts(only(s[0]!, "P-1"))).toEqual(["100.00", "100.00", "0.00"]);
    // 500 − 200 consumed under v1 = 300 left: three more deals.
    const q2Lines = only(s[1]!, "P-2").lines;
    expect(q2Lines.map((l) => l.amount)).toEqual(["100.00", "100.00", "100.00", "0.00"]);
    expect(q2Lines.map((l) => l.explanation)).toEqual([
      "SPIF 100.00 (budget remaining 200.00)",
      "SPIF 100.00 (budget remaining 100.00)",
      "SPIF 100.00 (budget remaining 0.00)",
      "budget exhausted (remaining 0.00 < 100.00)",
    ]);
  });

  it("gives a SPIF component id that is new in a version a fresh budget", () => {
    const spif = (id: string, budget: string) => ({ id, type: "spif", amount: "100", budget });
    const versions = [
      v(1, "2026-01-01", program({ components: [spif("launch", "100")] })),
      v(2, "2026-04-01", program({ components: [spif("launch", "100"), spif("summer", "100")] })),
    ];
    const data = {
      partners: [partner("P-1")],
      deals: [deal("P-1", "1000", "2026-01-10"), deal("P-1", "1000", "2026-04-10")],
    };
    const s = run(versions, data, "2026-Q2");
    expect(only(s[1]!).lines.map((l) => [l.component, l.amount, l.explanation])).toEqual([
      ["launch", "0.00", "budget exhausted (remaining 0.00 < 100.00)"],
      ["summer", "100.00", "SPIF 100.00 (budget remaining 0.00)"],
    ]);
  });

  it("a clawback in Q2 of a Q1 deal reverses the v1 line amounts", () => {
    const versions = [
      v(1, "2026-01-01", program({ components: rate("0.05"), clawback: { window_days: 90 } })),
      v(2, "2026-04-01", program({ components: rate("0.10"), clawback: { window_days: 90 } })),
    ];
    const cancelled = deal("P-1", "1000", "2026-03-01", { cancelled_on: "2026-04-15" });
    const data = { partners: [partner("P-1")], deals: [cancelled, deal("P-1", "2000", "2026-05-01")] };
    const s = run(versions, data, "2026-Q2");
    expect(amounts(only(s[0]!))).toEqual(["50.00"]);
    const q2 = only(s[1]!);
    expect(q2.lines.map((l) => [l.kind, l.deal_id, l.amount])).toEqual([
      ["clawback", cancelled.id, "-50.00"],
      ["rate", expect.any(String), "200.00"],
    ]);
    expect(q2.clawed_back).toBe("-50.00");
    expect(q2.earned).toBe("150.00");
  });

  it("carries fund lots by fund name with the expiry they were made under", () => {
    const acc = (expires: number) => [
      { id: "coop", type: "accrual", fund: "coop", rate: "0.10", expires_after: expires },
    ];
    const versions = [
      v(1, "2026-01-01", program({ components: acc(3) })),
      v(2, "2026-04-01", program({ components: acc(4) })),
    ];
    const data = { partners: [partner("P-1")], deals: [deal("P-1", "1000", "2026-02-01")] };
    const s = run(versions, data, "2026-Q3");
    // Made in Q1 under v1 (expires after 3 periods): drawable Q1–Q3, gone at Q3's end (v2's 4
    // would keep it through Q4).
    expect(s.map((x) => only(x).funds)).toEqual([{ coop: "100.00" }, { coop: "100.00" }, { coop: "0.00" }]);
  });

  it("rejects versions that differ in currency or period, naming the version and field", () => {
    const d = parseData({ partners: [partner("P-1")], deals: [] });
    if (!d.ok) throw new Error("data");
    const r = computeStatementsForVersions(
      [
        v(1, "2026-01-01", program()),
        v(2, "2026-04-01", program({ currency: "EUR" })),
        v(3, "2026-07-01", program({ period: "month" })),
      ],
      d.value,
      "2026-Q4",
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.path, p.code])).toEqual([
      ["versions[1].program.currency", "version_mismatch"],
      ["versions[2].program.period", "version_mismatch"],
    ]);
    expect(r.problems[0]!.message).toContain("version 2");
    const dup = computeStatementsForVersions(
      [v(1, "2026-01-01", program()), v(1, "2026-04-01", program())],
      d.value,
      "2026-Q4",
    );
    expect(dup.ok ? [] : dup.problems.map((p) => p.code)).toEqual(["duplicate_version"]);
  });

  it("is deterministic whatever the order of the versions (ties: higher version)", () => {
    const versions = [
      v(1, "2026-01-01", program({ components: rate("0.05") })),
      v(2, "2026-04-01", program({ components: rate("0.10") })),
      v(3, "2026-04-01", program({ components: rate("0.20") })),
      v(4, "2026-10-01", program({ components: rate("0.01") })),
    ];
    const data = {
      partners: [partner("P-1")],
      deals: ["2026-02-01", "2026-05-01", "2026-08-01", "2026-11-01"].map((d) => deal("P-1", "1000", d)),
    };
    const reference = run(versions, data, "2026-Q4");
    expect(reference.map((x) => x.program_version)).toEqual([1, 3, 3, 4]);
    expect(reference.map((x) => amounts(only(x)))).toEqual([["50.00"], ["200.00"], ["200.00"], ["10.00"]]);
    const orders = [
      [3, 2, 1, 0],
      [2, 0, 3, 1],
      [1, 3, 0, 2],
    ];
    for (const o of orders) {
      const shuffled = o.map((i) => versions[i]!);
      expect(JSON.stringify(run(shuffled, data, "2026-Q4"))).toBe(JSON.stringify(reference));
    }
  });
});
