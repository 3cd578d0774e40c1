// Accrual funds (spec §3 "accrual"): lots per accrual period, drawn oldest first by claims,
// expiring after their last drawable period.

import { Dec, money, ZERO } from "../../money/index.ts";
import type { Claim } from "./data-schema.ts";
import type { ClaimOutcome } from "./statement.ts";

export interface Lot {
  made: number;
  /** Last period the lot can be drawn in (Infinity: never expires). */
  lastPeriod: number;
  remaining: Dec;
}

export interface FundBook {
  /** Per fund index, lots in the order they were made. */
  lots: Lot[][];
}

export function newFundBook(funds: number): FundBook {
  return { lots: Array.from({ length: funds }, () => []) };
}

export function accrue(
  book: FundBook,
  fund: number,
  made: number,
  expiresAfter: number | null,
  amount: Dec,
): void {
  if (!amount.greaterThan(0)) return;
  const lastPeriod = expiresAfter === null ? Number.POSITIVE_INFINITY : made + expiresAfter - 1;
  const lots = book.lots[fund]!;
  const last = lots[lots.length - 1];
  // Same period and same expiry: one lot, since their order of drawing is the same anyway.
  if (last && last.made === made && last.lastPeriod === lastPeriod)
    last.remaining = last.remaining.plus(amount);
  else lots.push({ made, lastPeriod, remaining: amount });
}

function balance(lots: Lot[]): Dec {
  let sum = ZERO;
  for (const l of lots) sum = sum.plus(l.remaining);
  return sum;
}

/** Approves each claim up to the fund's balance, drawing oldest lots first. */
export function drawClaims(book: FundBook, funds: string[], claims: Claim[], digits: number): ClaimOutcome[] {
  const out: ClaimOutcome[] = [];
  for (const c of claims) {
    const f = funds.indexOf(c.fund);
    const requested = c.amount;
    if (f < 0) {
      out.push({
        id: c.id,
        fund: c.fund,
        approved: money(ZERO, digits),
        rejected: money(new Dec(requested), digits),
      });
      continue;
    }
    let left = new Dec(requested);
    const lots = book.lots[f]!;
    for (const lot of lots) {
      if (left.isZero()) break;
      if (lot.remaining.isZero()) continue;
      const take = lot.remaining.lessThan(left) ? lot.remaining : left;
      lot.remaining = lot.remaining.minus(take);
      left = left.minus(take);
    }
    const total = new Dec(requested);
    out.push({
      id: c.id,
      fund: c.fund,
      approved: money(total.minus(left), digits),
      rejected: money(left, digits),
    });
  }
  return out;
}

/** Drops what expires at the end of `period`; returns each fund's balance after expiry. */
export function closeFunds(
  book: FundBook,
  funds: string[],
  period: number,
  digits: number,
): Record<string, string> {
  const out: Record<string, string> = {};
  funds.forEach((name, f) => {
    const kept = book.lots[f]!.filter((l) => l.lastPeriod > period && l.remaining.greaterThan(0));
    book.lots[f] = kept;
    out[name] = money(balance(kept), digits);
  });
  return out;
}
