// What an Incentive_Payout__c row says beyond its amount: how it was formed and its holdback share.
import { describe, expect, it } from "vitest";
import { Dec } from "../../../money/index.ts";
import { allocate, payoutExplanation } from "../../../src/sync/outbound/payout-explanation.ts";

const m = (o: Record<string, string>) => new Map(Object.entries(o).map(([k, v]) => [k, new Dec(v)]));

describe("allocate", () => {
  it("splits exactly to the cent, the leftover cents to the largest remainders", () => {
    const out = allocate(new Dec("100.00"), m({ a: "1", b: "1", c: "1" }), 2);
    expect([...out].map(([k, v]) => [k, v.toFixed(2)])).toEqual([
      ["a", "33.34"],
      ["b", "33.33"],
      ["c", "33.33"],
    ]);
  });

  it("gives nothing to components that earned nothing or lost (a cap row)", () => {
    const out = allocate(new Dec("20.00"), m({ resale: "120.00", cap: "-20.00", spif: "0" }), 2);
    expect([...out].map(([k, v]) => [k, v.toFixed(2)])).toEqual([["resale", "20.00"]]);
  });

  it("keeps zero-decimal currencies whole", () => {
    const out = allocate(new Dec("1000"), m({ a: "2", b: "1" }), 0);
    expect([...out.values()].map((v) => v.toFixed(0))).toEqual(["667", "333"]);
  });
});

describe("payoutExplanation", () => {
  const summary = {
    total: new Dec("4420.00"),
    byKind: m({ earned: "4500.00", multiplier: "120.00", clawback: "-200.00" }),
    earnedRows: 12,
    version: 3,
  };

  it("says how the total was formed and the holdback share with its release period", () => {
    expect(
      payoutExplanation(
        "resale",
        "2026-Q4",
        summary,
        { amount: new Dec("884.00"), releasePeriod: "2027-Q2", released: false },
        2,
      ),
    ).toBe(
      "resale 2026-Q4: earned 4500.00 on 12 lines + multipliers 120.00 + clawbacks -200.00 = 4420.00; held back 884.00 (its share of the period's holdback) until 2027-Q2",
    );
    expect(
      payoutExplanation(
        "resale",
        "2026-Q2",
        summary,
        { amount: new Dec("884.00"), releasePeriod: "2026-Q4", released: true },
        2,
      ),
    ).toMatch(/, released in 2026-Q4$/);
  });

  it("names adjustments and corrections apart, and says nothing of a holdback there is not", () => {
    const s = {
      total: new Dec("35.50"),
      byKind: m({ adjustment: "10.00", correction: "25.50" }),
      earnedRows: 0,
      version: 1,
    };
    expect(
      payoutExplanation(
        "spif",
        "2026-Q1",
        s,
        { amount: new Dec(0), releasePeriod: null, released: false },
        2,
      ),
    ).toBe("spif 2026-Q1: later adjustments 10.00 + corrections 25.50 = 35.50");
  });
});
