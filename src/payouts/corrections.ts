// Corrections (issue #16): amounts are never edited; a correction is an adjustment row with its
// reason, counted in the period it corrects, plus a `correct` event. A payout whose approval or
// payment no longer matches what is owed goes back to `computed` in the same transaction.
import { Dec, minorDigits, tooManyDecimals } from "../../money/index.ts";
import type { PayoutEventInput, Store } from "../store/index.ts";
import { periodPayouts } from "./overview.ts";
import { outstanding, staleReason } from "./state.ts";

export interface CorrectionRequest {
  partner: string;
  period: string;
  /** Dec string with at most the currency's minor digits; positive pays more, negative less. */
  amount: string;
  reason: string;
  actor: string;
  deal?: string | null;
  line?: string | null;
  dispute?: number | null;
}

export type CorrectionOutcome =
  | { ok: true; entryId: string; postedIn: string; amount: string; currency: string; reopened: boolean }
  | { ok: false; code: string; message: string };

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Posts the correction inside `tx` (a store bound to the period's transaction). */
export async function correctIn(tx: Store, req: CorrectionRequest): Promise<CorrectionOutcome> {
  if (!DECIMAL.test(req.amount) || new Dec(req.amount).isZero())
    return {
      ok: false,
      code: "invalid_amount",
      message: `amount '${req.amount}' must be a non-zero decimal string`,
    };
  const posted = await tx.ledger.statement(req.partner, req.period);
  if (!posted)
    return {
      ok: false,
      code: "no_statement",
      message: `no statement posted for ${req.partner} in ${req.period}: nothing to correct`,
    };
  // The same rule as a program's amounts: JPY 100.0 is 100 yen, 100.5 would be rounded.
  const excess = tooManyDecimals(req.amount, posted.currency);
  if (excess)
    return {
      ok: false,
      code: "invalid_amount",
      message: `amount '${req.amount}' has more decimals than ${posted.currency} allows (${excess.digits})`,
    };
  const digits = minorDigits(posted.currency);
  const amount = new Dec(req.amount).toFixed(digits);
  const r = await tx.correct({
    partner: req.partner,
    period: req.period,
    amount,
    reason: req.reason,
    actor: req.actor,
    deal: req.deal ?? null,
    component: req.line ?? null,
  });
  if (!r.ok) return { ok: false, code: r.error.code, message: r.error.message };
  const disputes = await tx.disputes.openCounts(req.period);
  const { rows, folds } = await periodPayouts(tx.payoutEvents, disputes, req.period, [req.partner]);
  const row = rows[0]!;
  const f = folds.get(req.partner)!;
  const base = { period: req.period, partner: req.partner, currency: posted.currency, batch: null };
  const events: PayoutEventInput[] = [
    {
      ...base,
      action: "correct",
      state: f.state,
      amount,
      actor: req.actor,
      reason: req.reason,
      reference: r.value.entryId,
      dispute: req.dispute ?? null,
    },
  ];
  const why = staleReason(f, outstanding(f, row.due), digits);
  if (why)
    events.push({
      ...base,
      action: "reopen",
      state: "computed",
      amount: null,
      actor: req.actor,
      reason: why,
      reference: null,
      dispute: req.dispute ?? null,
    });
  await tx.payoutEvents.append(events);
  return {
    ok: true,
    entryId: r.value.entryId,
    postedIn: r.value.postedIn,
    amount,
    currency: posted.currency,
    reopened: why !== null,
  };
}

export function correctPayout(store: Store, req: CorrectionRequest): Promise<CorrectionOutcome> {
  return store.inPeriod(req.period, (tx) => correctIn(tx, req));
}
