// One rule for "more decimals than the currency has" (money/ tooManyDecimals): a program's amounts
// and a ledger correction decide alike. JPY 100.0 is 100 yen (trailing zeros round nothing) and is
// accepted by both; JPY 100.5 would be rounded and is refused by both.
import { describe, expect, it } from "vitest";
import { tooManyDecimals } from "../../../money/index.ts";
import { moneyScaleProblems } from "../../../src/engine/money-scale-rules.ts";
import { correctIn } from "../../../src/payouts/corrections.ts";
import type { Store } from "../../../src/store/index.ts";

describe("tooManyDecimals", () => {
  it("counts the decimals of the number, not of the text, against the currency's minor unit", () => {
    expect(tooManyDecimals("100.0", "JPY")).toBeNull();
    expect(tooManyDecimals("100", "JPY")).toBeNull();
    expect(tooManyDecimals("100.5", "JPY")).toEqual({ places: 1, digits: 0 });
    expect(tooManyDecimals("12.500", "USD")).toBeNull();
    expect(tooManyDecimals("12.505", "USD")).toEqual({ places: 3, digits: 2 });
    expect(tooManyDecimals("1.2345", "KWD")).toEqual({ places: 4, digits: 3 });
  });
});

/** Whether a program in `currency` accepts `amount` as a SPIF amount. */
const programAccepts = (amount: string, currency: string) =>
  moneyScaleProblems({ currency, components: [{ type: "spif", amount }] }).length === 0;

/**
 * Whether a correction of `amount` on a statement posted in `currency` passes the amount checks:
 * the store's posting is reached (it stops there; the rest of a correction is not the point).
 */
async function correctionAccepts(amount: string, currency: string) {
  const posted: string[] = [];
  const tx = {
    ledger: { statement: async () => ({ currency }) },
    correct: async (input: { amount: string }) => {
      posted.push(input.amount);
      return { ok: false, error: { code: "stopped_here", message: "stopped here" } };
    },
  } as unknown as Store;
  const outcome = await correctIn(tx, {
    partner: "P-1",
    period: "2026-Q1",
    amount,
    reason: "test",
    actor: "ops",
  });
  return { accepted: outcome.ok === false && outcome.code === "stopped_here", posted, outcome };
}

describe("program amounts and corrections agree", () => {
  it("JPY 100.0: accepted by both, posted as 100", async () => {
    expect(programAccepts("100.0", "JPY")).toBe(true);
    const c = await correctionAccepts("100.0", "JPY");
    expect(c.accepted).toBe(true);
    expect(c.posted).toEqual(["100"]);
  });

  it("JPY 100.5: refused by both", async () => {
    expect(programAccepts("100.5", "JPY")).toBe(false);
    const c = await correctionAccepts("100.5", "JPY");
    expect(c.accepted).toBe(false);
    expect(c.outcome).toEqual({
      ok: false,
      code: "invalid_amount",
      message: "amount '100.5' has more decimals than JPY allows (0)",
    });
  });
});
