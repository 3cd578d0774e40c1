// `incentives ledger --partner P --period X`: the rows that make up a partner-period, their
// balance, and the statement figures they add up to.
import { parseArgs } from "node:util";
import { isPeriod } from "../../period/index.ts";
import { type LedgerView, type Store, tryOpenStoreFromEnv } from "../../store/index.ts";
import type { CliCommand } from "../command.ts";
import { EXIT } from "../command.ts";

const HELP = `usage: incentives ledger --partner ID --period PERIOD [--format table|json]

Shows the payout ledger rows of one partner for one period (rows posted in it, and later
adjustments correcting it), the period's total, and the posted statement's figures.
Store: DATABASE_URL (PostgreSQL) or DATA_DIR (embedded, default ./data).
`;

function table(view: LedgerView): string {
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
    process.stdout.write(format === "json" ? `${JSON.stringify(view, null, 2)}\n` : table(view));
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
