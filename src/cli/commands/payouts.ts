// `incentives payouts …`: the payout lifecycle from the command line (issue #16).
import { parseArgs } from "node:util";
import { DISPLAY_STATES, type ManualAction, type Selection, selectionSchema } from "../../payouts/index.ts";
import { isPeriod } from "../../store/index.ts";
import type { CliCommand } from "../command.ts";
import { EXIT } from "../command.ts";
import { act, correct } from "../payouts/act.ts";
import { actorOf, err, openStore } from "../payouts/common.ts";
import { batches, exportBatch, fetchBatch, paid } from "../payouts/files.ts";
import { list, show } from "../payouts/list.ts";

const HELP = `usage: incentives payouts list --period P [--state S] [--flag RULE] [--partner ID]... [--format table|json]
       incentives payouts show <partner> --period P [--format table|json]
       incentives payouts approve|hold|release --period P [--partner ID]... [--state S] [--flag RULE]
                          [--min-amount A] [--max-amount A] --reason TEXT [--by NAME]
       incentives payouts correct <partner> --period P --amount A --reason TEXT [--deal D] [--line C] [--by NAME]
       incentives payouts export --period P [--out FILE] [--by NAME]
       incentives payouts export --batch N [--out FILE]        (the same file again)
       incentives payouts batches [--period P]
       incentives payouts mark-paid --file FILE [--by NAME] [--format table|json]

Lifecycle per partner and period: computed → held (flagged by a review rule, or by hand) →
approved → exported → paid; an open dispute shows Disputed and blocks approval and export.
approve/hold/release apply to the named partners, to every payout matching the filters, or —
with neither — to the whole period; each change is recorded with who (--by, default $USER)
and why (--reason). A correction is an adjustment row in the ledger, counted in the period it
corrects. export writes the next numbered batch (CSV) of approved payouts not yet exported;
running it again exports nothing new. mark-paid reads finance's CSV (partner_key, period,
payment_reference, optional paid_on, amount, batch); bad rows are listed, the rest applied.
States: ${DISPLAY_STATES.join(", ")}. Exit: 0 ok, 1 failure, 2 invalid input or refused.
`;

const ACTIONS: readonly ManualAction[] = ["approve", "hold", "release"];

async function run(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    err(`incentives payouts: ${(error as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  const { values: v, positionals } = parsed;
  const [action, ...rest] = positionals;
  if (v.help || !action) {
    process.stdout.write(HELP);
    return v.help ? EXIT.ok : EXIT.usage;
  }
  const format = v.format ?? "table";
  const usage = (message: string) => {
    err(`incentives payouts: ${message}`);
    return EXIT.usage;
  };
  if (format !== "table" && format !== "json") return usage("--format must be table or json");
  if (v.period !== undefined && !isPeriod(v.period))
    return usage(`--period '${v.period}' is not a period (2026-Q1, 2026-01 or 2026)`);
  const needsPeriod =
    ["list", "show", "approve", "hold", "release", "correct"].includes(action) ||
    (action === "export" && !v.batch);
  if (needsPeriod && !v.period) return usage(`${action} needs --period`);
  let selection: Selection | null = null;
  if (action === "list" || ACTIONS.includes(action as ManualAction)) {
    const s = selectionSchema.safeParse({
      period: v.period,
      ...(v.partner ? { partners: v.partner } : {}),
      ...(v.state ? { state: v.state } : {}),
      ...(v.flag ? { flag: v.flag } : {}),
      ...(v["min-amount"] ? { min_amount: v["min-amount"] } : {}),
      ...(v["max-amount"] ? { max_amount: v["max-amount"] } : {}),
    });
    if (!s.success)
      return usage(
        s.error.issues.map((i) => `--${String(i.path[0]).replace("_", "-")}: ${i.message}`).join("; "),
      );
    selection = s.data;
  }
  if (ACTIONS.includes(action as ManualAction) && !v.reason)
    return usage(`${action} needs --reason (recorded with the change)`);
  const store = await openStore("payouts");
  if (typeof store === "number") return store;
  try {
    const actor = actorOf(v.by);
    switch (action) {
      case "list":
        return await list(store, selection!, format);
      case "show":
        if (rest.length !== 1) return usage("show needs one partner id");
        return await show(store, rest[0]!, v.period!, format);
      case "approve":
      case "hold":
      case "release":
        return await act(store, action, selection!, { actor, reason: v.reason! }, format);
      case "correct":
        if (rest.length !== 1 || !v.amount || !v.reason)
          return usage("correct needs <partner>, --amount and --reason");
        return await correct(
          store,
          {
            partner: rest[0]!,
            period: v.period!,
            amount: v.amount,
            reason: v.reason,
            actor,
            ...(v.deal ? { deal: v.deal } : {}),
            ...(v.line ? { line: v.line } : {}),
          },
          format,
        );
      case "export":
        if (v.batch !== undefined) {
          if (!/^\d+$/.test(v.batch)) return usage("--batch must be a batch number");
          return await fetchBatch(store, Number(v.batch), v.out);
        }
        return await exportBatch(store, v.period!, actor, v.out);
      case "batches":
        return await batches(store, v.period, format);
      case "mark-paid":
        if (!v.file) return usage("mark-paid needs --file");
        return await paid(store, v.file, actor, new Date().toISOString().slice(0, 10), format);
      default:
        return usage(`unknown action '${action}'\n\n${HELP}`);
    }
  } finally {
    await store.close();
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      period: { type: "string" },
      partner: { type: "string", multiple: true },
      state: { type: "string" },
      flag: { type: "string" },
      "min-amount": { type: "string" },
      "max-amount": { type: "string" },
      reason: { type: "string" },
      by: { type: "string" },
      amount: { type: "string" },
      deal: { type: "string" },
      line: { type: "string" },
      out: { type: "string" },
      batch: { type: "string" },
      file: { type: "string" },
      format: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

export const command: CliCommand = {
  summary: "Payout lifecycle: list, approve/hold/release, correct, export for finance, mark paid",
  run,
};
