// The payout lifecycle of one partner-period, folded from its append-only events, and the rules
// for moving it: computed → held (flagged or by hand) → approved → exported → paid. A dispute
// overlays any state (shown as Disputed) and blocks approval and export while it is open.
// Pure: events and figures in, a state or a refusal out.

import { Dec } from "../../money/index.ts";
import type { PayoutEvent, PayoutState } from "../store/index.ts";

export interface PayoutFold {
  state: PayoutState;
  /** The live approval's amount and event id (null unless state is approved/exported/paid). */
  approved: { amount: string; eventId: string; actor: string; at: string } | null;
  /** Σ exported and Σ paid over every cycle of this partner-period. */
  exported: Dec;
  paid: Dec;
  /** Rules flagged (each recorded once). */
  flags: string[];
  last: PayoutEvent | null;
}

export function fold(events: readonly PayoutEvent[]): PayoutFold {
  const f: PayoutFold = {
    state: "computed",
    approved: null,
    exported: new Dec(0),
    paid: new Dec(0),
    flags: [],
    last: null,
  };
  for (const e of events) {
    f.state = e.state;
    f.last = e;
    if (e.action === "approve" && e.amount !== null)
      f.approved = { amount: e.amount, eventId: e.id, actor: e.actor, at: e.createdAt };
    else if (e.action === "export" && e.amount !== null) f.exported = f.exported.plus(e.amount);
    else if (e.action === "pay" && e.amount !== null) f.paid = f.paid.plus(e.amount);
    else if (e.action === "flag" && e.reference && !f.flags.includes(e.reference)) f.flags.push(e.reference);
    if (e.state === "computed" || e.state === "held") f.approved = null;
  }
  return f;
}

/** What the partner-period still has to be paid: everything due minus everything exported. */
export function outstanding(f: PayoutFold, due: string): Dec {
  return new Dec(due).minus(f.exported);
}

export type ManualAction = "hold" | "release" | "approve";

export type Refusal = { ok: false; code: string; message: string };
export type Move = { ok: true; state: PayoutState } | Refusal;

const refuse = (code: string, message: string): Refusal => ({ ok: false, code, message });

/** A person's hold, release or approval; `openDisputes` and `owed` (the outstanding amount) gate approval. */
export function manualMove(f: PayoutFold, action: ManualAction, owed: Dec, openDisputes: number): Move {
  const s = f.state;
  switch (action) {
    case "hold":
      if (s === "computed" || s === "approved") return { ok: true, state: "held" };
      if (s === "held") return refuse("already_held", "already held");
      return refuse("too_late", `already ${s}: open a dispute instead`);
    case "release":
      if (s === "held") return { ok: true, state: "computed" };
      return refuse("not_held", `not held (${s})`);
    case "approve":
      if (s === "approved") return refuse("already_approved", "already approved");
      if (s === "exported" || s === "paid") return refuse("too_late", `already ${s}`);
      if (openDisputes > 0)
        return refuse(
          "disputed",
          `${openDisputes} open dispute${openDisputes === 1 ? "" : "s"}: resolve first`,
        );
      if (!owed.greaterThan(0))
        return refuse("nothing_due", `nothing to pay (outstanding ${owed.toFixed(2)})`);
      return { ok: true, state: "approved" };
  }
}

/** The state a new review flag leads to: computed or approved payouts are held; later ones only record it. */
export function flaggedState(s: PayoutState): PayoutState {
  return s === "computed" || s === "approved" ? "held" : s;
}

/**
 * Whether the figures moved under the state: an approval no longer matching what is owed, or a
 * paid payout owed more (or less) after a later adjustment. Such a payout goes back to computed.
 */
export function staleReason(f: PayoutFold, owed: Dec, digits: number): string | null {
  if (f.state === "approved" && f.approved && !owed.equals(f.approved.amount))
    return `amount changed after approval: approved ${new Dec(f.approved.amount).toFixed(digits)}, now owed ${owed.toFixed(digits)}`;
  if (f.state === "paid" && !owed.isZero())
    return `${owed.toFixed(digits)} ${owed.isNegative() ? "overpaid" : "more owed"} after payment (the period's figures changed)`;
  return null;
}
