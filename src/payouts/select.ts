// Which payouts of a period an action applies to: named partners, a filter, or the whole period.
import { z } from "zod";
import { Dec } from "../../money/index.ts";
import { DISPLAY_STATES, type PayoutRow } from "./overview.ts";

const money = z.string().regex(/^-?\d+(\.\d+)?$/, "expected a decimal string like 1000.00");

export const selectionSchema = z.strictObject({
  period: z.string().min(1),
  /** Only these partners (one partner: a list of one). */
  partners: z.array(z.string().min(1)).min(1).max(10_000).optional(),
  /** Only payouts in this shown state. */
  state: z.enum(DISPLAY_STATES as [string, ...string[]]).optional(),
  /** Only payouts flagged by this review rule. */
  flag: z.string().min(1).optional(),
  /** Only payouts owing at least / at most this much. */
  min_amount: money.optional(),
  max_amount: money.optional(),
});
export type Selection = z.output<typeof selectionSchema>;

export function selects(sel: Selection, row: PayoutRow): boolean {
  if (sel.partners && !sel.partners.includes(row.partner)) return false;
  if (sel.state && row.display !== sel.state) return false;
  if (sel.flag && !row.flags.includes(sel.flag)) return false;
  if (sel.min_amount && new Dec(row.outstanding).lessThan(sel.min_amount)) return false;
  if (sel.max_amount && new Dec(row.outstanding).greaterThan(sel.max_amount)) return false;
  return true;
}
