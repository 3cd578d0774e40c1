// Property tests over generated v1.1 programs (spec §5–§6): ladders chosen by type, partner
// filters, margin bases, partner histories. Invariants (input order, totals) and metamorphic
// equivalences with the v1 meaning (a filter admitting everyone, margin equal to the amount, a
// list of one catch-all ladder).
import { Decimal } from "decimal.js";
// Property runs get a generous timeout: a few hundred generated cases on a shared machine.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DataInput, Statement } from "../../../src/engine/index.ts";
import { statements } from "./helpers.ts";
import { v1Data, v1Program } from "./v1-arbitraries.ts";

type Obj = Record<string, unknown>;
const TYPES = ["reseller", "integrator", "technology", "affiliate", "agency", "var", "other"] as const;

/** A v1 program given v1.1 features: type-filtered ladders, partner filters, margin bases. */
const v11Program: fc.Arbitrary<Obj> = fc
  .record({
    base: v1Program,
    ladderTypes: fc.subarray([...TYPES], { minLength: 1, maxLength: 4 }),
    catchAll: fc.boolean(),
    marginLadder: fc.boolean(),
    filters: fc.array(fc.option(fc.subarray([...TYPES], { minLength: 1 }), { nil: undefined }), {
      minLength: 6,
      maxLength: 6,
    }),
    margins: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  })
  .map(({ base, ladderTypes, catchAll, marginLadder, filters, margins }) => {
    const program = structuredClone(base);
    const tiers = program.tiers as Obj | undefined;
    if (tiers) {
      // A type-filtered ladder first, then the v1 ladder for everyone else (as a catch-all, or
      // filtered on the remaining types): every partner is on some ladder.
      const first: Obj = {
        partners: { type: ladderTypes },
        metric: { sum: marginLadder ? "margin" : "amount", window: 2 },
        grace: 1,
        levels: (tiers.levels as Obj[]).map(({ requires: _, ...l }) => l),
      };
      const others = TYPES.filter((t) => !ladderTypes.includes(t));
      if (catchAll) program.tiers = [first, tiers];
      else if (others.length === 0) program.tiers = [first];
      else program.tiers = [first, { ...tiers, partners: { type: others } }];
    }
    // tier_rate rates name every level of both ladders (they share the names): any filter is fine.
    program.components = (program.components as Obj[]).map((c, i) => {
      const out = { ...c };
      const f = filters[i];
      if (f) out.partners = { type: f };
      if (margins[i] && (c.type === "rate" || c.type === "tier_rate" || c.type === "accrual"))
        out.basis = "margin";
      return out;
    });
    return program;
  });

/** v1 data with margins on most deals and partner histories that change type and compliance. */
const v11Data: fc.Arbitrary<DataInput> = fc
  .record({
    data: v1Data,
    marginShare: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 30, maxLength: 30 }),
    changes: fc.array(
      fc.record({
        p: fc.nat(),
        day: fc.integer({ min: 0, max: 364 }),
        type: fc.constantFrom(...TYPES),
        compliance: fc.boolean(),
        certifications: fc.integer({ min: 0, max: 4 }),
      }),
      { maxLength: 4 },
    ),
  })
  .map(({ data, marginShare, changes }) => {
    const deals = data.deals.map((d, i) => {
      const share = marginShare[i % marginShare.length]!;
      if (share > 90) return d;
      const cents = Math.round(Number(d.amount) * 100);
      const m = Math.floor((cents * share) / 100);
      return { ...d, margin: `${Math.floor(m / 100)}.${String(m % 100).padStart(2, "0")}` };
    });
    const partners = data.partners.map((p, i) => {
      const mine = changes
        .filter((c) => c.p % data.partners.length === i)
        .sort((a, b) => a.day - b.day)
        .map((c) => ({
          from: new Date(Date.UTC(2026, 0, 1 + c.day)).toISOString().slice(0, 10),
          type: c.type,
          compliance_ok: c.compliance,
          certifications: c.certifications,
        }));
      if (mine.length === 0) return p;
      const last = mine.at(-1)!;
      // The current values are the last entry's (spec §6); the earliest entry says what held before.
      return {
        ...p,
        type: last.type,
        compliance_ok: last.compliance_ok,
        certifications: last.certifications,
        history: [
          {
            from: "2025-06-01",
            type: p.type,
            compliance_ok: p.compliance_ok,
            certifications: p.certifications,
          },
          ...mine,
        ],
      };
    });
    return { ...data, deals, partners };
  });

const through = (program: Obj) => (program.period === "month" ? "2026-12" : "2026-Q4");

function shuffle<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Line amounts and figures, without explanations, ladders and notes. */
function figures(list: Statement[]) {
  return list.map((s) => ({
    period: s.period,
    partners: s.partners.map((p) => ({
      id: p.partner_id,
      tier: p.tier,
      earned: p.earned,
      payable: p.payable,
      funds: p.funds,
      lines: p.lines.map((l) => [l.component, l.kind, l.deal_id, l.amount, l.forfeited ?? false]),
    })),
  }));
}

describe("v1.1 programs: properties", () => {
  it("shuffled partners, deals and claims give byte-identical statements", () => {
    fc.assert(
      fc.property(v11Program, v11Data, fc.integer(), (program, data, seed) => {
        const shuffled: DataInput = {
          ...data,
          partners: shuffle(data.partners, seed),
          deals: shuffle(data.deals, seed + 1),
          claims: shuffle(data.claims ?? [], seed + 2),
        };
        expect(JSON.stringify(statements(program, shuffled, through(program)))).toBe(
          JSON.stringify(statements(program, data, through(program))),
        );
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it("earned is the sum of counted cash lines; payable ≥ 0; carry ≤ 0; every tier is a level of the program", () => {
    fc.assert(
      fc.property(v11Program, v11Data, (program, data) => {
        const tiers = program.tiers;
        const levels = new Set(["Standard"]);
        for (const l of Array.isArray(tiers) ? tiers : tiers ? [tiers] : [])
          for (const v of (l as Obj).levels as Obj[]) levels.add(String(v.name));
        for (const s of statements(program, data, through(program)))
          for (const p of s.partners) {
            let cash = new Decimal(0);
            for (const l of p.lines) if (l.kind !== "accrual" && !l.forfeited) cash = cash.plus(l.amount);
            expect(cash.toFixed(2)).toBe(p.earned);
            expect(new Decimal(p.payable).isNegative()).toBe(false);
            expect(new Decimal(p.carry_forward).greaterThan(0)).toBe(false);
            expect(levels.has(p.tier)).toBe(true);
            expect(levels.has(p.qualified_tier)).toBe(true);
          }
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it("a partners filter admitting every type changes nothing", () => {
    fc.assert(
      fc.property(v1Program, v11Data, (program, data) => {
        const open = structuredClone(program);
        open.components = (open.components as Obj[]).map((c) => ({ ...c, partners: { type: [...TYPES] } }));
        expect(JSON.stringify(statements(open, data, through(program)))).toBe(
          JSON.stringify(statements(program, data, through(program))),
        );
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it("with margin equal to the amount on every deal, margin bases and metrics give the amount figures", () => {
    fc.assert(
      fc.property(v1Program, v1Data, (program, data) => {
        const full: DataInput = { ...data, deals: data.deals.map((d) => ({ ...d, margin: d.amount })) };
        const onMargin = structuredClone(program);
        onMargin.components = (onMargin.components as Obj[]).map((c) =>
          c.type === "rate" || c.type === "tier_rate" || c.type === "accrual" ? { ...c, basis: "margin" } : c,
        );
        if (onMargin.tiers)
          (onMargin.tiers as Obj).metric = { ...((onMargin.tiers as Obj).metric as Obj), sum: "margin" };
        expect(figures(statements(onMargin, full, through(program)))).toEqual(
          figures(statements(program, data, through(program))),
        );
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it("a list of one catch-all ladder means the v1 single ladder (statements then name it)", () => {
    fc.assert(
      fc.property(v1Program, v1Data, (program, data) => {
        fc.pre(program.tiers !== undefined);
        const listed = { ...program, tiers: [program.tiers] };
        const a = statements(listed, data, through(program));
        for (const s of a)
          for (const p of s.partners) {
            expect(p.ladder).toBe("all partners");
            delete p.ladder;
          }
        expect(JSON.stringify(a)).toBe(JSON.stringify(statements(program, data, through(program))));
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
