// `incentives sync [--crm salesforce|hubspot] [--dry-run] [--format text|json]`: incremental pass.
import { parseArgs } from "node:util";
import type { CliCommand } from "../command.ts";
import { EXIT } from "../command.ts";
import { CRM_OPTION, readCrmOption } from "../crm-option.ts";
import { formatReport } from "../sync-report.ts";
import { setupSync } from "../sync-setup.ts";

const HELP = `usage: incentives sync [--crm salesforce|hubspot] [--dry-run] [--format text|json]

Incremental pass: reads what changed in each CRM since the saved cursors, recomputes every
period up to the current one, posts the ledger and writes back only the values that changed.
--dry-run prints the planned inbound and outbound changes and the API calls they would spend,
and writes nothing anywhere (not even cursors).
Credentials: SALESFORCE_* / HUBSPOT_* (see the connectors' READMEs); none → sandbox mode.
Store: DATABASE_URL or DATA_DIR (default ./data).
`;

async function run(args: string[]): Promise<number> {
  let values: {
    crm?: string | undefined;
    "dry-run"?: boolean | undefined;
    format?: string | undefined;
    help?: boolean | undefined;
  };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        ...CRM_OPTION,
        "dry-run": { type: "boolean" },
        format: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`incentives sync: ${(error as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const crm = readCrmOption(values.crm, "sync");
  if (!crm.ok) {
    process.stderr.write(crm.message);
    return EXIT.usage;
  }
  const setup = await setupSync();
  if (!setup.ok) {
    process.stderr.write(`incentives sync: configuration problems:\n  ${setup.problems.join("\n  ")}\n`);
    return EXIT.usage;
  }
  try {
    const report = await setup.value.runtime.sync({
      trigger: "cli",
      ...(crm.crm ? { crm: crm.crm } : {}),
      dryRun: values["dry-run"] === true,
    });
    process.stdout.write(
      values.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report),
    );
    return report.outcome === "failed" ? EXIT.failure : EXIT.ok;
  } finally {
    await setup.value.close();
  }
}

export const command: CliCommand = { summary: "incremental CRM sync (--dry-run to preview)", run };
