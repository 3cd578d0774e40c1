// The statement (spec §4): what `compute` prints and what the store posts to its ledger,
// keyed by (period, partner_id, component, deal_id, kind). Money is a string with exactly the
// currency's minor digits.

/** Component type, or one of the lines the engine adds. */
export type LineKind = "rate" | "tier_rate" | "spif" | "accrual" | "multiplier" | "cap" | "clawback";

export interface StatementLine {
  /** The component id; `cap` for the cap line; for a clawback, the component of the reversed line. */
  component: string;
  kind: LineKind;
  /** null only on cap lines. */
  deal_id: string | null;
  amount: string;
  explanation: string;
  /** Present (true) only on lines of a period the partner was not eligible in. */
  forfeited?: true;
}

export interface ClaimOutcome {
  id: string;
  fund: string;
  approved: string;
  rejected: string;
}

export interface PartnerStatement {
  partner_id: string;
  /**
   * Programs with a list of ladders (spec §5) only: the ladder the partner is on in the period
   * (the one `qualified_tier`, `next_tier` and the gap are on; null: none, it holds Standard).
   */
  ladder?: string | null;
  tier: string;
  qualified_tier: string;
  next_tier: string | null;
  gap_to_next_tier: string | null;
  missing_for_next_tier: string[];
  score: string | null;
  eligible: boolean;
  ineligible_reasons: string[];
  earned: string;
  held_back: string;
  released: string;
  clawed_back: string;
  carry_forward: string;
  payable: string;
  funds: Record<string, string>;
  claims: ClaimOutcome[];
  lines: StatementLine[];
  /**
   * Only when asked for (`metrics: true` in the statement options; the sync asks, so posted
   * statements carry it): the scorecard's metric values of the period, 2 decimals, null
   * without data. Absent from `compute`'s output, whose format the spec fixes.
   */
  metrics?: Record<string, string | null>;
  /**
   * Present only when there is something to say: the held tier not in a new program version, a
   * tier carried over to another ladder when the partner's type changed (spec §5).
   */
  notes?: string[];
}

export interface Statement {
  program: string;
  /** Only from the program-versions entry: the version that computed this period. */
  program_version?: number;
  /** Period label: `2026-01`, `2026-Q1` or `2026`. */
  period: string;
  currency: string;
  partners: PartnerStatement[];
}
