// The payment file for finance (issue #16): one CSV row per partner whose payout of the period is
// approved and not yet exported (and not disputed), as a numbered batch. The batch is stored
// with its file and every row becomes an `export` event, so running it again exports nothing new
// and `incentives payouts export --batch N` hands out the same bytes.
import { Dec, minorDigits } from "../../money/index.ts";
import type { ExportBatch, PayoutEventInput, Store } from "../store/index.ts";
import { toCsv } from "./csv.ts";
import { periodPayouts } from "./overview.ts";
import { outstanding, staleReason } from "./state.ts";

export const EXPORT_COLUMNS = [
  "batch",
  "period",
  "partner_key",
  "partner_name",
  "salesforce_id",
  "hubspot_id",
  "currency",
  "payable",
  "held",
  "released",
  "adjustments",
  "lines",
  "approval_ref",
  "approved_by",
  "approved_at",
] as const;

export interface ExportOutcome {
  /** null when nothing was approved and not yet exported: no batch is made. */
  batch: ExportBatch | null;
  skipped: Array<{ partner: string; code: string; message: string }>;
}

type Sides = { sides?: Record<string, { id?: string } | undefined> };

export async function exportPeriod(store: Store, period: string, actor: string): Promise<ExportOutcome> {
  return store.inPeriod(period, async (tx) => {
    const disputes = await tx.disputes.openCounts(period);
    const { rows, folds } = await periodPayouts(tx.payoutEvents, disputes, period);
    const skipped: ExportOutcome["skipped"] = [];
    const ready = rows.filter((r) => {
      if (r.state !== "approved") return false;
      if (r.openDisputes > 0) {
        skipped.push({ partner: r.partner, code: "disputed", message: `${r.openDisputes} open dispute(s)` });
        return false;
      }
      const f = folds.get(r.partner)!;
      const stale = staleReason(f, outstanding(f, r.due), minorDigits(r.currency ?? ""));
      if (stale)
        skipped.push({ partner: r.partner, code: "stale_approval", message: `${stale}: approve again` });
      return stale === null;
    });
    if (ready.length === 0) return { batch: null, skipped };
    const currencies = new Set(ready.map((r) => r.currency));
    if (currencies.size > 1)
      throw new Error(`payouts of ${period} are in several currencies: ${[...currencies].join(", ")}`);
    const ids = ready.map((r) => r.partner);
    const partners = new Map((await tx.partners.getMany(ids)).map((p) => [p.id, p]));
    const figures = await tx.payoutEvents.figures(period, ids);
    const batch = await tx.payoutExports.nextBatch();
    let total = new Dec(0);
    const lines: Array<Array<string | number | null>> = [];
    const events: PayoutEventInput[] = [];
    for (const r of ready) {
      const p = partners.get(r.partner);
      const sides = (p?.raw as Sides | null)?.sides ?? {};
      const fig = figures.get(r.partner) ?? { held: "0", released: "0", adjustments: "0", lines: 0 };
      const digits = minorDigits(r.currency ?? "");
      const fmt = (v: string) => new Dec(v).toFixed(digits);
      const payable = r.approval!.amount;
      total = total.plus(payable);
      lines.push([
        batch,
        period,
        r.partner,
        p?.name ?? null,
        sides.salesforce?.id ?? null,
        sides.hubspot?.id ?? null,
        r.currency,
        payable,
        fmt(fig.held),
        fmt(fig.released),
        fmt(fig.adjustments),
        fig.lines,
        r.approval!.reference,
        r.approval!.by,
        r.approval!.at,
      ]);
      events.push({
        period,
        partner: r.partner,
        action: "export",
        state: "exported",
        amount: payable,
        currency: r.currency,
        actor,
        reason: `exported in batch ${batch}`,
        reference: r.approval!.reference,
        batch,
        dispute: null,
      });
    }
    const currency = ready[0]!.currency ?? "";
    const digits = minorDigits(currency);
    const stored = await tx.payoutExports.create({
      batch,
      period,
      createdBy: actor,
      rows: lines.length,
      total: total.toFixed(digits),
      currency,
      csv: toCsv(EXPORT_COLUMNS, lines),
    });
    await tx.payoutEvents.append(events);
    return { batch: stored, skipped };
  });
}
