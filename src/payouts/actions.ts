// Approve, hold or release payouts of one period — one partner, a filtered set, or the whole
// period — as one transaction under the period's lock. Every change is an event with who and
// why; a payout the action does not apply to is reported with the reason, never failed silently.
import type { PayoutEventInput, Store } from "../store/index.ts";
import { type PayoutRow, periodPayouts } from "./overview.ts";
import { type Selection, selects } from "./select.ts";
import { type ManualAction, manualMove, outstanding } from "./state.ts";

export interface Actor {
  actor: string;
  reason: string;
}

export interface ActionReport {
  action: ManualAction;
  period: string;
  changed: Array<{ partner: string; from: string; to: string; amount: string | null }>;
  skipped: Array<{ partner: string; code: string; message: string }>;
}

const VERB: Record<ManualAction, string> = { hold: "held", release: "released", approve: "approved" };

export async function applyAction(
  store: Store,
  action: ManualAction,
  sel: Selection,
  who: Actor,
): Promise<ActionReport> {
  return store.inPeriod(sel.period, async (tx) => {
    const disputes = await tx.disputes.openCounts(sel.period);
    const { rows, folds } = await periodPayouts(tx.payoutEvents, disputes, sel.period, sel.partners);
    const report: ActionReport = { action, period: sel.period, changed: [], skipped: [] };
    const events: PayoutEventInput[] = [];
    for (const row of rows) {
      if (!selects(sel, row)) continue;
      const f = folds.get(row.partner)!;
      const owed = outstanding(f, row.due);
      const move = manualMove(f, action, owed, row.openDisputes);
      if (!move.ok) {
        report.skipped.push({ partner: row.partner, code: move.code, message: move.message });
        continue;
      }
      const amount = action === "approve" ? row.outstanding : null;
      events.push({
        period: sel.period,
        partner: row.partner,
        action,
        state: move.state,
        amount,
        currency: row.currency,
        actor: who.actor,
        reason:
          action === "approve" && f.state === "held" ? `${who.reason} (the hold is released)` : who.reason,
        reference: null,
        batch: null,
        dispute: null,
      });
      report.changed.push({ partner: row.partner, from: row.display, to: move.state, amount });
    }
    for (const p of sel.partners ?? [])
      if (!rows.some((r: PayoutRow) => r.partner === p))
        report.skipped.push({
          partner: p,
          code: "no_payout",
          message: `no payout for ${p} in ${sel.period}`,
        });
    await tx.payoutEvents.append(events);
    return report;
  });
}

export function describeAction(r: ActionReport): string {
  return `${r.changed.length} payout(s) ${VERB[r.action]} in ${r.period}, ${r.skipped.length} skipped`;
}
