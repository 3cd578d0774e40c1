// Property tests: invariants that must hold for any data.
import { Decimal } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DataInput } from "../../../src/engine/index.ts";
import { partner, program, statements } from "./helpers.ts";

const cents = fc.integer({ min: 0, max: 50_000_000 });
const money = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`;
const date = fc
  .integer({ min: 0, max: 364 })
  .map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10));

const bands = [
  { from: "0", rate: "0.05" },
  { from: "100000", rate: "0.07" },
  { from: "250000.50", rate: "0.1" },
];

const fullProgram = program({
  tiers: {
    metric: { sum: "amount", window: 2 },
    grace: 1,
    levels: [
      { name: "Registered" },
      { name: "Silver", min: "200000" },
      { name: "Gold", min: "600000", requires: { certifications: 2 } },
    ],
  },
  scorecard: [
    { metric: "csat", weight: 2, target: "4.5" },
    { metric: "revenue_growth", weight: 1, target: "0.2" },
    { metric: "time_to_value_days", weight: 1, target: "30", better: "lower" },
  ],
  eligibility: { agreement_signed: true },
  components: [
    { id: "resale", type: "rate", deals: { kind: ["new", "expansion"], attribution: ["sourced"] }, bands },
    {
      id: "inf",
      type: "tier_rate",
      deals: { attribution: ["influenced"] },
      rates: { Registered: "0.01", Silver: "0.02", Gold: "0.035" },
    },
    {
      id: "spif",
      type: "spif",
      deals: { kind: ["new"], min_amount: "5000" },
      amount: "250",
      budget: "2000",
      max_per_partner: "750",
    },
    {
      id: "q",
      type: "multiplier",
      applies_to: ["resale", "spif"],
      by_score: [
        { from: "0", factor: "0.9" },
        { from: "70", factor: "1.15" },
      ],
    },
    { id: "coop", type: "accrual", fund: "coop", rate: "0.015", expires_after: 2 },
  ],
  cap: { per_partner_per_period: "20000" },
  holdback: { rate: "0.2", release_after: 1 },
  clawback: { window_days: 120 },
});

const dealArb = fc.record({
  p: fc.integer({ min: 0, max: 3 }),
  kind: fc.constantFrom("new", "expansion", "renewal") as fc.Arbitrary<"new" | "expansion" | "renewal">,
  stage: fc.constantFrom("won", "won", "won", "lost", "open") as fc.Arbitrary<"won" | "lost" | "open">,
  attribution: fc.constantFrom("sourced", "influenced") as fc.Arbitrary<"sourced" | "influenced">,
  amount: cents,
  currency: fc.constantFrom("USD", "USD", "EUR"),
  close: date,
  csat: fc.option(
    fc.integer({ min: 0, max: 10 }).map((x) => x / 2),
    { nil: undefined },
  ),
  cancelAfter: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
});

type RawDeal = typeof dealArb extends fc.Arbitrary<infer T> ? T : never;

function dataset(raw: RawDeal[], claims: { p: number; c: number; d: string }[]): DataInput {
  return {
    partners: [0, 1, 2, 3].map((i) => partner(`P-${i}`, { certifications: i, agreement_signed: i !== 3 })),
    deals: raw.map((r, i) => {
      const d: DataInput["deals"][number] = {
        id: `D-${i}`,
        partner_id: `P-${r.p}`,
        kind: r.kind,
        stage: r.stage,
        attribution: r.attribution,
        amount: money(r.amount),
        currency: r.currency,
        close_date: r.close,
      };
      if (r.csat !== undefined) d.csat = r.csat;
      if (r.cancelAfter !== undefined) {
        const c = new Date(`${r.close}T00:00:00Z`);
        c.setUTCDate(c.getUTCDate() + r.cancelAfter);
        d.cancelled_on = c.toISOString().slice(0, 10);
      }
      return d;
    }),
    fx: {
      "2026-Q1": { EUR: "1.1" },
      "2026-Q2": { EUR: "1.0837" },
      "2026-Q3": { EUR: "1.2" },
      "2026-Q4": { EUR: "0.95" },
      "2027-Q1": { EUR: "1" },
    },
    claims: claims.map((c, i) => ({
      id: `C-${i}`,
      partner_id: `P-${c.p}`,
      fund: "coop",
      amount: money(c.c + 1),
      date: c.d,
    })),
  };
}

const claimArb = fc.array(
  fc.record({ p: fc.integer({ min: 0, max: 3 }), c: fc.integer({ min: 0, max: 500_000 }), d: date }),
  { maxLength: 5 },
);

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

describe("engine properties", () => {
  it("marginal earnings do not depend on how the same revenue is split into deals", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 20_000_000 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (parts, cuts) => {
          const total = parts.reduce((a, b) => a + b, 0);
          // The same revenue split differently: one deal vs. the parts, further cut at `cuts`.
          const pieces: number[] = [];
          for (const [i, part] of parts.entries()) {
            const cut = cuts[i] === undefined ? 0 : cuts[i]! % part;
            if (cut > 0) pieces.push(cut, part - cut);
            else pieces.push(part);
          }
          const p = program({ components: [{ id: "resale", type: "rate", bands }] });
          const one = statements(
            p,
            {
              partners: [partner("P-1")],
              deals: [
                {
                  id: "X",
                  partner_id: "P-1",
                  kind: "new",
                  stage: "won",
                  attribution: "sourced",
                  amount: money(total),
                  currency: "USD",
                  close_date: "2026-01-01",
                },
              ],
            },
            "2026-Q1",
          );
          const many = statements(
            p,
            {
              partners: [partner("P-1")],
              deals: pieces.map((c, i) => ({
                id: `D-${String(i).padStart(3, "0")}`,
                partner_id: "P-1",
                kind: "new" as const,
                stage: "won" as const,
                attribution: "sourced" as const,
                amount: money(c),
                currency: "USD",
                close_date: "2026-01-01",
              })),
            },
            "2026-Q1",
          );
          const a = new Decimal(one[0]!.partners[0]!.earned);
          const b = new Decimal(many[0]!.partners[0]!.earned);
          // Each line is rounded once: the difference is bounded by half a cent per line.
          expect(
            a
              .minus(b)
              .abs()
              .lessThanOrEqualTo(new Decimal("0.005").times(pieces.length + 1)),
          ).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("shuffled input gives byte-identical statements", () => {
    fc.assert(
      fc.property(fc.array(dealArb, { maxLength: 25 }), claimArb, fc.integer(), (raw, claims, seed) => {
        const data = dataset(raw, claims);
        const shuffled: DataInput = {
          ...data,
          partners: shuffle(data.partners, seed),
          deals: shuffle(data.deals, seed + 1),
          claims: shuffle(data.claims ?? [], seed + 2),
        };
        expect(JSON.stringify(statements(fullProgram, shuffled, "2026-Q4"))).toBe(
          JSON.stringify(statements(fullProgram, data, "2026-Q4")),
        );
      }),
      { numRuns: 40 },
    );
  });

  it("totals equal the sum of lines; payable ≥ 0; capped earnings ≤ cap; held/released ≥ 0; carry ≤ 0", () => {
    fc.assert(
      fc.property(fc.array(dealArb, { maxLength: 30 }), claimArb, (raw, claims) => {
        for (const s of statements(fullProgram, dataset(raw, claims), "2027-Q1")) {
          for (const p of s.partners) {
            let cash = new Decimal(0);
            let claw = new Decimal(0);
            let capped = new Decimal(0);
            for (const l of p.lines) {
              expect(l.amount).toMatch(/^-?\d+\.\d{2}$/);
              if (l.kind === "accrual" || l.forfeited) continue;
              cash = cash.plus(l.amount);
              if (l.kind === "clawback") claw = claw.plus(l.amount);
              else capped = capped.plus(l.amount);
            }
            expect(cash.toFixed(2)).toBe(p.earned);
            expect(claw.toFixed(2)).toBe(p.clawed_back);
            expect(capped.lessThanOrEqualTo(20000)).toBe(true);
            expect(new Decimal(p.payable).isNegative()).toBe(false);
            expect(new Decimal(p.held_back).isNegative()).toBe(false);
            expect(new Decimal(p.released).isNegative()).toBe(false);
            expect(new Decimal(p.carry_forward).greaterThan(0)).toBe(false);
            for (const f of Object.values(p.funds)) expect(new Decimal(f).isNegative()).toBe(false);
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
