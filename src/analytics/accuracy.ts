// Payout accuracy (issue #17): how much of a period's payouts had to be corrected. Adjustments
// are the ledger rows posted in the period that change an earlier, closed period (recomputed)
// or record a person's correction; clawbacks are the period's clawback lines. Both are reported
// as magnitudes (Σ |amount|) and as a share of the period's payouts (Σ payable). Holds and
// disputes come from the payout lifecycle (docs/payouts.md).
import { Dec } from "../../money/index.ts";
import { type Figure, figure, moneyText, percent } from "./figures.ts";
import type { AnalyticsAdjustment, AnalyticsDispute, AnalyticsStatement } from "./input.ts";

export interface PayoutAccuracy {
  payouts: Figure;
  adjustments: Figure & { net: string; share: string | null };
  corrections: Figure & { net: string; share: string | null };
  clawbacks: Figure & { share: string | null };
  held: Figure;
  disputes: Figure & { open: number };
}

export function payoutAccuracy(
  statements: readonly AnalyticsStatement[],
  adjustments: readonly AnalyticsAdjustment[],
  held: readonly string[],
  disputes: readonly AnalyticsDispute[],
  currency: string,
): PayoutAccuracy {
  const paying = statements.filter((s) => !new Dec(s.payable).isZero());
  const payouts = paying.reduce((a, s) => a.plus(s.payable), new Dec(0));
  const rows = (list: readonly AnalyticsAdjustment[]) => {
    const abs = list.reduce((a, r) => a.plus(new Dec(r.amount).abs()), new Dec(0));
    const net = list.reduce((a, r) => a.plus(r.amount), new Dec(0));
    return {
      ...figure(
        moneyText(abs, currency),
        list.map((r) => r.partner),
        list.flatMap((r) => (r.deal ? [r.deal] : [])),
      ),
      net: moneyText(net, currency),
      share: percent(abs, payouts),
    };
  };
  const claws = statements.flatMap((s) =>
    s.lines
      .filter((l) => l.kind === "clawback" && !l.forfeited)
      .map((l) => ({ partner: s.partner_id, line: l })),
  );
  const clawed = claws.reduce((a, c) => a.plus(new Dec(c.line.amount).abs()), new Dec(0));
  return {
    payouts: figure(
      moneyText(payouts, currency),
      paying.map((s) => s.partner_id),
    ),
    adjustments: rows(adjustments.filter((r) => r.adjustsKind !== "correction")),
    corrections: rows(adjustments.filter((r) => r.adjustsKind === "correction")),
    clawbacks: {
      ...figure(
        moneyText(clawed, currency),
        claws.map((c) => c.partner),
        claws.flatMap((c) => (c.line.deal_id ? [c.line.deal_id] : [])),
      ),
      share: percent(clawed, payouts),
    },
    held: figure(String(new Set(held).size), held),
    disputes: {
      ...figure(
        String(disputes.length),
        disputes.map((d) => d.partner),
        disputes.flatMap((d) => (d.deal ? [d.deal] : [])),
      ),
      open: disputes.filter((d) => d.status === "open").length,
    },
  };
}
