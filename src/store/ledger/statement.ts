// The statement shape the store accepts: the engine's §4 JSON, structurally, so its output
// posts directly. Only the fields the ledger needs are required; the rest pass through.
import { z } from "zod";
import { periodSchema } from "../../period/index.ts";

const money = z.string().regex(/^-?\d+(\.\d+)?$/, "expected a decimal string");

export const statementLineSchema = z.looseObject({
  component: z.string().min(1),
  kind: z.string().min(1),
  deal_id: z.string().nullable(),
  amount: money,
  explanation: z.string().optional(),
  forfeited: z.boolean().optional(),
});

export const partnerStatementSchema = z.looseObject({
  partner_id: z.string().min(1),
  earned: money,
  held_back: money,
  released: money,
  clawed_back: money,
  carry_forward: money,
  payable: money,
  lines: z.array(statementLineSchema),
});

export const postableStatementSchema = z.looseObject({
  program: z.string(),
  period: periodSchema,
  currency: z.string().min(1),
  partners: z.array(partnerStatementSchema),
});

/** One statement line; `kind` is the component type, or `multiplier`, `cap`, `clawback`. */
export interface StatementLine {
  component: string;
  kind: string;
  deal_id: string | null;
  /** Decimal string with the currency's minor digits. */
  amount: string;
  explanation?: string;
  forfeited?: boolean;
}

/** One partner's statement for the period; other §4 fields (tier, funds, claims…) may be present. */
export interface PartnerStatement {
  partner_id: string;
  earned: string;
  held_back: string;
  released: string;
  clawed_back: string;
  carry_forward: string;
  payable: string;
  lines: readonly StatementLine[];
}

/**
 * A computed statement (spec §4) as the engine emits it. Structural, with no index signature,
 * so the engine's own interfaces (with their extra fields) are assignable as they are.
 */
export interface PostableStatement {
  program: string;
  period: string;
  currency: string;
  partners: readonly PartnerStatement[];
}
