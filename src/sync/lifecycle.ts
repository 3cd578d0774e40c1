// The payout lifecycle in a sync run (issue #16): after posting, each period's review flags are
// recorded (holding what they flag) and payouts whose figures moved under their state are
// reopened; then the states, open disputes and paid-to-date amounts the write-back shows in the
// CRMs are read in three queries.

import type { DisplayState } from "../payouts/overview.ts";
import { settlePeriod } from "../payouts/review.ts";
import type { ComputeResult } from "./compute/run.ts";
import { bump, type RunContext } from "./context.ts";

export interface LifecycleView {
  /** `${partner}\u0000${period}` → shown state, for partner-periods with events or open disputes. */
  states: Map<string, DisplayState>;
  /** Per partner: open disputes over every period. */
  openDisputes: Map<string, number>;
  /** Per partner: Σ paid with a payment date in the run's year (decimal strings). */
  paidYtd: Map<string, string>;
  /** Per partner: the payable of the period before the current one. */
  previousPayable: Map<string, string>;
  currentPeriod: string;
  previousPeriod: string | null;
}

export const stateKey = (partner: string, period: string) => `${partner}\u0000${period}`;

export async function settleLifecycle(ctx: RunContext, computed: ComputeResult): Promise<void> {
  if (ctx.dryRun || !computed.review) return;
  for (const p of computed.review.periods) {
    const r = await settlePeriod(ctx.store, p.period, p.flags, p.rowsWritten > 0);
    bump(ctx.counts, "payouts.flagged", r.flagged);
    bump(ctx.counts, "payouts.held", r.held);
    bump(ctx.counts, "payouts.reopened", r.reopened);
  }
}

export async function loadLifecycle(ctx: RunContext, computed: ComputeResult): Promise<LifecycleView> {
  const states = new Map<string, DisplayState>();
  for (const s of await ctx.store.payoutEvents.lastStates())
    states.set(stateKey(s.partner, s.period), s.state);
  const openDisputes = new Map<string, number>();
  for (const d of await ctx.store.disputes.list({ status: "open" })) {
    states.set(stateKey(d.partner, d.period), "disputed");
    openDisputes.set(d.partner, (openDisputes.get(d.partner) ?? 0) + 1);
  }
  const periods = computed.review?.periods.map((p) => p.period) ?? [];
  const at = periods.indexOf(computed.period);
  return {
    states,
    openDisputes,
    paidYtd: await ctx.store.payoutEvents.paidInYear(ctx.now.toISOString().slice(0, 4)),
    previousPayable: computed.review?.previousPayable ?? new Map(),
    currentPeriod: computed.period,
    previousPeriod: at > 0 ? (periods[at - 1] ?? null) : null,
  };
}

/**
 * The payout status an Account / company shows, attention first: Disputed while any dispute is
 * open, Held for Review while any period is held, else the state of the period before the
 * current one (the one being paid now) — Payable when it owes something and nobody acted yet,
 * Accrued when there is no such period or it owed nothing.
 */
export function partnerPayoutStatus(view: LifecycleView, partner: string): DisplayState | "accrued" {
  if ((view.openDisputes.get(partner) ?? 0) > 0) return "disputed";
  for (const [k, s] of view.states) if (s === "held" && k.startsWith(`${partner}\u0000`)) return "held";
  if (!view.previousPeriod) return "accrued";
  const s = view.states.get(stateKey(partner, view.previousPeriod));
  if (s) return s;
  const payable = view.previousPayable.get(partner);
  return payable !== undefined && !/^-?0(\.0+)?$/.test(payable) && !payable.startsWith("-")
    ? "computed"
    : "accrued";
}
