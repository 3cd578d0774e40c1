// What the analytics read: plain data the loader (load.ts) builds from the store — the program
// version of the period, partners with their signing date, won/lost deals in the program
// currency, the statements posted for every period up to the one analysed, the ledger's
// adjustment rows and the payout lifecycle. Nothing here touches the store: every measure is a
// pure function of this input, so a closed period gives the same figures on every run.
import type { Program } from "../engine/index.ts";
import type { Granularity } from "../period/index.ts";

/** A deal as the analytics count it: the amount already in the program currency (exact). */
export interface AnalyticsDeal {
  id: string;
  partner: string;
  kind: "new" | "expansion" | "renewal";
  stage: "won" | "lost" | "open";
  attribution: "sourced" | "influenced";
  /** Program currency, exact (decimal string, not rounded). */
  amount: string;
  /** Program currency, exact; null when the deal has no margin. */
  margin: string | null;
  product: string | null;
  closeDate: string;
  cancelledOn: string | null;
  timeToValueDays: number | null;
}

export interface AnalyticsPartner {
  id: string;
  name: string;
  /** The day the partner agreement was signed, when the store knows it (load.ts); else null. */
  signedOn: string | null;
}

/** The parts of a posted §4 statement the analytics read. */
export interface AnalyticsStatementLine {
  component: string;
  kind: string;
  deal_id: string | null;
  amount: string;
  forfeited?: boolean;
}

export interface AnalyticsStatement {
  partner_id: string;
  tier: string | null;
  score: string | null;
  earned: string;
  payable: string;
  funds: Record<string, string>;
  claims: Array<{ id: string; fund: string; approved: string }>;
  lines: AnalyticsStatementLine[];
}

/** An adjustment row posted in the period (a closed period's change, or a person's correction). */
export interface AnalyticsAdjustment {
  id: string;
  partner: string;
  deal: string | null;
  amount: string;
  adjustsPeriod: string | null;
  /** `correction` for a person's correction, else the kind of row corrected. */
  adjustsKind: string | null;
}

export interface AnalyticsDispute {
  id: number;
  partner: string;
  period: string;
  deal: string | null;
  status: string;
}

export interface AnalyticsInput {
  /** The period analysed, e.g. `2026-Q4`. */
  period: string;
  /** The program version in effect at the period's start. */
  program: Program;
  partners: AnalyticsPartner[];
  deals: AnalyticsDeal[];
  /** Deals left out (no fx rate for their currency and period), with why: named, never silent. */
  excludedDeals: Array<{ id: string; reason: string }>;
  /** period label → the last statement posted per partner, for every period up to `period`. */
  statements: Map<string, AnalyticsStatement[]>;
  /** Adjustment rows posted in `period`. */
  adjustments: AnalyticsAdjustment[];
  /** Partners whose payout for `period` was held for review at any time (flag or hold events). */
  held: string[];
  /** Disputes naming `period`. */
  disputes: AnalyticsDispute[];
  /** Whether `period` is closed (its figures are then as of the close). */
  closed: boolean;
}

export const granularityOf = (program: Program): Granularity => program.period;
