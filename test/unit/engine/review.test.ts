// Review flags (issue #16): each rule with data that trips it and data that just misses it,
// the reasons a person can check, and determinism.
import { describe, expect, it } from "vitest";
import {
  type DataInput,
  parseData,
  parseProgram,
  prepareReview,
  type ReviewFlag,
  reviewFlags,
} from "../../../src/engine/index.ts";
import { deal, type ProgramDoc, partner, program, statement } from "./helpers.ts";

const tiers = {
  metric: { sum: "amount", window: 1 },
  levels: [{ name: "Registered" }, { name: "Silver", min: "100000" }, { name: "Gold", min: "500000" }],
};

function flags(doc: ProgramDoc, data: DataInput, period: string, withTiers = false): ReviewFlag[] {
  const p = parseProgram(doc);
  if (!p.ok) throw new Error(JSON.stringify(p.problems));
  const d = parseData(data);
  if (!d.ok) throw new Error(JSON.stringify(d.problems));
  const index = prepareReview(p.value, d.value);
  if (!index.ok) throw new Error(JSON.stringify(index.problems));
  const r = reviewFlags(p.value, index.value, period, withTiers ? statement(doc, data, period) : undefined);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

const one = (ps: string[] = ["P-1"]) => ps.map((id) => partner(id));

describe("quarter-end spike", () => {
  const doc = program({ review: { quarter_end_spike: { last_days: 14, share: "0.50", min_deals: 3 } } });

  it("flags a period whose last 14 days hold more than half the won amount", () => {
    const data = {
      partners: one(),
      deals: [
        deal("P-1", "10000.00", "2026-01-10", { id: "D-A" }),
        deal("P-1", "6000.00", "2026-03-20", { id: "D-B" }),
        deal("P-1", "5000.00", "2026-03-31", { id: "D-C" }),
        deal("P-1", "90000.00", "2026-03-30", { id: "D-LOST", stage: "lost" }),
      ],
    };
    expect(flags(doc, data, "2026-Q1")).toEqual([
      {
        partner_id: "P-1",
        period: "2026-Q1",
        rule: "quarter_end_spike",
        reason:
          "52.38% of 2026-Q1's won amount (11000.00 USD of 21000.00 USD) closed in its last 14 days " +
          "(2026-03-18 to 2026-03-31), above 50.00%: D-B, D-C",
        deals: ["D-B", "D-C"],
      },
    ]);
  });

  it("does not flag exactly the threshold, nor a deal one day before the window", () => {
    const exact = [
      deal("P-1", "10000.00", "2026-01-10"),
      deal("P-1", "5000.00", "2026-03-20"),
      deal("P-1", "5000.00", "2026-03-31"),
    ];
    expect(flags(doc, { partners: one(), deals: exact }, "2026-Q1")).toEqual([]);
    const dayBefore = [
      deal("P-1", "10000.00", "2026-01-10"),
      deal("P-1", "6000.00", "2026-03-17"),
      deal("P-1", "5000.00", "2026-03-31"),
    ];
    expect(flags(doc, { partners: one(), deals: dayBefore }, "2026-Q1")).toEqual([]);
  });

  it("needs min_deals won deals in the period", () => {
    const two = [deal("P-1", "1000.00", "2026-01-10"), deal("P-1", "9000.00", "2026-03-31")];
    expect(flags(doc, { partners: one(), deals: two }, "2026-Q1")).toEqual([]);
  });

  it("converts other currencies with the period's fx rate, as the engine does", () => {
    const data = {
      partners: one(),
      fx: { "2026-Q1": { EUR: "1.10" } },
      deals: [
        deal("P-1", "10000.00", "2026-01-10"),
        deal("P-1", "5000.00", "2026-03-20"),
        // EUR 4545.46 × 1.10 = 5000.006: just over half with it, exactly half without the rate.
        deal("P-1", "4545.46", "2026-03-31", { currency: "EUR" }),
      ],
    };
    expect(flags(doc, data, "2026-Q1").map((f) => f.rule)).toEqual(["quarter_end_spike"]);
  });
});

describe("early cancellations", () => {
  const doc = program({ review: { early_cancellations: { within_days: 30, share: "0.25", min_deals: 4 } } });
  const base = () => [
    deal("P-1", "1000.00", "2026-01-05", { id: "D-1" }),
    deal("P-1", "1000.00", "2026-01-06", { id: "D-2" }),
    deal("P-1", "1000.00", "2026-01-07", { id: "D-3" }),
  ];

  it("flags when more than a quarter of the period's deals were cancelled within 30 days", () => {
    const deals = [
      ...base().map((d, i) => (i === 0 ? { ...d, cancelled_on: "2026-02-04" } : d)),
      deal("P-1", "1000.00", "2026-02-01", { id: "D-4", cancelled_on: "2026-02-02" }),
    ];
    const [f] = flags(doc, { partners: one(), deals }, "2026-Q1");
    expect(f?.rule).toBe("early_cancellations");
    expect(f?.deals).toEqual(["D-1", "D-4"]);
    expect(f?.reason).toBe(
      "2 of 4 won deals closed in 2026-Q1 (50.00%) were cancelled within 30 days of closing, above 25.00%: " +
        "D-1 (closed 2026-01-05, cancelled 2026-02-04), D-4 (closed 2026-02-01, cancelled 2026-02-02)",
    );
  });

  it("does not flag exactly 25%, and a cancellation on day 31 is not early", () => {
    const deals = [
      ...base().map((d, i) => (i === 0 ? { ...d, cancelled_on: "2026-02-04" } : d)),
      deal("P-1", "1000.00", "2026-02-01", { id: "D-4", cancelled_on: "2026-03-04" }),
    ];
    expect(flags(doc, { partners: one(), deals }, "2026-Q1")).toEqual([]);
  });
});

describe("threshold clustering", () => {
  const doc = program({
    tiers,
    components: [
      {
        id: "resale",
        type: "rate",
        bands: [
          { from: "0", rate: "0.05" },
          { from: "250000", rate: "0.07" },
        ],
      },
    ],
    review: { threshold_clustering: { within: "0.05", share: "0.50", min_deals: 3 } },
  });

  it("flags deals sized just below the program's band and tier boundaries", () => {
    const deals = [
      deal("P-1", "96000.00", "2026-01-05", { id: "D-1" }),
      deal("P-1", "99999.99", "2026-01-06", { id: "D-2" }),
      deal("P-1", "240000.00", "2026-01-07", { id: "D-3" }),
      deal("P-1", "50000.00", "2026-01-08", { id: "D-4" }),
    ];
    const [f] = flags(doc, { partners: one(), deals }, "2026-Q1");
    expect(f?.deals).toEqual(["D-1", "D-2", "D-3"]);
    expect(f?.reason).toBe(
      "3 of 4 won deals closed in 2026-Q1 (75.00%) are within 5.00% below a boundary, above 50.00%: " +
        "D-1 96000.00 USD below 100000, D-2 99999.99 USD below 100000, D-3 240000.00 USD below 250000",
    );
  });

  it("does not count a deal at the boundary or just under the 5% window", () => {
    const deals = [
      deal("P-1", "94999.99", "2026-01-05"),
      deal("P-1", "100000.00", "2026-01-06"),
      deal("P-1", "240000.00", "2026-01-07"),
      deal("P-1", "237499.99", "2026-01-08"),
    ];
    expect(flags(doc, { partners: one(), deals }, "2026-Q1")).toEqual([]);
  });

  it("watches the listed boundaries instead when given", () => {
    const listed = program({
      review: {
        threshold_clustering: { within: "0.10", share: "0.50", min_deals: 2, boundaries: ["10000"] },
      },
    });
    const deals = [deal("P-1", "9500.00", "2026-01-05"), deal("P-1", "9000.00", "2026-01-06")];
    expect(flags(listed, { partners: one(), deals }, "2026-Q1").map((f) => f.rule)).toEqual([
      "threshold_clustering",
    ]);
  });
});

describe("tier chasing", () => {
  const doc = program({
    tiers,
    review: { tier_chasing: { count_jump: "1.00", avg_drop: "0.30", min_deals: 3 } },
  });
  const q1 = () => [deal("P-1", "20000.00", "2026-01-05"), deal("P-1", "20000.00", "2026-02-05")];
  const q2 = (n: number, amount: string) =>
    Array.from({ length: n }, (_, i) => deal("P-1", amount, `2026-05-${String(10 + i).padStart(2, "0")}`));

  it("flags a jump in deal count with a falling average before the tier evaluation", () => {
    const data = { partners: one(), deals: [...q1(), ...q2(5, "8000.00")] };
    const [f] = flags(doc, data, "2026-Q2", true);
    expect(f?.rule).toBe("tier_chasing");
    expect(f?.reason).toBe(
      "5 won deals in 2026-Q2 against 2 the period before (+150.00%, above +100.00%) while the average deal " +
        "fell from 20000.00 USD to 8000.00 USD (−60.00%, beyond −30.00%); the tier evaluation at the end of " +
        "2026-Q2 kept Registered",
    );
  });

  it("does not flag a jump of exactly 100%, nor an average drop of exactly 30%", () => {
    expect(flags(doc, { partners: one(), deals: [...q1(), ...q2(4, "8000.00")] }, "2026-Q2")).toEqual([]);
    expect(flags(doc, { partners: one(), deals: [...q1(), ...q2(5, "14000.00")] }, "2026-Q2")).toEqual([]);
  });

  it("leaves a partner already holding the top tier alone", () => {
    const data = {
      partners: [partner("P-1", { initial_tier: "Gold" })],
      deals: [deal("P-1", "600000.00", "2026-01-05"), deal("P-1", "1.00", "2026-01-06"), ...q2(5, "8000.00")],
    };
    const top = program({ tiers: { ...tiers, grace: 4 }, review: doc.review });
    expect(flags(top, data, "2026-Q2", true)).toEqual([]);
  });
});

describe("duplicate deals", () => {
  const doc = program({ review: { duplicate_deals: {} } });
  const pair = (b: Partial<DataInput["deals"][number]>) => ({
    partners: one(["P-1", "P-2"]),
    deals: [
      deal("P-1", "50000", "2026-02-10", { id: "D-1", customer: "ACME Corp" }),
      deal("P-2", "50000.00", "2026-02-10", { id: "D-9", customer: " acme corp ", ...b }),
    ],
  });

  it("flags both partners when one customer, amount and close date appear under two partners", () => {
    const f = flags(doc, pair({}), "2026-Q1");
    expect(f.map((x) => [x.partner_id, x.deals])).toEqual([
      ["P-1", ["D-1"]],
      ["P-2", ["D-9"]],
    ]);
    expect(f[0]?.reason).toBe(
      "1 won deal in 2026-Q1 duplicates another partner's: D-1 (customer acme corp, USD 50000, closed 2026-02-10) is also D-9 of P-2",
    );
  });

  it("does not flag a different close date, amount, currency or customer, nor one partner's two deals", () => {
    expect(flags(doc, pair({ close_date: "2026-02-11" }), "2026-Q1")).toEqual([]);
    expect(flags(doc, pair({ amount: "50000.01" }), "2026-Q1")).toEqual([]);
    expect(flags(doc, { ...pair({ currency: "EUR" }), fx: { "2026-Q1": { EUR: "1" } } }, "2026-Q1")).toEqual(
      [],
    );
    expect(flags(doc, pair({ customer: "acme corporation" }), "2026-Q1")).toEqual([]);
    expect(flags(doc, pair({ partner_id: "P-1" }), "2026-Q1")).toEqual([]);
  });
});

describe("review flags overall", () => {
  const doc = program({
    tiers,
    review: {
      quarter_end_spike: { last_days: 14, share: "0.50" },
      early_cancellations: { within_days: 30, share: "0.25" },
      duplicate_deals: {},
    },
  });
  const data: DataInput = {
    partners: one(["P-2", "P-1"]),
    deals: [
      deal("P-2", "1000.00", "2026-03-25", { customer: "x" }),
      deal("P-2", "1000.00", "2026-03-26", { cancelled_on: "2026-03-27" }),
      deal("P-2", "1000.00", "2026-03-27"),
      deal("P-1", "1000.00", "2026-03-25", { customer: "x" }),
    ],
  };

  it("lists flags by partner, then in rule order, the same for shuffled input", () => {
    const a = flags(doc, data, "2026-Q1");
    expect(a.map((f) => `${f.partner_id} ${f.rule}`)).toEqual([
      "P-1 duplicate_deals",
      "P-2 quarter_end_spike",
      "P-2 early_cancellations",
      "P-2 duplicate_deals",
    ]);
    const shuffled = { ...data, partners: [...data.partners].reverse(), deals: [...data.deals].reverse() };
    expect(JSON.stringify(flags(doc, shuffled, "2026-Q1"))).toBe(JSON.stringify(a));
  });

  it("raises nothing without a review block", () => {
    expect(flags(program(), data, "2026-Q1")).toEqual([]);
  });
});

describe("review validation", () => {
  const codes = (doc: unknown) => {
    const r = parseProgram(doc);
    return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.code}`).sort();
  };

  it("names the path of every problem in the review and nudges blocks", () => {
    expect(
      codes(
        program({
          review: {
            quarter_end_spike: { last_days: 0, share: "1.5" },
            tier_chasing: { count_jump: "1", avg_drop: "0.3" },
            threshold_clustering: { within: "0.05", share: "0.5" },
            colour: "red",
          },
          nudges: { near_tier: "0.10" },
        }),
      ),
    ).toEqual(
      [
        "nudges: requires_tiers",
        "review.colour: unknown_key",
        "review.quarter_end_spike.last_days: too_small",
        "review.quarter_end_spike.share: invalid_value",
        "review.threshold_clustering.boundaries: required",
        "review.tier_chasing: requires_tiers",
      ].sort(),
    );
  });

  it("accepts a complete review and nudges block", () => {
    expect(
      codes(
        program({
          tiers,
          review: {
            quarter_end_spike: { last_days: 14, share: "0.6" },
            early_cancellations: { within_days: 30, share: "0.2", min_deals: 5 },
            threshold_clustering: { within: "0.05", share: "0.5" },
            tier_chasing: { count_jump: "1.00", avg_drop: "0.30" },
            duplicate_deals: {},
          },
          nudges: { near_tier: "0.10", tier_changes: true },
        }),
      ),
    ).toEqual([]);
  });
});
