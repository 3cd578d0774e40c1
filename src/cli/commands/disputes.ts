// `incentives disputes list|open|resolve`: contesting a partner-period payout (issue #16).
import { parseArgs } from "node:util";
import { openDispute, resolveDispute } from "../../payouts/index.ts";
import { isPeriod } from "../../store/index.ts";
import type { CliCommand } from "../command.ts";
import { EXIT } from "../command.ts";
import { actorOf, err, json, openStore, out, table } from "../payouts/common.ts";

const HELP = `usage: incentives disputes list [--status open|dismissed|adjusted] [--period P] [--partner ID] [--format table|json]
       incentives disputes open <partner> --period P [--deal D] [--line COMPONENT] --reason TEXT [--by NAME]
       incentives disputes resolve <id> (--dismiss | --adjust AMOUNT) --reason TEXT [--by NAME]

An open dispute shows on the partner's statement and in the CRMs (Incentive_Payout__c status
Disputed, a count on the Account / company), and blocks approving, exporting and closing the
period. Resolving dismisses it, or posts the adjustment (positive pays more, negative less)
as a correction counted in the disputed period.
`;

async function run(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    err(`incentives disputes: ${(error as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  const { values: v, positionals } = parsed;
  const [action, ...rest] = positionals;
  if (v.help || !action) {
    process.stdout.write(HELP);
    return v.help ? EXIT.ok : EXIT.usage;
  }
  const usage = (message: string) => {
    err(`incentives disputes: ${message}`);
    return EXIT.usage;
  };
  const format = v.format ?? "table";
  if (format !== "table" && format !== "json") return usage("--format must be table or json");
  if (v.period !== undefined && !isPeriod(v.period)) return usage(`--period '${v.period}' is not a period`);
  if (v.status !== undefined && !["open", "dismissed", "adjusted"].includes(v.status))
    return usage("--status must be open, dismissed or adjusted");
  if (action === "open" && (rest.length !== 1 || !v.period || !v.reason))
    return usage("open needs <partner>, --period and --reason");
  if (action === "resolve") {
    if (rest.length !== 1 || !/^\d+$/.test(rest[0]!)) return usage("resolve needs a dispute id");
    if (!v.reason) return usage("resolve needs --reason");
    if (Boolean(v.dismiss) === (v.adjust !== undefined))
      return usage("resolve needs exactly one of --dismiss or --adjust AMOUNT");
  }
  if (!["list", "open", "resolve"].includes(action)) return usage(`unknown action '${action}'\n\n${HELP}`);
  const store = await openStore("disputes");
  if (typeof store === "number") return store;
  try {
    const actor = actorOf(v.by);
    if (action === "list") {
      const list = await store.disputes.list({
        ...(v.status ? { status: v.status as "open" } : {}),
        ...(v.period ? { period: v.period } : {}),
        ...(v.partner ? { partner: v.partner } : {}),
      });
      if (format === "json") out(json(list));
      else if (list.length === 0) out("no disputes");
      else
        out(
          table(
            ["ID", "PARTNER", "PERIOD", "STATUS", "DEAL", "LINE", "OPENED BY", "REASON", "RESOLUTION"],
            list.map((d) => [
              `#${d.id}`,
              d.partner,
              d.period,
              d.status,
              d.deal ?? "",
              d.line ?? "",
              d.openedBy,
              d.reason,
              d.resolution
                ? `${d.resolution}${d.adjustment ? ` (${d.adjustment})` : ""} by ${d.resolvedBy}`
                : "",
            ]),
          ),
        );
      return EXIT.ok;
    }
    const r =
      action === "open"
        ? await openDispute(store, {
            partner: rest[0]!,
            period: v.period!,
            reason: v.reason!,
            openedBy: actor,
            ...(v.deal ? { deal: v.deal } : {}),
            ...(v.line ? { line: v.line } : {}),
          })
        : await resolveDispute(store, {
            id: Number(rest[0]),
            resolution: v.dismiss ? "dismiss" : "adjust",
            ...(v.adjust !== undefined ? { amount: v.adjust } : {}),
            reason: v.reason!,
            resolvedBy: actor,
          });
    if (!r.ok) return usage(r.message);
    const d = r.dispute;
    if (format === "json") out(json(d));
    else
      out(
        action === "open"
          ? `dispute #${d.id} opened for ${d.partner} ${d.period}${d.deal ? ` (deal ${d.deal})` : ""}`
          : `dispute #${d.id} ${d.status}${d.adjustment ? `: adjustment ${d.adjustment} posted for ${d.period}` : ""}`,
      );
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      status: { type: "string" },
      period: { type: "string" },
      partner: { type: "string" },
      deal: { type: "string" },
      line: { type: "string" },
      reason: { type: "string" },
      by: { type: "string" },
      dismiss: { type: "boolean" },
      adjust: { type: "string" },
      format: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

export const command: CliCommand = { summary: "Open, list and resolve payout disputes", run };
