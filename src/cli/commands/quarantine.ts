// `incentives quarantine list|retry|dismiss`: records the sync could not apply or write.
import { parseArgs } from "node:util";
import { tryOpenStoreFromEnv } from "../../store/index.ts";
import { quarantineAdmin } from "../../sync/quarantine.ts";
import type { CliCommand } from "../command.ts";
import { EXIT } from "../command.ts";

const HELP = `usage: incentives quarantine list [--status open|dismissed|resolved] [--crm salesforce|hubspot] [--format table|json]
       incentives quarantine retry <id>...
       incentives quarantine dismiss <id>... [--reason TEXT]

Each record carries a class: retryable (lock, rate, 5xx; retried automatically on later runs
up to a cap), permanent (validation, bad value) or config (mapping, permission, missing field).
'retry' flags records for the next sync/reconcile; 'dismiss' stops tracking them.
`;

async function run(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    process.stderr.write(`incentives quarantine: ${(error as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [action, ...ids] = positionals;
  if (values.help || !action) {
    process.stdout.write(HELP);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const status = values.status ?? "open";
  if (!["open", "dismissed", "resolved"].includes(status)) {
    process.stderr.write("incentives quarantine: --status must be open, dismissed or resolved\n");
    return EXIT.usage;
  }
  if (
    (action === "retry" || action === "dismiss") &&
    (ids.length === 0 || ids.some((i) => !/^\d+$/.test(i)))
  ) {
    process.stderr.write(`incentives quarantine: ${action} needs numeric ids\n`);
    return EXIT.usage;
  }
  if (!["list", "retry", "dismiss"].includes(action)) {
    process.stderr.write(`incentives quarantine: unknown action '${action}'\n\n${HELP}`);
    return EXIT.usage;
  }
  const opened = await tryOpenStoreFromEnv();
  if (!opened.ok) {
    process.stderr.write(`incentives quarantine: ${opened.error.message}\n`);
    return EXIT.failure;
  }
  const admin = quarantineAdmin(opened.value);
  try {
    if (action === "list") {
      const rows = await admin.list({
        status: status as "open",
        ...(values.crm ? { crm: values.crm as "salesforce" } : {}),
        limit: 1000,
      });
      if (values.format === "json") {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      } else if (rows.length === 0) {
        process.stdout.write(`no ${status} quarantined records\n`);
      } else {
        process.stdout.write(
          `${"ID".padStart(6)} ${"CLASS".padEnd(9)} ${"CRM".padEnd(10)} ${"OBJECT".padEnd(20)} ${"RECORD".padEnd(20)} ${"FIELD".padEnd(24)} TRIES REASON\n`,
        );
        for (const r of rows) {
          process.stdout.write(
            `${String(r.id).padStart(6)} ${r.class.padEnd(9)} ${r.crm.padEnd(10)} ${r.object.padEnd(20)} ${r.recordId.padEnd(20)} ${r.field.padEnd(24)} ${String(r.attempts).padStart(5)} ${r.code}: ${r.reason}${r.retryRequested ? " (retry requested)" : ""}\n`,
          );
        }
      }
      return EXIT.ok;
    }
    let missing = 0;
    for (const id of ids) {
      const done =
        action === "retry"
          ? await admin.retry(Number(id))
          : await admin.dismiss(Number(id), values.reason ?? null);
      if (!done) {
        missing++;
        process.stderr.write(`incentives quarantine: no open record ${id}\n`);
      } else process.stdout.write(`${action === "retry" ? "flagged for retry" : "dismissed"}: ${id}\n`);
    }
    return missing > 0 ? EXIT.failure : EXIT.ok;
  } finally {
    await opened.value.close();
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      status: { type: "string" },
      crm: { type: "string" },
      format: { type: "string" },
      reason: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
    strict: true,
  });
}

export const command: CliCommand = { summary: "list, retry or dismiss quarantined records", run };
