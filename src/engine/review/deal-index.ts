// The won deals the review rules look at, indexed once per data set: by period and partner
// (close date, then id order), amounts converted to the program currency with the period's fx
// rate exactly as the engine converts them, plus the duplicate groups across partners.

import { Dec } from "../../../money/index.ts";
import {
  dayNumber,
  type Granularity,
  parsePeriodLabel,
  periodLabel,
  periodOfDate,
} from "../../period/index.ts";
import type { Data } from "../data-schema.ts";
import { fail, ok, type Problem, type Result } from "../result.ts";

export interface ReviewDeal {
  id: string;
  partner: string;
  close: string;
  /** Days since 1970-01-01 of the close date. */
  closeDay: number;
  /** In the program currency, unrounded. */
  amount: Dec;
  /** As the CRM holds it: currency and decimal string. */
  currency: string;
  rawAmount: string;
  cancelled: string | null;
  customer: string | null;
}

export interface ReviewIndex {
  granularity: Granularity;
  currency: string;
  /** period label → partner id → won deals closed in it, in (close, id) order. */
  byPeriod: Map<string, Map<string, ReviewDeal[]>>;
  /** deal id → the deals of other partners with the same customer, currency, amount and close date. */
  duplicates: Map<string, ReviewDeal[]>;
}

const byCloseThenId = (a: ReviewDeal, b: ReviewDeal) =>
  a.close < b.close ? -1 : a.close > b.close ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Customers compare without case or surrounding blanks: "Acme Corp " and "acme corp" are one. */
export function customerKey(customer: string): string {
  return customer.trim().toLowerCase();
}

export function indexDeals(data: Data, granularity: Granularity, currency: string): Result<ReviewIndex> {
  const fx = new Map<number, Record<string, string>>();
  for (const [label, rates] of Object.entries(data.fx ?? {})) {
    const p = parsePeriodLabel(label);
    if (p && p.granularity === granularity) fx.set(p.index, rates);
  }
  const problems: Problem[] = [];
  const byPeriod = new Map<string, Map<string, ReviewDeal[]>>();
  const groups = new Map<string, ReviewDeal[]>();
  data.deals.forEach((d, i) => {
    if (d.stage !== "won") return;
    const k = periodOfDate(d.close_date, granularity);
    let amount = new Dec(d.amount);
    if (d.currency !== currency) {
      const rate = fx.get(k)?.[d.currency];
      if (rate === undefined) {
        problems.push({
          path: `deals[${i}].currency`,
          message: `no fx rate for ${d.currency} in ${periodLabel(k, granularity)}`,
          code: "missing_fx",
        });
        return;
      }
      amount = amount.times(rate);
    }
    const deal: ReviewDeal = {
      id: d.id,
      partner: d.partner_id,
      close: d.close_date,
      closeDay: dayNumber(d.close_date),
      amount,
      currency: d.currency,
      rawAmount: d.amount,
      cancelled: d.cancelled_on ?? null,
      customer: d.customer ?? null,
    };
    const label = periodLabel(k, granularity);
    const partners = byPeriod.get(label) ?? new Map<string, ReviewDeal[]>();
    byPeriod.set(label, partners);
    const list = partners.get(d.partner_id) ?? [];
    list.push(deal);
    partners.set(d.partner_id, list);
    if (deal.customer !== null) {
      const key = `${customerKey(deal.customer)}\u0000${d.currency}\u0000${new Dec(d.amount).toFixed()}\u0000${d.close_date}`;
      const g = groups.get(key) ?? [];
      g.push(deal);
      groups.set(key, g);
    }
  });
  if (problems.length > 0) return fail(problems);
  for (const partners of byPeriod.values()) for (const list of partners.values()) list.sort(byCloseThenId);
  const duplicates = new Map<string, ReviewDeal[]>();
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    for (const d of g) {
      const others = g.filter((o) => o.partner !== d.partner).sort(byCloseThenId);
      if (others.length > 0) duplicates.set(d.id, others);
    }
  }
  return ok({ granularity, currency, byPeriod, duplicates });
}
