import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { desiredEntries, parseKey } from "../../../src/store/ledger/mapping.ts";
import type { PartnerStatement } from "../../../src/store/ledger/statement.ts";

function p(overrides: Partial<PartnerStatement>, lines: PartnerStatement["lines"]): PartnerStatement {
  return {
    partner_id: "P",
    earned: "0.00",
    held_back: "0.00",
    released: "0.00",
    clawed_back: "0.00",
    carry_forward: "0.00",
    payable: "0.00",
    lines,
    ...overrides,
  };
}

const line = (
  component: string,
  kind: string,
  deal_id: string | null,
  amount: string,
  forfeited?: boolean,
) => ({
  component,
  kind,
  deal_id,
  amount,
  ...(forfeited ? { forfeited } : {}),
});

function total(m: Map<string, Decimal>): string {
  return [...m.values()].reduce((a, b) => a.plus(b), new Decimal(0)).toFixed(2);
}

describe("statement → ledger mapping", () => {
  it("component lines are earned; multiplier, cap and clawback keep their kind; accruals are skipped", () => {
    const m = desiredEntries(
      p({ earned: "950.00", held_back: "190.00", clawed_back: "-100.00", payable: "760.00" }, [
        line("resale", "rate", "D-1", "1000.00"),
        line("quality", "multiplier", "D-1", "150.00"),
        line("cap", "cap", null, "-100.00"),
        line("resale", "clawback", "D-0", "-100.00"),
        line("coop", "accrual", "D-1", "20.00"),
      ]),
    );
    const kinds = [...m.keys()].map((k) => parseKey(k).kind).sort();
    expect(kinds).toEqual(["cap", "clawback", "earned", "holdback", "multiplier"]);
    expect(total(m)).toBe("760.00");
  });

  it("lines with the same key are summed; zero totals produce no row", () => {
    const m = desiredEntries(
      p({ earned: "0.00" }, [
        line("resale", "rate", "D-1", "10.00"),
        line("resale", "rate", "D-1", "-10.00"),
      ]),
    );
    expect(m.size).toBe(0);
  });

  it("carry-in and carry-forward make the rows sum to payable", () => {
    // Earned 500, held 100, released 50, carried in −600: x = −150 → payable 0, carry_forward −150.
    const m = desiredEntries(
      p(
        {
          earned: "500.00",
          held_back: "100.00",
          released: "50.00",
          carry_forward: "-150.00",
          payable: "0.00",
        },
        [line("resale", "rate", "D-1", "500.00")],
      ),
    );
    const byKind = Object.fromEntries([...m].map(([k, v]) => [parseKey(k).kind, v.toFixed(2)]));
    expect(byKind).toEqual({
      earned: "500.00",
      holdback: "-100.00",
      release: "50.00",
      carry_in: "-600.00",
      carry_forward: "150.00",
    });
    expect(total(m)).toBe("0.00");
  });

  it("forfeited lines are not posted and not counted", () => {
    const m = desiredEntries(p({ earned: "0.00" }, [line("resale", "rate", "D-1", "100.00", true)]));
    expect(m.size).toBe(0);
  });

  it("rejects statements whose figures do not follow from their lines", () => {
    expect(() => desiredEntries(p({ earned: "1.00" }, []))).toThrow(/earned is 1.00/);
    expect(() =>
      desiredEntries(p({ earned: "1.00", payable: "5.00" }, [line("x", "rate", "D", "1.00")])),
    ).toThrow(/carry-in/);
    expect(() => desiredEntries(p({}, [line("x", "bonus", "D", "0.00")]))).toThrow(/unknown line kind/);
  });

  it("sums exactly beyond decimal.js's default 20 significant digits", () => {
    const m = desiredEntries(
      p({ earned: "123456789012345678901.23", held_back: "0.00", payable: "123456789012345678901.23" }, [
        line("resale", "rate", "D-1", "123456789012345678900.00"),
        line("resale", "rate", "D-2", "1.23"),
      ]),
    );
    expect(m.size).toBe(2);
  });
});
