// What an Incentive_Payout__c row (partner × period × component) says beyond its amount (issue
// #13): how the amount was formed from the ledger, its share of the period's holdback and how
// much of that is released, and the program version. Pure.
import { Dec } from "../../../money/index.ts";

/** One partner × period × component, summed from its ledger rows. */
export interface PayoutSummary {
  total: Dec;
  /** Σ per ledger kind: earned, multiplier, cap, clawback, adjustment (recomputed closed period), correction. */
  byKind: Map<string, Dec>;
  /** Rows of kind `earned` (one per deal line). */
  earnedRows: number;
  /** The newest program version among its rows. */
  version: number;
}

const ORDER = ["earned", "multiplier", "cap", "clawback", "adjustment", "correction"];
const LABEL: Record<string, string> = {
  earned: "earned",
  multiplier: "multipliers",
  cap: "cap",
  clawback: "clawbacks",
  adjustment: "later adjustments",
  correction: "corrections",
};

/**
 * `resale 2026-Q4: earned 4500.00 on 12 lines + multipliers 120.00 + clawbacks -200.00 =
 * 4420.00; held back 884.00 (its share of the period's holdback), released in 2027-Q2`.
 */
export function payoutExplanation(
  component: string,
  period: string,
  s: PayoutSummary,
  held: { amount: Dec; releasePeriod: string | null; released: boolean },
  digits: number,
): string {
  const parts: string[] = [];
  for (const kind of ORDER) {
    const v = s.byKind.get(kind);
    if (!v || v.isZero()) continue;
    const on =
      kind === "earned" && s.earnedRows > 0 ? ` on ${s.earnedRows} line${s.earnedRows === 1 ? "" : "s"}` : "";
    parts.push(`${LABEL[kind]} ${v.toFixed(digits)}${on}`);
  }
  let text = `${component} ${period}: ${parts.length > 0 ? parts.join(" + ") : "nothing"} = ${s.total.toFixed(digits)}`;
  if (held.amount.greaterThan(0)) {
    const when = held.releasePeriod
      ? held.released
        ? `, released in ${held.releasePeriod}`
        : ` until ${held.releasePeriod}`
      : "";
    text += `; held back ${held.amount.toFixed(digits)} (its share of the period's holdback)${when}`;
  }
  return text;
}

/**
 * Splits `amount` over the positive weights in proportion, exactly to the currency's minor unit:
 * each share rounded down, the remaining units to the largest remainders (ties by name). A
 * period's holdback is one figure on the statement; its component rows each show their share.
 */
export function allocate(amount: Dec, weights: Map<string, Dec>, digits: number): Map<string, Dec> {
  const out = new Map<string, Dec>();
  const positive = [...weights].filter(([, w]) => w.greaterThan(0));
  const sum = positive.reduce((a, [, w]) => a.plus(w), new Dec(0));
  if (sum.isZero() || amount.isZero()) return out;
  const unit = new Dec(10).pow(-digits);
  const units = amount.dividedBy(unit);
  let given = new Dec(0);
  const rest: Array<{ name: string; frac: Dec }> = [];
  for (const [name, w] of positive) {
    const exact = units.times(w).dividedBy(sum);
    const floor = exact.floor();
    out.set(name, floor);
    given = given.plus(floor);
    rest.push({ name, frac: exact.minus(floor) });
  }
  rest.sort((a, b) => b.frac.comparedTo(a.frac) || (a.name < b.name ? -1 : 1));
  for (let left = units.minus(given).toNumber(), i = 0; left > 0; left--, i++) {
    const r = rest[i % rest.length]!;
    out.set(r.name, out.get(r.name)!.plus(1));
  }
  for (const [name, u] of out) out.set(name, u.times(unit));
  return out;
}
