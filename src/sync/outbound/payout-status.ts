// Incentive_Payout__c.Status__c for one partner × period × component row (issue #13). Pure.
//
// Precedence, first that applies (docs/payouts.md):
//   1. the payout lifecycle (issue #16): Held for Review, Approved, Exported, Paid, Disputed —
//      what someone did to the partner-period outranks what the figures say;
//   2. Clawed Back: every ledger row in it is a clawback (a row that only takes money back);
//      clawbacks are owed even in an ineligible period (the engine never forfeits them);
//   3. Forfeited: the partner was not eligible in the period (its lines earned nothing);
//   4. Payable once the period has ended, Accrued while it runs.
import type { PayoutSummary } from "./payout-explanation.ts";

/** Payout lifecycle states (sync/lifecycle.ts) as Status__c values; `computed` has none of its own. */
const LIFECYCLE_STATUS: Record<string, string | null> = {
  computed: null,
  held: "Held for Review",
  approved: "Approved",
  exported: "Exported",
  paid: "Paid",
  disputed: "Disputed",
};

export interface PayoutStatusFacts {
  /** The partner-period's lifecycle state, if any (held, approved, exported, paid, disputed, computed). */
  lifecycle: string | null;
  /** The partner was not eligible in the row's period. */
  ineligible: boolean;
  /** The row's period has ended (before the current one). */
  ended: boolean;
}

/** True when the row holds clawbacks and nothing else (kinds summing to zero count as absent). */
export function onlyClawbacks(summary: Pick<PayoutSummary, "byKind">): boolean {
  let clawback = false;
  for (const [kind, amount] of summary.byKind) {
    if (amount.isZero()) continue;
    if (kind !== "clawback") return false;
    clawback = true;
  }
  return clawback;
}

export function payoutStatus(summary: Pick<PayoutSummary, "byKind">, facts: PayoutStatusFacts): string {
  const lifecycle = facts.lifecycle ? (LIFECYCLE_STATUS[facts.lifecycle] ?? null) : null;
  if (lifecycle) return lifecycle;
  if (onlyClawbacks(summary)) return "Clawed Back";
  if (facts.ineligible) return "Forfeited";
  return facts.ended ? "Payable" : "Accrued";
}
