// `incentives payouts export|batches|mark-paid`: the payment file for finance and its answer.
import { readFile, writeFile } from "node:fs/promises";
import { exportPeriod, markPaid } from "../../payouts/index.ts";
import type { Store } from "../../store/index.ts";
import { EXIT } from "../command.ts";
import { err, json, out, table } from "./common.ts";

/** Writes the CSV to `file`, or to stdout when no file is given (the summary then goes to stderr). */
async function emit(csv: string, file: string | undefined, summary: string): Promise<void> {
  if (file) {
    await writeFile(file, csv);
    out(`${summary}; written to ${file}`);
  } else {
    process.stdout.write(csv);
    err(summary);
  }
}

export async function exportBatch(
  store: Store,
  period: string,
  actor: string,
  file: string | undefined,
): Promise<number> {
  const r = await exportPeriod(store, period, actor);
  for (const s of r.skipped) err(`not exported: ${s.partner}: ${s.message}`);
  if (!r.batch) {
    err(`nothing new to export in ${period} (no approved payout that is not exported yet)`);
    return EXIT.ok;
  }
  const b = r.batch;
  await emit(
    b.csv,
    file,
    `batch ${b.batch}: ${b.rows} payout(s) of ${period}, total ${b.total} ${b.currency}`,
  );
  return EXIT.ok;
}

export async function fetchBatch(store: Store, batch: number, file: string | undefined): Promise<number> {
  const b = await store.payoutExports.get(batch);
  if (!b) {
    err(`incentives payouts: no export batch ${batch}`);
    return EXIT.usage;
  }
  await emit(
    b.csv,
    file,
    `batch ${b.batch} (${b.period}, ${b.createdAt} by ${b.createdBy}): ${b.rows} payout(s), total ${b.total} ${b.currency}`,
  );
  return EXIT.ok;
}

export async function batches(store: Store, period: string | undefined, format: string): Promise<number> {
  const list = await store.payoutExports.list(period ? { period } : {});
  if (format === "json") out(json(list));
  else if (list.length === 0) out("no export batches yet");
  else
    out(
      table(
        ["BATCH", "PERIOD", "ROWS", "TOTAL", "CURRENCY", "BY", "AT"],
        list.map((b) => [
          String(b.batch),
          b.period,
          String(b.rows),
          b.total,
          b.currency,
          b.createdBy,
          b.createdAt,
        ]),
        ["BATCH", "ROWS", "TOTAL"],
      ),
    );
  return EXIT.ok;
}

export async function paid(
  store: Store,
  file: string,
  actor: string,
  today: string,
  format: string,
): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    err(`incentives payouts mark-paid: cannot read ${file}: ${(error as Error).message}`);
    return EXIT.usage;
  }
  const r = await markPaid(store, text, actor, today);
  if (format === "json") out(json(r));
  else {
    out(`${r.paid.length} payout(s) marked paid, ${r.rejected.length} row(s) rejected`);
    if (r.paid.length > 0)
      out(
        table(
          ["LINE", "PARTNER", "PERIOD", "AMOUNT", "REFERENCE"],
          r.paid.map((p) => [String(p.line), p.partner, p.period, p.amount, p.reference]),
        ),
      );
    for (const x of r.rejected)
      err(
        `${file}:${x.line}: ${x.partner ?? "?"} ${x.period ?? ""}${x.field ? ` (${x.field})` : ""}: ${x.message}`,
      );
  }
  return r.rejected.length > 0 ? EXIT.usage : EXIT.ok;
}
