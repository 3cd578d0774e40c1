// Where a deal's incentive stands, in the words Salesforce (Opportunity.Incentive_Status_Detail__c)
// and the HubSpot cards both show: "counted", "held back until 2027-Q1", "clawback window open
// until 2027-02-14", "forfeited: <reason>" — and "clawed back in <period>" once a cancellation
// reversed it. One builder so the two CRMs can never word it differently. Pure: no clock, no I/O.
import type { Program } from "../../engine/index.ts";
import { dayNumber, type Granularity, parsePeriodLabel, periodLabel } from "../../period/index.ts";

/** The program terms a deal's status depends on (the version in effect for the deal's period). */
export interface StatusTerms {
  period: Granularity;
  /** Periods after which held-back earnings are released; null: the program holds nothing back. */
  releaseAfter: number | null;
  /** Days after close a cancellation still claws the deal back; null: no clawback. */
  clawbackDays: number | null;
}

export function statusTerms(program: Pick<Program, "period" | "holdback" | "clawback">): StatusTerms {
  return {
    period: program.period,
    releaseAfter: program.holdback ? program.holdback.release_after : null,
    clawbackDays: program.clawback ? program.clawback.window_days : null,
  };
}

/** What is known about one deal and its partner's statement of the deal's period. */
export interface DealStatusFacts {
  /** The period the deal's lines are in (the one containing its close date). */
  dealPeriod: string;
  closeDate: string;
  /** The deal's lines were forfeited (partner not eligible then): the statement's reasons. */
  forfeitedReasons?: readonly string[] | null;
  /** The period a clawback line reversed the deal in; null/absent: not clawed back. */
  clawedBackIn?: string | null;
  /** The partner's statement of the deal's period held part of its earnings back (held_back > 0). */
  heldBack?: boolean;
}

/** The last day a cancellation would still claw the deal back: close date + window days. */
export function clawbackWindowEnd(closeDate: string, days: number): string {
  return new Date((dayNumber(closeDate) + days) * 86_400_000).toISOString().slice(0, 10);
}

/** The period the holdback of `period` is released in (`release_after` periods later). */
export function holdbackReleasePeriod(period: string, releaseAfter: number): string {
  const p = parsePeriodLabel(period);
  if (!p) throw new Error(`not a period: '${period}'`);
  return periodLabel(p.index + releaseAfter, p.granularity);
}

const before = (a: string, b: string): boolean => {
  const pa = parsePeriodLabel(a);
  const pb = parsePeriodLabel(b);
  return pa !== null && pb !== null && pa.index < pb.index;
};

/**
 * The status text. First match wins, from the most final to the least: forfeited (nothing will
 * be paid), clawed back, clawback window still open (it may yet be reversed, so that outranks a
 * holdback, which only delays), held back until its release period, else counted.
 * `today` is an ISO date; `currentPeriod` the period the sync computes.
 */
export function dealStatusDetail(
  facts: DealStatusFacts,
  terms: StatusTerms,
  today: string,
  currentPeriod: string,
): string {
  const reasons = facts.forfeitedReasons;
  if (reasons) return `forfeited: ${reasons.length > 0 ? reasons.join("; ") : "not eligible"}`;
  if (facts.clawedBackIn) return `clawed back in ${facts.clawedBackIn}`;
  if (terms.clawbackDays !== null) {
    const end = clawbackWindowEnd(facts.closeDate, terms.clawbackDays);
    if (today <= end) return `clawback window open until ${end}`;
  }
  if (facts.heldBack && terms.releaseAfter !== null) {
    const release = holdbackReleasePeriod(facts.dealPeriod, terms.releaseAfter);
    if (before(currentPeriod, release)) return `held back until ${release}`;
  }
  return "counted";
}
