// Activation (issue #17): a partner counts as truly active only after its second sale. Per
// partner: the dates of its first and second sale and the days from signing to each; per
// program: the funnel registered → first sale → active, and who activated in the period.
import { dayNumber, periodOfDate } from "../period/index.ts";
import { type Figure, figure } from "./figures.ts";
import type { AnalyticsDeal, AnalyticsPartner } from "./input.ts";
import { byPartner, isSale, type PeriodIndex } from "./revenue.ts";

export interface PartnerActivation {
  firstSaleOn: string | null;
  secondSaleOn: string | null;
  firstSaleDeal: string | null;
  secondSaleDeal: string | null;
  activated: boolean;
  /** Days from signing to the sale; null without a signing date or a sale (may be negative). */
  daysToFirstSale: number | null;
  daysToSecondSale: number | null;
}

export interface ActivationFunnel {
  registered: Figure;
  firstSale: Figure;
  active: Figure;
  /** Partners whose second sale closed in the period analysed. */
  newlyActivated: Figure;
}

const days = (from: string | null, to: string | null): number | null =>
  from === null || to === null ? null : dayNumber(to) - dayNumber(from);

/** Sales in date order, then deal id (two sales on one day: the lower id is the first). */
const bySaleOrder = (a: AnalyticsDeal, b: AnalyticsDeal) =>
  a.closeDate < b.closeDate ? -1 : a.closeDate > b.closeDate ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

export function partnerActivation(
  partners: readonly AnalyticsPartner[],
  deals: readonly AnalyticsDeal[],
  at: PeriodIndex,
): Map<string, PartnerActivation> {
  const sales = byPartner(deals.filter((d) => isSale(d, at.asOf)));
  const out = new Map<string, PartnerActivation>();
  for (const p of partners) {
    const [first, second] = (sales.get(p.id) ?? []).sort(bySaleOrder);
    out.set(p.id, {
      firstSaleOn: first?.closeDate ?? null,
      secondSaleOn: second?.closeDate ?? null,
      firstSaleDeal: first?.id ?? null,
      secondSaleDeal: second?.id ?? null,
      activated: second !== undefined,
      daysToFirstSale: days(p.signedOn, first?.closeDate ?? null),
      daysToSecondSale: days(p.signedOn, second?.closeDate ?? null),
    });
  }
  return out;
}

export function activationFunnel(
  activation: Map<string, PartnerActivation>,
  at: PeriodIndex,
): ActivationFunnel {
  const all = [...activation.entries()];
  const withFirst = all.filter(([, a]) => a.firstSaleDeal !== null);
  const active = all.filter(([, a]) => a.activated);
  const newly = active.filter(
    ([, a]) => a.secondSaleOn !== null && periodOfDate(a.secondSaleOn, at.granularity) === at.index,
  );
  return {
    registered: figure(
      String(all.length),
      all.map(([id]) => id),
    ),
    firstSale: figure(
      String(withFirst.length),
      withFirst.map(([id]) => id),
      withFirst.map(([, a]) => a.firstSaleDeal!),
    ),
    active: figure(
      String(active.length),
      active.map(([id]) => id),
      active.flatMap(([, a]) => [a.firstSaleDeal!, a.secondSaleDeal!]),
    ),
    newlyActivated: figure(
      String(newly.length),
      newly.map(([id]) => id),
      newly.map(([, a]) => a.secondSaleDeal!),
    ),
  };
}
