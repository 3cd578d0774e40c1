// Marking exported payouts paid from finance's file (issue #16): one row per partner-period with
// its payment reference. Every row is checked on its own (zod, then the lifecycle): a bad row is
// reported with its line and field and never stops the others. Paid amounts feed
// Incentives_Paid_YTD__c / incentives_paid_ytd on the next write-back.

import { z } from "zod";
import { Dec, minorDigits } from "../../money/index.ts";
import { isIsoDate, isPeriod } from "../period/index.ts";
import type { PayoutEventInput, Store } from "../store/index.ts";
import { fromCsv } from "./csv.ts";
import { periodPayouts } from "./overview.ts";

const rowSchema = z.object({
  partner_key: z.string().min(1, "partner_key is required"),
  period: z.string().refine(isPeriod, "period must look like 2026-Q1, 2026-01 or 2026"),
  payment_reference: z.string().min(1, "payment_reference is required").max(200),
  paid_on: z
    .string()
    .refine((s) => s === "" || isIsoDate(s), "paid_on must be a date YYYY-MM-DD")
    .optional(),
  amount: z
    .string()
    .refine((s) => s === "" || /^-?\d+(\.\d+)?$/.test(s), "amount must be a decimal string")
    .optional(),
  batch: z.string().optional(),
});

export interface MarkPaidOutcome {
  paid: Array<{ line: number; partner: string; period: string; amount: string; reference: string }>;
  rejected: Array<{
    line: number;
    partner: string | null;
    period: string | null;
    field: string | null;
    message: string;
  }>;
}

/** `text`: CSV with partner_key, period, payment_reference and optional paid_on, amount, batch. */
export async function markPaid(
  store: Store,
  text: string,
  actor: string,
  today: string,
): Promise<MarkPaidOutcome> {
  const out: MarkPaidOutcome = { paid: [], rejected: [] };
  let records: Array<Record<string, string>>;
  try {
    records = fromCsv(text);
  } catch (error) {
    out.rejected.push({
      line: 0,
      partner: null,
      period: null,
      field: null,
      message: `not a CSV file: ${(error as Error).message}`,
    });
    return out;
  }
  const byPeriod = new Map<string, Array<{ line: number; row: z.output<typeof rowSchema> }>>();
  const seen = new Set<string>();
  records.forEach((rec, i) => {
    const line = i + 2; // the header is line 1
    const parsed = rowSchema.safeParse(rec);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      out.rejected.push({
        line,
        partner: rec.partner_key || null,
        period: rec.period || null,
        field: String(issue.path[0] ?? ""),
        message: issue.message,
      });
      return;
    }
    const key = `${parsed.data.partner_key}\u0000${parsed.data.period}`;
    if (seen.has(key)) {
      out.rejected.push({
        line,
        partner: parsed.data.partner_key,
        period: parsed.data.period,
        field: "partner_key",
        message: "listed twice in the file",
      });
      return;
    }
    seen.add(key);
    const list = byPeriod.get(parsed.data.period) ?? [];
    list.push({ line, row: parsed.data });
    byPeriod.set(parsed.data.period, list);
  });
  for (const [period, rows] of [...byPeriod].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await store.inPeriod(period, async (tx) => {
      const partners = rows.map((r) => r.row.partner_key);
      const { rows: payouts, folds } = await periodPayouts(tx.payoutEvents, new Map(), period, partners);
      const events: PayoutEventInput[] = [];
      for (const { line, row } of rows) {
        const p = payouts.find((x) => x.partner === row.partner_key);
        const f = folds.get(row.partner_key);
        const reject = (field: string | null, message: string) =>
          out.rejected.push({ line, partner: row.partner_key, period, field, message });
        if (!p || !f || f.last === null) {
          reject("partner_key", `no payout for ${row.partner_key} in ${period}`);
          continue;
        }
        if (f.state !== "exported") {
          reject("partner_key", f.state === "paid" ? "already paid" : `not exported (${f.state})`);
          continue;
        }
        const digits = minorDigits(p.currency ?? "");
        const unpaid = f.exported.minus(f.paid);
        if (row.amount && !new Dec(row.amount).equals(unpaid)) {
          reject("amount", `amount ${row.amount} differs from the exported ${unpaid.toFixed(digits)}`);
          continue;
        }
        const batch = row.batch ? Number(row.batch) : (f.last.batch ?? null);
        events.push({
          period,
          partner: row.partner_key,
          action: "pay",
          state: "paid",
          amount: unpaid.toFixed(digits),
          currency: p.currency,
          actor,
          reason: `paid, reference ${row.payment_reference}`,
          reference: row.payment_reference,
          batch: Number.isInteger(batch) ? batch : null,
          dispute: null,
          paidOn: row.paid_on || today,
        });
        out.paid.push({
          line,
          partner: row.partner_key,
          period,
          amount: unpaid.toFixed(digits),
          reference: row.payment_reference,
        });
      }
      await tx.payoutEvents.append(events);
    });
  }
  out.paid.sort((a, b) => a.line - b.line);
  out.rejected.sort((a, b) => a.line - b.line);
  return out;
}
