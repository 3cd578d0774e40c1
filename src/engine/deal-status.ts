// One deal's incentive status in a period, in words a rep reads on the record (HubSpot deal card,
// CONTRACT.md): "counted", "held back until 2027-Q1", "clawback window open until 2027-02-14" or
// "forfeited: <reason>". Pure: the caller reads the statement, the program and today's date.
import { Dec } from "../../money/index.ts";
import { comparePeriods } from "../period/index.ts";
import type { StatementLine } from "./statement.ts";

export interface DealStatusInput {
  /** The deal's lines in the period's statement. */
  lines: readonly StatementLine[];
  /** The statement's ineligible reasons (why forfeited lines were forfeited). */
  ineligibleReasons: readonly string[];
  /** The deal's cancellation date, when it was cancelled. */
  cancelledOn: string | null;
  /** The last day a cancellation still claws the deal's lines back; null: no clawback window. */
  clawbackUntil: string | null;
  /** The period the statement's holdback is released in; null when nothing was held back. */
  heldUntil: string | null;
  /** The period the service is in now (a holdback released by now is counted). */
  currentPeriod: string;
  /** Today, `YYYY-MM-DD`. */
  today: string;
}

/**
 * Attention first: a forfeited deal (partner not eligible, or its lines clawed back) says why; a
 * deal still inside its clawback window says until when (it can still be reversed); a deal whose
 * period's holdback is not released yet says when it will be; else it is counted.
 */
export function dealStatus(input: DealStatusInput): string {
  if (input.lines.some((l) => l.kind === "clawback") || cancelledInWindow(input)) {
    return `forfeited: clawed back, deal cancelled${input.cancelledOn ? ` ${input.cancelledOn}` : ""}`;
  }
  if (input.lines.length > 0 && input.lines.every((l) => l.forfeited)) {
    const why =
      input.ineligibleReasons.length > 0 ? input.ineligibleReasons.join("; ") : "partner not eligible";
    return `forfeited: ${why}`;
  }
  if (input.clawbackUntil !== null && input.today <= input.clawbackUntil) {
    return `clawback window open until ${input.clawbackUntil}`;
  }
  if (input.heldUntil !== null && comparePeriods(input.currentPeriod, input.heldUntil) < 0) {
    return `held back until ${input.heldUntil}`;
  }
  return "counted";
}

/** The last day of the clawback window of a deal closed on `closeDate`: close + window days. */
export function clawbackUntil(closeDate: string | null, windowDays: number | null): string | null {
  if (closeDate === null || windowDays === null || !/^\d{4}-\d{2}-\d{2}$/.test(closeDate)) return null;
  const d = new Date(`${closeDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + windowDays);
  return d.toISOString().slice(0, 10);
}

/** A cancellation inside the window claws the deal back, even when the reversing line is in a
 *  later period's statement than the one read. */
function cancelledInWindow(input: DealStatusInput): boolean {
  return (
    input.cancelledOn !== null &&
    input.clawbackUntil !== null &&
    input.cancelledOn <= input.clawbackUntil &&
    input.lines.some((l) => !l.forfeited && !new Dec(l.amount).isZero())
  );
}
