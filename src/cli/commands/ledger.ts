// `incentives ledger --partner P --period X`: the rows that make up a partner-period, their
// balance, the statement figures they add up to, and — as on the console's statement — where the
// payout stands, the disputes open on it (issue #16) and the statement's ladder and notes (#21).
import { parseArgs } from "node:util";
import { type PayoutRow, showPayout } from "../../payouts/index.ts";
import { isPeriod } from "../../period/index.ts";
import { type Dispute, type LedgerView, type Store, tryOpenStoreFromEnv } from "../../store/index.ts";
import type { CliCommand } from "../command.ts";
import { EXIT } from "../command.ts";

const HELP = `usage: incentives ledger --partner ID --period PERIOD [--format table|json]

Shows the payout ledger rows of one partner for one period (rows posted in it, and later
adjustments correcting it), the period's total, the posted statement's figures, its ladder
and notes, the payout's lifecycle state (held flags, approval) and the disputes still open.
Store: DATABASE_URL (PostgreSQL) or DATA_DIR (embedded, default ./data).
`;

/** What the statement says beyond its figures, and where its payout stands. */
interface Standing {
  payout: PayoutRow | null;
  openDisputes: Dispute[];
  /** Absent: the program has one ladder; null: on none (Standard). */
  ladder?: string | null;
  notes: string[];
}

async function standing(store: Store, partner: string, period: string): Promise<Standing> {
  const detail = await showPayout(store, partner, period);
  const doc = (await store.ledger.statement(partner, period))?.partner ?? {};
  const ladder = doc.ladder;
  return {
    payout: detail?.payout ?? null,
    openDisputes: (detail?.disputes ?? []).filter((d) => d.status === "open"),
    ...(ladder === null || typeof ladder === "string" ? { ladder } : {}),
    notes: Array.isArray(doc.notes) ? doc.notes.map(String) : [],
  };
}

function standingLines(s: Standing, currency: string): string[] {
  const out: string[] = [""];
  if (s.ladder !== undefined) out.push(`ladder: ${s.ladder ?? "none (Standard)"}`);
  for (const n of s.notes) out.push(`note: ${n}`);
  const p = s.payout;
  if (!p) out.push("payout: not recorded");
  else {
    const cur = p.currency ?? currency;
    out.push(
      `payout: ${p.display}${p.display === "disputed" ? ` (lifecycle state ${p.state})` : ""}; due ${p.due} ${cur}, exported ${p.exported}, paid ${p.paid}`,
    );
    if (p.state === "held") out.push(`  held for review: ${p.flags.join(", ") || "no review flag recorded"}`);
    if (p.approval) {
      out.push(
        `  approved ${p.approval.reference} for ${p.approval.amount} by ${p.approval.by} at ${p.approval.at}`,
      );
    }
  }
  if (s.openDisputes.length === 0) out.push("open disputes: none");
  else {
    out.push(`open disputes: ${s.openDisputes.length}`);
    for (const d of s.openDisputes) {
      const on = [d.deal ? `deal ${d.deal}` : "", d.line ? `line ${d.line}` : ""].filter(Boolean).join(", ");
      out.push(`  #${d.id} ${d.reason} (opened by ${d.openedBy} at ${d.openedAt}${on ? `; ${on}` : ""})`);
    }
  }
  return out;
}

function table(view: LedgerView, s: Standing): string {
  const head = ["ID", "POSTED", "KIND", "COMPONENT", "DEAL", "AMOUNT", "CURRENCY", "RUN", "PROGRAM", "NOTE"];
  const body = view.entries.map((e) => [
    e.id,
    e.period,
    e.kind === "adjustment" ? `adjustment(${e.adjustsKind})` : e.kind,
    e.component ?? "",
    e.deal ?? "",
    e.amount,
    e.currency,
    String(e.runId),
    `v${e.programVersion}`,
    e.cause ?? "",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? "").length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (i === 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const out = [`ledger ${view.partner} ${view.period}`, "", fmt(head), ...body.map(fmt), ""];
  out.push(`rows posted in ${view.period}: ${view.postedBalance}`);
  out.push(`total for ${view.period} (adjustments included): ${view.periodTotal}`);
  for (const [kind, amount] of Object.entries(view.byKind)) out.push(`  ${kind.padEnd(14)} ${amount}`);
  const f = view.figures;
  if (f) {
    out.push(
      "",
      `statement (run ${f.runId}, program v${f.programVersion}, ${f.currency}): earned ${f.earned}, held_back ${f.held_back}, released ${f.released}, clawed_back ${f.clawed_back}, carry_forward ${f.carry_forward}, payable ${f.payable}`,
    );
  } else {
    out.push("", "no statement posted for this partner and period");
  }
  out.push(...standingLines(s, f?.currency ?? ""));
  out.push(view.balanced ? "balanced: ledger total equals the statement's payable" : "NOT BALANCED");
  return `${out.join("\n")}\n`;
}

async function run(args: string[]): Promise<number> {
  let values: { partner?: string; period?: string; format?: string; help?: boolean };
  try {
    values = parseArgs({
      args,
      options: {
        partner: { type: "string" },
        period: { type: "string" },
        format: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`incentives ledger: ${(error as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const format = values.format ?? "table";
  if (
    !values.partner ||
    !values.period ||
    !isPeriod(values.period) ||
    (format !== "table" && format !== "json")
  ) {
    process.stderr.write(`incentives ledger: --partner and a valid --period are required\n\n${HELP}`);
    return EXIT.usage;
  }
  const store = await openStore();
  if (typeof store === "number") return store;
  try {
    const view = await store.ledger.view(values.partner, values.period);
    const s = await standing(store, values.partner, values.period);
    process.stdout.write(
      format === "json" ? `${JSON.stringify({ ...view, ...s }, null, 2)}\n` : table(view, s),
    );
    // A ledger that does not add up to its statement is a failure worth a non-zero exit.
    return view.balanced ? EXIT.ok : EXIT.failure;
  } finally {
    await store.close();
  }
}

/** The store, or the exit code after explaining why it could not be opened. */
async function openStore(): Promise<Store | number> {
  const opened = await tryOpenStoreFromEnv();
  if (opened.ok) return opened.value;
  process.stderr.write(`incentives ledger: ${opened.error.message}\n`);
  return opened.error.code === "store_config_invalid" ? EXIT.usage : EXIT.failure;
}

export const command: CliCommand = { summary: "Show a partner's payout ledger rows for a period", run };
