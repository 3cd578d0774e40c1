// `incentives reconcile [--dry-run] [--format text|json]`: the nightly full pass.
import { parseArgs } from "node:util";
import type { CliCommand } from "../command.ts";
import { EXIT } from "../command.ts";
import { formatReport } from "../sync-report.ts";
import { setupSync } from "../sync-setup.ts";

const HELP = `usage: incentives reconcile [--dry-run] [--format text|json]

The nightly job: full read of every configured CRM, recompute, post the ledger, write back every
drifted value (a value someone changed in the CRM, or a write that never landed), and report
the drift fixed. Running it again right after makes zero CRM writes.
`;

async function run(args: string[]): Promise<number> {
  let values: { "dry-run"?: boolean | undefined; format?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        "dry-run": { type: "boolean" },
        format: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`incentives reconcile: ${(error as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const setup = await setupSync();
  if (!setup.ok) {
    process.stderr.write(`incentives reconcile: configuration problems:\n  ${setup.problems.join("\n  ")}\n`);
    return EXIT.usage;
  }
  try {
    const report = await setup.value.runtime.reconcile({
      dryRun: values["dry-run"] === true,
      trigger: "cli",
    });
    const drift = (report.counts["written.salesforce"] ?? 0) + (report.counts["written.hubspot"] ?? 0);
    const text = `${formatReport(report)}drift fixed: ${drift} record(s) rewritten, ${report.counts["written.payouts"] ?? 0} payout(s) upserted\n`;
    process.stdout.write(values.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : text);
    return report.outcome === "failed" ? EXIT.failure : EXIT.ok;
  } finally {
    await setup.value.close();
  }
}

export const command: CliCommand = { summary: "full read of both CRMs, recompute, write back drift", run };
