// What a sync run does to the lifecycle after posting: records the engine's review flags (a new
// flag holds a computed or approved payout; on an exported or paid one it is only recorded), and
// sends back to `computed` any payout whose figures moved under its state (an approval of a
// different amount, more owed after payment). Both are events by the `review` / `sync` actors.

import { minorDigits } from "../../money/index.ts";
import type { ReviewFlag } from "../engine/index.ts";
import type { PayoutEventInput, Store } from "../store/index.ts";
import { periodPayouts } from "./overview.ts";
import { flaggedState, outstanding, staleReason } from "./state.ts";

export const REVIEW_ACTOR = "review";
export const SYNC_ACTOR = "sync";

export interface ReviewOutcome {
  flagged: number;
  held: number;
  reopened: number;
}

/**
 * Records `flags` (all of one period) and, when `figuresMoved` (the posting wrote rows for the
 * period), reopens its stale payouts — in one transaction. With neither, nothing is read.
 */
export async function settlePeriod(
  store: Store,
  period: string,
  flags: readonly ReviewFlag[],
  figuresMoved: boolean,
): Promise<ReviewOutcome> {
  if (!figuresMoved && flags.length === 0) return { flagged: 0, held: 0, reopened: 0 };
  const only = figuresMoved ? undefined : [...new Set(flags.map((f) => f.partner_id))];
  return store.inPeriod(period, async (tx) => {
    const disputes = await tx.disputes.openCounts(period);
    const { rows, folds } = await periodPayouts(tx.payoutEvents, disputes, period, only);
    const out: ReviewOutcome = { flagged: 0, held: 0, reopened: 0 };
    const events: PayoutEventInput[] = [];
    const currency = new Map(rows.map((r) => [r.partner, r.currency]));
    const stateNow = new Map(rows.map((r) => [r.partner, r.state]));
    for (const row of rows) {
      const f = folds.get(row.partner)!;
      const why = staleReason(f, outstanding(f, row.due), minorDigits(row.currency ?? ""));
      if (!why) continue;
      events.push(event(period, row.partner, "reopen", "computed", row.currency, SYNC_ACTOR, why, null));
      stateNow.set(row.partner, "computed");
      out.reopened++;
    }
    for (const flag of flags) {
      const seen = folds.get(flag.partner_id)?.flags ?? [];
      if (seen.includes(flag.rule)) continue;
      const before = stateNow.get(flag.partner_id) ?? "computed";
      const after = flaggedState(before);
      events.push(
        event(
          period,
          flag.partner_id,
          "flag",
          after,
          currency.get(flag.partner_id) ?? null,
          REVIEW_ACTOR,
          flag.reason,
          flag.rule,
        ),
      );
      stateNow.set(flag.partner_id, after);
      out.flagged++;
      if (after === "held" && before !== "held") out.held++;
    }
    await tx.payoutEvents.append(events);
    return out;
  });
}

function event(
  period: string,
  partner: string,
  action: PayoutEventInput["action"],
  state: PayoutEventInput["state"],
  currency: string | null,
  actor: string,
  reason: string,
  reference: string | null,
): PayoutEventInput {
  return {
    period,
    partner,
    action,
    state,
    amount: null,
    currency,
    actor,
    reason,
    reference,
    batch: null,
    dispute: null,
  };
}
