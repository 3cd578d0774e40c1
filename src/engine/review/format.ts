// How reasons print figures: amounts with the currency's minor digits, shares as percentages
// with two decimals, deal lists capped so a reason stays one readable sentence.
import { type Dec, HUNDRED, money, two } from "../../../money/index.ts";

export const pct = (share: Dec): string => `${two(share.times(HUNDRED))}%`;

export const amount = (value: Dec, digits: number, currency: string): string =>
  `${money(value, digits)} ${currency}`;

export function dealList(ids: readonly string[], max = 10): string {
  return ids.length <= max ? ids.join(", ") : `${ids.slice(0, max).join(", ")} and ${ids.length - max} more`;
}

/** The ISO date of a day number (days since 1970-01-01): pure arithmetic on a UTC instant. */
export function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
