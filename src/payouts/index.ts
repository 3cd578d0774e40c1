// Payout operations (issue #16): the one surface the CLI, the admin API and the sync use.
import { Dec, minorDigits } from "../../money/index.ts";
import type { Dispute, LedgerView, PayoutEvent, Store } from "../store/index.ts";
import { type PayoutRow, periodPayouts } from "./overview.ts";
import { type Selection, selects } from "./select.ts";

export { type ActionReport, type Actor, applyAction, describeAction } from "./actions.ts";
export { type CorrectionOutcome, type CorrectionRequest, correctPayout } from "./corrections.ts";
export {
  type DisputeOutcome,
  type OpenDispute,
  openDispute,
  type ResolveDispute,
  resolveDispute,
} from "./disputes.ts";
export { EXPORT_COLUMNS, type ExportOutcome, exportPeriod } from "./export.ts";
export { type MarkPaidOutcome, markPaid } from "./mark-paid.ts";
export { approvalRef, DISPLAY_STATES, type DisplayState, type PayoutRow } from "./overview.ts";
export { type Selection, selectionSchema } from "./select.ts";
export type { ManualAction } from "./state.ts";

export interface PayoutListing {
  period: string;
  rows: PayoutRow[];
  /** Per shown state: how many and Σ outstanding (decimal strings). */
  totals: Record<string, { count: number; outstanding: string }>;
}

export async function listPayouts(store: Store, sel: Selection): Promise<PayoutListing> {
  const disputes = await store.disputes.openCounts(sel.period);
  const { rows } = await periodPayouts(store.payoutEvents, disputes, sel.period, sel.partners);
  const picked = rows.filter((r) => selects(sel, r));
  const totals: PayoutListing["totals"] = {};
  const sums = new Map<string, { count: number; sum: Dec }>();
  for (const r of picked) {
    const t = sums.get(r.display) ?? { count: 0, sum: new Dec(0) };
    t.count++;
    t.sum = t.sum.plus(r.outstanding);
    sums.set(r.display, t);
  }
  const digits = minorDigits(picked[0]?.currency ?? "");
  for (const [state, t] of sums) totals[state] = { count: t.count, outstanding: t.sum.toFixed(digits) };
  return { period: sel.period, rows: picked, totals };
}

export interface PayoutDetail {
  payout: PayoutRow;
  events: PayoutEvent[];
  disputes: Dispute[];
  ledger: LedgerView;
}

/** One partner-period's payout as channel ops see it, and its disputes (without its ledger rows). */
export async function payoutOf(
  store: Store,
  partner: string,
  period: string,
): Promise<{ payout: PayoutRow; disputes: Dispute[] }> {
  const disputes = await store.disputes.list({ partner, period });
  const open = new Map([[partner, disputes.filter((d) => d.status === "open").length]]);
  const { rows } = await periodPayouts(store.payoutEvents, open, period, [partner], true);
  return { payout: rows[0]!, disputes };
}

/** One partner-period: its state, every lifecycle event, its disputes and its ledger rows. */
export async function showPayout(
  store: Store,
  partner: string,
  period: string,
): Promise<PayoutDetail | null> {
  const { payout, disputes } = await payoutOf(store, partner, period);
  const ledger = await store.ledger.view(partner, period);
  const events = await store.payoutEvents.list({ period, partner });
  if (events.length === 0 && ledger.entries.length === 0 && ledger.figures === null) return null;
  return { payout, events, disputes, ledger };
}
