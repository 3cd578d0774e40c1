// The statement shape the store accepts: the engine's §4 JSON, structurally, so its output
// posts directly. Only the fields the ledger needs are required; the rest pass through.
import { z } from "zod";
import { periodSchema } from "../period.ts";

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

export type StatementLine = z.infer<typeof statementLineSchema>;
export type PartnerStatement = z.infer<typeof partnerStatementSchema>;
/** A computed statement (spec §4) as the engine emits it. */
export type PostableStatement = z.infer<typeof postableStatementSchema>;
