// Statement → ledger rows, as desired totals per key. Pure: posting compares these with what
// the ledger already holds and appends only the differences.
//
// Per partner-period:
//   rate / tier_rate / spif line  → `earned`      (component, deal)
//   multiplier / cap / clawback   → same kind     (component, deal; cap has no deal)
//   accrual line, forfeited line  → nothing (not cash; not counted)
//   held_back                     → `holdback`      −held_back
//   released                      → `release`       +released
//   carry-in from the last period → `carry_in`      ≤ 0 (payable − (earned − held + released) + carry_forward)
//   negative rest carried forward → `carry_forward` −carry_forward (≥ 0)
// so the rows of a partner-period sum to the statement's `payable`, and the carry rows of
// consecutive periods cancel: a partner's all-time balance is everything made payable.
import { Dec, type DecValue } from "../../../money/index.ts";
import type { PartnerStatement } from "./statement.ts";

export const LEDGER_KINDS = [
  "earned",
  "multiplier",
  "cap",
  "clawback",
  "holdback",
  "release",
  "carry_in",
  "carry_forward",
  "adjustment",
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];
/** Kinds a statement produces directly; `adjustment` only ever corrects one of these. */
export type PostedKind = Exclude<LedgerKind, "adjustment">;
/**
 * What an adjustment row adjusts: a kind a statement posts (a closed period recomputed), or
 * `correction` — a person's correction (issue #16), which postings never compare or reverse.
 */
export type AdjustedKind = PostedKind | "correction";

const LINE_KIND: Readonly<Record<string, PostedKind | null>> = {
  rate: "earned",
  tier_rate: "earned",
  spif: "earned",
  multiplier: "multiplier",
  cap: "cap",
  clawback: "clawback",
  accrual: null,
};

/**
 * True when a statement line is posted to the ledger (counts in the payout): not forfeited, and
 * not an accrual (accruals go to a fund). The cards add up a deal's incentive with it.
 */
export function isPostedLine(line: { kind: string; forfeited?: true }): boolean {
  return line.forfeited !== true && (LINE_KIND[line.kind] ?? null) !== null;
}

export interface EntryKey {
  component: string | null;
  deal: string | null;
  kind: PostedKind;
}

export function keyOf(k: EntryKey): string {
  return `${k.kind}\u0000${k.component ?? "\u0001"}\u0000${k.deal ?? "\u0001"}`;
}

export function parseKey(key: string): EntryKey {
  const [kind, component, deal] = key.split("\u0000");
  return {
    kind: kind as PostedKind,
    component: component === "\u0001" || component === undefined ? null : component,
    deal: deal === "\u0001" || deal === undefined ? null : deal,
  };
}

export class StatementInconsistentError extends Error {
  readonly code = "statement_inconsistent";
}

/** Desired total per key for one partner-period; zero totals are left out. */
export function desiredEntries(partner: PartnerStatement): Map<string, Dec> {
  const totals = new Map<string, Dec>();
  const add = (key: EntryKey, amount: DecValue) => {
    const k = keyOf(key);
    totals.set(k, (totals.get(k) ?? new Dec(0)).plus(amount));
  };
  let cash = new Dec(0);
  let clawed = new Dec(0);
  for (const line of partner.lines) {
    if (!(line.kind in LINE_KIND)) {
      throw new StatementInconsistentError(
        `partner ${partner.partner_id}: unknown line kind '${line.kind}' (component ${line.component})`,
      );
    }
    const kind = LINE_KIND[line.kind];
    if (!kind || line.forfeited === true) continue;
    add({ component: line.component, deal: line.deal_id, kind }, line.amount);
    cash = cash.plus(line.amount);
    if (kind === "clawback") clawed = clawed.plus(line.amount);
  }
  // The statement's own totals must agree with its lines, or the ledger would not add up.
  if (!cash.equals(partner.earned)) {
    throw new StatementInconsistentError(
      `partner ${partner.partner_id}: cash lines sum to ${cash.toFixed()} but earned is ${partner.earned}`,
    );
  }
  if (!clawed.equals(partner.clawed_back)) {
    throw new StatementInconsistentError(
      `partner ${partner.partner_id}: clawback lines sum to ${clawed.toFixed()} but clawed_back is ${partner.clawed_back}`,
    );
  }
  const net = cash.minus(partner.held_back).plus(partner.released);
  const carryIn = new Dec(partner.payable).minus(net).plus(partner.carry_forward);
  if (carryIn.greaterThan(0) || new Dec(partner.carry_forward).greaterThan(0)) {
    throw new StatementInconsistentError(
      `partner ${partner.partner_id}: payable ${partner.payable} does not follow from earned − held + released + carry (carry-in would be ${carryIn.toFixed()})`,
    );
  }
  add({ component: null, deal: null, kind: "holdback" }, new Dec(partner.held_back).negated());
  add({ component: null, deal: null, kind: "release" }, partner.released);
  add({ component: null, deal: null, kind: "carry_in" }, carryIn);
  add({ component: null, deal: null, kind: "carry_forward" }, new Dec(partner.carry_forward).negated());
  for (const [k, v] of totals) if (v.isZero()) totals.delete(k);
  return totals;
}
