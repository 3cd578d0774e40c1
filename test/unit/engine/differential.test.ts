// Differential tests: v1 programs and data give byte-identical statements from the live engine
// and from the frozen v1 engine (test/reference/engine-v1), so the v1.1 additions (spec §5–§6)
// change nothing a v1 program means. Also with a history that only restates current values.
// Property runs get a generous timeout: a few hundred generated cases on a shared machine.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as live from "../../../src/engine/index.ts";
import * as ref from "../../reference/engine-v1/index.ts";
import { v1Data, v1Program } from "./v1-arbitraries.ts";

type Doc = Record<string, unknown>;

function both(program: Doc, data: live.DataInput) {
  const lp = live.parseProgram(program);
  const rp = ref.parseProgram(program);
  if (!lp.ok || !rp.ok) throw new Error(`generated program invalid: ${JSON.stringify(lp.ok ? rp : lp)}`);
  const ld = live.parseData(data);
  const rd = ref.parseData(data);
  if (!ld.ok || !rd.ok) throw new Error(`generated data invalid: ${JSON.stringify(ld.ok ? rd : ld)}`);
  return { lp: lp.value, rp: rp.value, ld: ld.value, rd: rd.value };
}

const through = (program: Doc) => (program.period === "month" ? "2026-12" : "2026-Q4");

describe("v1 programs: live engine = frozen v1 engine, byte for byte", () => {
  it("single program", () => {
    fc.assert(
      fc.property(v1Program, v1Data, (program, data) => {
        const { lp, rp, ld, rd } = both(program, data);
        const a = live.computeStatements(lp, ld, through(program));
        const b = ref.computeStatements(rp, rd, through(program));
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it("program versions (two generated versions, the second effective mid-year)", () => {
    fc.assert(
      fc.property(
        v1Program,
        v1Program,
        v1Data,
        fc.constantFrom("2026-04-01", "2026-05-15", "2026-10-01"),
        (p1, p2, data, from) => {
          // Versions must share currency and period.
          const second = { ...p2, period: p1.period };
          const { lp, rp, ld, rd } = both(p1, data);
          const lp2 = live.parseProgram(second);
          const rp2 = ref.parseProgram(second);
          if (!lp2.ok || !rp2.ok) throw new Error("generated program invalid");
          const lv = [
            { version: 1, effectiveFrom: "2026-01-01", program: lp },
            { version: 2, effectiveFrom: from, program: lp2.value },
          ];
          const rv = [
            { version: 1, effectiveFrom: "2026-01-01", program: rp },
            { version: 2, effectiveFrom: from, program: rp2.value },
          ];
          const a = live.computeStatementsForVersions(lv, ld, through(p1));
          const b = ref.computeStatementsForVersions(rv, rd, through(p1));
          expect(JSON.stringify(a)).toBe(JSON.stringify(b));
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it("a history that only restates the current values changes nothing (spec §6)", () => {
    fc.assert(
      fc.property(v1Program, v1Data, fc.integer({ min: 0, max: 400 }), (program, data, offset) => {
        const from = new Date(Date.UTC(2025, 6, 1 + offset)).toISOString().slice(0, 10);
        const withHistory: live.DataInput = {
          ...data,
          partners: data.partners.map((p) => ({
            ...p,
            history: [
              { from, type: p.type, certifications: p.certifications },
              { from, agreement_signed: p.agreement_signed, compliance_ok: p.compliance_ok },
            ],
          })),
        };
        const { lp, rp, rd } = both(program, data);
        const ld = live.parseData(withHistory);
        if (!ld.ok) throw new Error(JSON.stringify(ld.problems));
        const a = live.computeStatements(lp, ld.value, through(program));
        const b = ref.computeStatements(rp, rd, through(program));
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
