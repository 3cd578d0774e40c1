// The payouts of one period as channel ops see them: per partner, the lifecycle state (Disputed
// while a dispute is open), what is due, exported and paid, the live approval, the review flags
// and open disputes. Read inside or outside a period transaction.
import { Dec, minorDigits } from "../../money/index.ts";
import type { PayoutEvent, PayoutEventsRepo, PayoutState } from "../store/index.ts";
import { fold, outstanding, type PayoutFold } from "./state.ts";

/** The state shown to people and written to the CRMs: a lifecycle state, or disputed. */
export type DisplayState = PayoutState | "disputed";
export const DISPLAY_STATES: readonly DisplayState[] = [
  "computed",
  "held",
  "approved",
  "exported",
  "paid",
  "disputed",
];

export interface PayoutRow {
  partner: string;
  period: string;
  state: PayoutState;
  display: DisplayState;
  currency: string | null;
  /** Dec strings: every ledger row counting for the period; Σ exported; Σ paid; due − exported. */
  due: string;
  exported: string;
  paid: string;
  outstanding: string;
  approval: { reference: string; amount: string; by: string; at: string } | null;
  flags: string[];
  openDisputes: number;
}

export interface PeriodPayouts {
  rows: PayoutRow[];
  /** Internal: each partner's folded events, for transitions in the same transaction. */
  folds: Map<string, PayoutFold>;
}

/** `APR-000123`: the approval reference finance sees, from the approve event's id. */
export const approvalRef = (eventId: string) => `APR-${eventId.padStart(6, "0")}`;

export async function periodPayouts(
  repo: PayoutEventsRepo,
  openDisputes: Map<string, number>,
  period: string,
  partners?: readonly string[],
  /** Keep a listed partner without ledger rows or events (as computed, owing 0). */
  keepListed = false,
): Promise<PeriodPayouts> {
  const events = await repo.list({ period, ...(partners ? { partners } : {}) });
  const due = await repo.due(period, partners);
  const byPartner = new Map<string, PayoutEvent[]>();
  for (const e of events) {
    const list = byPartner.get(e.partner) ?? [];
    list.push(e);
    byPartner.set(e.partner, list);
  }
  const ids = new Set([...due.keys(), ...byPartner.keys(), ...(keepListed ? (partners ?? []) : [])]);
  const folds = new Map<string, PayoutFold>();
  const rows: PayoutRow[] = [];
  for (const partner of [...ids].sort()) {
    const f = fold(byPartner.get(partner) ?? []);
    folds.set(partner, f);
    const d = due.get(partner);
    if (!d && f.last === null && !(keepListed && partners?.includes(partner))) continue;
    const currency = d?.currency ?? f.last?.currency ?? null;
    const digits = minorDigits(currency ?? "");
    const money = (v: Dec | string) => new Dec(v).toFixed(digits);
    const total = d?.total ?? "0";
    const disputes = openDisputes.get(partner) ?? 0;
    rows.push({
      partner,
      period,
      state: f.state,
      display: disputes > 0 ? "disputed" : f.state,
      currency,
      due: money(total),
      exported: money(f.exported),
      paid: money(f.paid),
      outstanding: money(outstanding(f, total)),
      approval: f.approved
        ? {
            reference: approvalRef(f.approved.eventId),
            amount: money(f.approved.amount),
            by: f.approved.actor,
            at: f.approved.at,
          }
        : null,
      flags: f.flags,
      openDisputes: disputes,
    });
  }
  return { rows, folds };
}
