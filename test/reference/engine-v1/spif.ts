// SPIF budgets (spec §3 "spif"): one pool per SPIF over the whole program, taken by all
// partners' matching deals in deal order while it lasts. A budget cap as its own function.
import type { CSpif, PDeal } from "./compile.ts";
import { type Dec, money, ZERO } from "./money.ts";

export interface SpifOutcome {
  amount: Dec;
  explanation: string;
}

export interface SpifPool {
  /** What is left of the budget; null when the SPIF has none. */
  left: Dec | null;
  /** Taken so far, per partner index (for max_per_partner). */
  used: Dec[];
}

/**
 * Allocates the SPIF over evaluation indices s..e (one period, in deal order; byDate maps them to deals). `blocked(p)` is the
 * explanation when a partner takes nothing (not eligible, gate not met), or null. Returns each matching deal's
 * outcome by deal order; the pool is updated in place.
 */
export function allocateSpif(
  c: CSpif,
  deals: PDeal[],
  byDate: Int32Array,
  s: number,
  e: number,
  blocked: (partner: number) => string | null,
  pool: SpifPool,
  digits: number,
): Map<number, SpifOutcome> {
  const outcomes = new Map<number, SpifOutcome>();
  const used = pool.used;
  for (let i = s; i < e; i++) {
    const d = deals[byDate[i]!]!;
    if (!c.match(d)) continue;
    const p = d.partner;
    const why = blocked(p);
    const left = pool.left;
    let explanation: string;
    let amount = ZERO;
    if (why !== null) explanation = why;
    else if (c.max !== null && used[p]!.plus(c.amount).greaterThan(c.max))
      explanation = `max per partner reached (${money(used[p]!, digits)} of ${c.maxText} already earned)`;
    else if (left?.lessThan(c.amount))
      explanation = `budget exhausted (remaining ${money(left, digits)} < ${c.amountText})`;
    else {
      amount = c.amount;
      used[p] = used[p]!.plus(c.amount);
      if (left !== null) {
        pool.left = left.minus(c.amount);
        explanation = `SPIF ${c.amountText} (budget remaining ${money(pool.left, digits)})`;
      } else explanation = `SPIF ${c.amountText}`;
    }
    outcomes.set(d.order, { amount, explanation });
  }
  return outcomes;
}
