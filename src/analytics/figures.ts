// How every analytics figure is reported: an exact decimal string plus the ids of the partners
// and deals behind it, so any number can be drilled to the records that make it up.
import { Dec, minorDigits } from "../../money/index.ts";

export interface Figure {
  /** Decimal string (money with the currency's minor digits; counts as integers). */
  value: string;
  partners: string[];
  deals: string[];
}

/** Ratios and shares: 2 decimals, half away from zero (the one rounding, at the end). */
export const RATIO_DIGITS = 2;

export const sortedIds = (ids: Iterable<string>): string[] => [...new Set(ids)].sort();

export function figure(value: string, partners: Iterable<string> = [], deals: Iterable<string> = []): Figure {
  return { value, partners: sortedIds(partners), deals: sortedIds(deals) };
}

export const moneyText = (d: Dec, currency: string): string =>
  d.toFixed(minorDigits(currency), Dec.ROUND_HALF_UP);

/** A running money total with the partners and deals behind it (becomes a Figure at the end). */
export interface Tally {
  amount: Dec;
  partners: Set<string>;
  deals: Set<string>;
}
export const tally = (): Tally => ({ amount: new Dec(0), partners: new Set(), deals: new Set() });

/**
 * Adds `amount` for `partner` (and `deal`). A zero amount is skipped unless `keepZero`: a fund
 * partner with nothing expired is not "behind" the figure, while a cost line of 0 still is.
 */
export function count(
  t: Tally,
  amount: Dec | string,
  partner: string,
  deal?: string | null,
  keepZero = false,
): void {
  const a = new Dec(amount);
  if (a.isZero() && !keepZero) return;
  t.amount = t.amount.plus(a);
  t.partners.add(partner);
  if (deal) t.deals.add(deal);
}

export const tallyFigure = (t: Tally, currency: string): Figure =>
  figure(moneyText(t.amount, currency), t.partners, t.deals);

/** num ÷ den × 100 as a percent string; null when den is zero (a share of nothing is undefined). */
export function percent(num: Dec, den: Dec): string | null {
  if (den.isZero()) return null;
  return num.times(100).dividedBy(den).toFixed(RATIO_DIGITS, Dec.ROUND_HALF_UP);
}

/** num ÷ den; null when den is zero. */
export function ratio(num: Dec, den: Dec): string | null {
  if (den.isZero()) return null;
  return num.dividedBy(den).toFixed(RATIO_DIGITS, Dec.ROUND_HALF_UP);
}

export const sum = (values: Iterable<Dec | string>): Dec => {
  let s = new Dec(0);
  for (const v of values) s = s.plus(v);
  return s;
};
