// fast-check generators of valid v1 programs (spec §2–§3: one ladder or none, every component
// type, filters, gates, scorecard, cap, holdback, clawback) and of data sets for them. Used by the
// differential tests against the frozen v1 engine (test/reference/engine-v1).
import fc from "fast-check";
import type { DataInput } from "../../../src/engine/index.ts";

type Obj = Record<string, unknown>;
const money = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`;
const rate = fc.integer({ min: 0, max: 200 }).map((r) => (r / 1000).toString());
const day = (offset: number) => new Date(Date.UTC(2026, 0, 1 + offset)).toISOString().slice(0, 10);

export const PRODUCTS = ["CORE", "NOVA", "EDGE"];

function subset<T>(xs: readonly T[]): fc.Arbitrary<T[]> {
  return fc.subarray([...xs], { minLength: 1 });
}

export const dealFilter: fc.Arbitrary<Obj | undefined> = fc.option(
  fc
    .record(
      {
        kind: subset(["new", "expansion", "renewal"]),
        attribution: subset(["sourced", "influenced"]),
        product: subset(PRODUCTS),
        stage: subset(["won", "lost"]),
        min_amount: fc.integer({ min: 0, max: 5_000_000 }).map(money),
        closed: fc
          .tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 200 }))
          .map(([a, b]) => ({ from: day(a), to: day(a + b) })),
      },
      { requiredKeys: [] },
    )
    .map((f) => f as Obj),
  { nil: undefined },
);

function requiresArb(tierNames: string[]): fc.Arbitrary<Obj | undefined> {
  return fc.option(
    fc.record(
      {
        certifications: fc.integer({ min: 0, max: 4 }),
        renewal_rate: fc.integer({ min: 0, max: 100 }).map((r) => (r / 100).toString()),
        score: fc.integer({ min: 0, max: 100 }).map(String),
        tier: subset(tierNames),
      },
      { requiredKeys: [] },
    ) as fc.Arbitrary<Obj>,
    { nil: undefined },
  );
}

const TIER_NAMES = ["Registered", "Silver", "Gold", "Platinum"];

const tiersArb = fc
  .record({
    levels: fc.integer({ min: 1, max: 4 }),
    mins: fc.array(fc.integer({ min: 1, max: 40_000_000 }), { minLength: 3, maxLength: 3 }),
    window: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    grace: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
    deals: dealFilter,
  })
  .chain((t) => {
    const names = TIER_NAMES.slice(0, t.levels);
    const mins = [...new Set(t.mins)].sort((a, b) => a - b);
    return fc.array(requiresArb(names), { minLength: names.length, maxLength: names.length }).map((reqs) => {
      const levels = names.map((name, i) => {
        const level: Obj = { name };
        if (i > 0) level.min = money(mins[Math.min(i - 1, mins.length - 1)]! + i);
        if (i > 0 && reqs[i]) level.requires = reqs[i];
        return level;
      });
      // Mins strictly increasing even after de-duplication.
      for (let i = 2; i < levels.length; i++)
        if (Number(levels[i]!.min) <= Number(levels[i - 1]!.min))
          levels[i]!.min = money(Math.round(Number(levels[i - 1]!.min) * 100) + 100);
      const metric: Obj = { sum: "amount" };
      if (t.deals) metric.deals = t.deals;
      if (t.window !== undefined) metric.window = t.window;
      const out: Obj = { metric, levels };
      if (t.grace !== undefined) out.grace = t.grace;
      return out;
    });
  });

const METRICS = ["renewal_rate", "revenue_growth", "csat", "time_to_value_days", "win_rate"] as const;
const scorecardArb = fc.subarray([...METRICS], { minLength: 1 }).chain((ms) =>
  fc
    .tuple(
      ...ms.map((m) =>
        fc.record({
          weight: fc.integer({ min: 1, max: 5 }),
          target: fc
            .integer({ min: 1, max: 60 })
            .map((t) =>
              m === "csat"
                ? (t / 12).toFixed(2)
                : m === "time_to_value_days"
                  ? String(t)
                  : (t / 50).toFixed(2),
            ),
          lower: fc.boolean(),
        }),
      ),
    )
    .map((rs) =>
      rs.map((r, i) => {
        const e: Obj = { metric: ms[i], weight: r.weight, target: r.target };
        if (r.lower) e.better = "lower";
        return e;
      }),
    ),
);

function bandsArb(): fc.Arbitrary<Obj[]> {
  return fc
    .array(fc.tuple(fc.integer({ min: 1, max: 50_000_000 }), rate), { minLength: 0, maxLength: 3 })
    .chain((more) =>
      rate.map((first) => {
        const froms = [...new Set(more.map((m) => m[0]))].sort((a, b) => a - b);
        return [{ from: "0", rate: first }, ...froms.map((f, i) => ({ from: money(f), rate: more[i]![1] }))];
      }),
    );
}

function componentArb(index: number, tierNames: string[]): fc.Arbitrary<Obj> {
  const id = `c${index}`;
  const common = fc.record({ deals: dealFilter, requires: requiresArb(tierNames) });
  const withCommon = (o: Obj, c: { deals: Obj | undefined; requires: Obj | undefined }) => {
    if (c.deals) o.deals = c.deals;
    if (c.requires) o.requires = c.requires;
    return o;
  };
  return fc.oneof(
    fc
      .tuple(common, bandsArb(), fc.constantFrom(undefined, "marginal", "retroactive"))
      .map(([c, bands, mode]) => withCommon({ id, type: "rate", bands, ...(mode ? { mode } : {}) }, c)),
    fc
      .tuple(common, fc.array(rate, { minLength: tierNames.length, maxLength: tierNames.length }))
      .map(([c, rs]) =>
        withCommon(
          { id, type: "tier_rate", rates: Object.fromEntries(tierNames.map((t, i) => [t, rs[i]])) },
          c,
        ),
      ),
    fc
      .tuple(
        common,
        fc.integer({ min: 1, max: 100_000 }),
        fc.option(fc.integer({ min: 0, max: 500_000 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 300_000 }), { nil: undefined }),
      )
      .map(([c, amount, budget, max]) =>
        withCommon(
          {
            id,
            type: "spif",
            amount: money(amount),
            ...(budget !== undefined ? { budget: money(budget) } : {}),
            ...(max !== undefined ? { max_per_partner: money(max) } : {}),
          },
          c,
        ),
      ),
    fc
      .tuple(
        common,
        fc.constantFrom("coop", "mdf"),
        rate,
        fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      )
      .map(([c, fund, r, exp]) =>
        withCommon(
          { id, type: "accrual", fund, rate: r, ...(exp !== undefined ? { expires_after: exp } : {}) },
          c,
        ),
      ),
  );
}

/** A valid v1 program over quarters (or months) starting 2026-01-01. */
export const v1Program: fc.Arbitrary<Obj> = fc
  .record({
    tiers: fc.option(tiersArb, { nil: undefined }),
    scorecard: fc.option(scorecardArb, { nil: undefined }),
    eligibility: fc.option(
      fc.record({ agreement_signed: fc.boolean(), compliance_ok: fc.boolean() }, { requiredKeys: [] }),
      { nil: undefined },
    ),
    n: fc.integer({ min: 1, max: 5 }),
    multiplier: fc.boolean(),
    byScore: fc.array(fc.tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 300 })), {
      maxLength: 3,
    }),
    cap: fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: undefined }),
    holdback: fc.option(fc.tuple(rate, fc.integer({ min: 1, max: 3 })), { nil: undefined }),
    clawback: fc.option(fc.integer({ min: 0, max: 150 }), { nil: undefined }),
    period: fc.constantFrom("quarter", "quarter", "month"),
  })
  .chain((p) => {
    const tierNames = p.tiers ? (p.tiers.levels as Obj[]).map((l) => String(l.name)) : ["Standard"];
    return fc
      .tuple(...Array.from({ length: p.n }, (_, i) => componentArb(i, tierNames)))
      .map((components) => {
        const cash = components.filter((c) => c.type !== "accrual").map((c) => String(c.id));
        const comps: Obj[] = [...components];
        if (p.multiplier && cash.length > 0) {
          const froms = [...new Set(p.byScore.map((b) => b[0]))].sort((a, b) => a - b);
          comps.push({
            id: "mult",
            type: "multiplier",
            applies_to: cash,
            by_score: [
              { from: "0", factor: "0.9" },
              ...froms.map((f, i) => ({ from: String(f), factor: (p.byScore[i]![1] / 100).toFixed(2) })),
            ],
          });
        }
        const program: Obj = {
          program: "Generated",
          currency: "USD",
          period: p.period,
          starts: "2026-01-01",
          components: comps,
        };
        if (p.tiers) program.tiers = p.tiers;
        if (p.scorecard) program.scorecard = p.scorecard;
        if (p.eligibility) program.eligibility = p.eligibility;
        if (p.cap !== undefined) program.cap = { per_partner_per_period: money(p.cap) };
        if (p.holdback) program.holdback = { rate: p.holdback[0], release_after: p.holdback[1] };
        if (p.clawback !== undefined) program.clawback = { window_days: p.clawback };
        return program;
      });
  });

const TYPES = ["reseller", "integrator", "technology", "affiliate", "agency", "var", "other"] as const;

/** Partners P-0..P-3 and deals over 2026 (USD, EUR, GBP), optional claims on coop/mdf. */
export const v1Data: fc.Arbitrary<DataInput> = fc
  .record({
    partners: fc.array(
      fc.record({
        type: fc.constantFrom(...TYPES),
        certifications: fc.integer({ min: 0, max: 4 }),
        agreement_signed: fc.boolean(),
        compliance_ok: fc.boolean(),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    deals: fc.array(
      fc.record({
        p: fc.nat(),
        kind: fc.constantFrom("new", "expansion", "renewal"),
        stage: fc.constantFrom("won", "won", "won", "lost", "open"),
        attribution: fc.constantFrom("sourced", "influenced"),
        amount: fc.integer({ min: 0, max: 30_000_000 }),
        currency: fc.constantFrom("USD", "USD", "EUR", "GBP"),
        close: fc.integer({ min: 0, max: 364 }),
        product: fc.option(fc.constantFrom(...PRODUCTS), { nil: undefined }),
        csat: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
        ttv: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
        cancelAfter: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
      }),
      { maxLength: 30 },
    ),
    claims: fc.array(
      fc.record({
        p: fc.nat(),
        fund: fc.constantFrom("coop", "mdf"),
        c: fc.integer({ min: 1, max: 400_000 }),
        d: fc.integer({ min: 0, max: 364 }),
      }),
      { maxLength: 4 },
    ),
  })
  .map((r) => {
    const n = r.partners.length;
    return {
      partners: r.partners.map((p, i) => ({ id: `P-${i}`, name: `Partner ${i}`, ...p })),
      deals: r.deals.map((d, i) => {
        const deal: DataInput["deals"][number] = {
          id: `D-${String(i).padStart(3, "0")}`,
          partner_id: `P-${d.p % n}`,
          kind: d.kind as "new",
          stage: d.stage as "won",
          attribution: d.attribution as "sourced",
          amount: money(d.amount),
          currency: d.currency,
          close_date: day(d.close),
        };
        if (d.product) deal.product = d.product;
        if (d.csat !== undefined) deal.csat = d.csat / 2;
        if (d.ttv !== undefined) deal.time_to_value_days = d.ttv;
        if (d.cancelAfter !== undefined) deal.cancelled_on = day(d.close + d.cancelAfter);
        return deal;
      }),
      fx: Object.fromEntries(
        [
          ...["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"],
          ...Array.from({ length: 12 }, (_, m) => `2026-${String(m + 1).padStart(2, "0")}`),
        ].map((label, i) => [label, { EUR: (1.05 + i / 100).toFixed(4), GBP: (1.2 + i / 200).toFixed(4) }]),
      ),
      claims: r.claims.map((c, i) => ({
        id: `C-${i}`,
        partner_id: `P-${c.p % n}`,
        fund: c.fund,
        amount: money(c.c),
        date: day(c.d),
      })),
    };
  });
