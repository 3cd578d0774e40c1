// `incentives provision [--check] --crm <salesforce|hubspot>` (or the CRM as a positional): make (or, with --check, only compare)
// the CRM-side fields the product writes. HubSpot properties are created through the API;
// Salesforce metadata is deployed with the Salesforce CLI, so there the command only compares
// the org's describe with the SFDX package and prints the deploy command.
import { parseArgs } from "node:util";
import { createHubSpotConnectorFromEnv, HubSpotConfigError } from "../../../connectors/hubspot/index.ts";
import { createSalesforceConnector, salesforceConfigFromEnv } from "../../../connectors/salesforce/index.ts";
import type { CrmConnector, CrmName, ProvisionReport } from "../../../connectors/types.ts";
import type { CliCommand } from "../command.ts";
import { EXIT } from "../command.ts";
import { CRM_OPTION, readCrmOption } from "../crm-option.ts";

const OPTIONS = { ...CRM_OPTION, check: { type: "boolean" }, help: { type: "boolean" } } as const;

const HELP = `usage: incentives provision [--check] --crm <salesforce|hubspot>
       incentives provision [--check] <salesforce|hubspot>

Creates the property group and properties the product writes in HubSpot (idempotent: a second
run changes nothing). For Salesforce, compares the org with connectors/salesforce/metadata and
prints what is missing; deploy that package with the Salesforce CLI (see README).

  --crm     the CRM to provision (the same option sync and mappings take; the CRM may also be
            given as the only positional argument)
  --check   only report what is missing or of the wrong type; change nothing

Credentials come from the environment (SALESFORCE_* / HUBSPOT_*, see README).
Exit codes: 0 nothing missing, 1 problems found or the CRM failed, 2 bad arguments or config.
`;

type Built = { ok: true; connector: CrmConnector } | { ok: false; problems: string[] };

function buildConnector(crm: CrmName, env: NodeJS.ProcessEnv): Built {
  if (crm === "salesforce") {
    const parsed = salesforceConfigFromEnv(env);
    return parsed.ok ? { ok: true, connector: createSalesforceConnector(parsed.config) } : parsed;
  }
  try {
    return { ok: true, connector: createHubSpotConnectorFromEnv(env) };
  } catch (error) {
    if (error instanceof HubSpotConfigError) return { ok: false, problems: [error.message] };
    throw error;
  }
}

export function formatReport(crm: CrmName, report: ProvisionReport, check: boolean): string[] {
  const lines: string[] = [];
  for (const change of report.changes) lines.push(`${check ? "would " : ""}${change}`);
  for (const p of report.problems) lines.push(`${p.problem.padEnd(22)} ${p.object}.${p.field}: ${p.detail}`);
  if (lines.length === 0) lines.push(`${crm}: every field the product reads and writes is in place.`);
  return lines;
}

export const command: CliCommand = {
  summary: "create or check the CRM fields the product reads and writes",
  async run(args) {
    let parsed: ReturnType<
      typeof parseArgs<{
        options: typeof OPTIONS;
        allowPositionals: true;
      }>
    >;
    try {
      parsed = parseArgs({
        args,
        options: OPTIONS,
        allowPositionals: true,
      });
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n\n${HELP}`);
      return EXIT.usage;
    }
    if (parsed.values.help) {
      process.stdout.write(HELP);
      return EXIT.ok;
    }
    const crm = crmArgument(parsed.values.crm, parsed.positionals);
    if (!crm.ok) {
      process.stderr.write(`${crm.message}${HELP}`);
      return EXIT.usage;
    }
    return provision(crm.crm, parsed.values.check === true);
  },
};

/** The CRM from --crm or the single positional (the older form); exactly one of the two. */
function crmArgument(
  option: string | undefined,
  positionals: string[],
): { ok: true; crm: CrmName } | { ok: false; message: string } {
  if (option !== undefined && positionals.length > 0) {
    return {
      ok: false,
      message: "incentives provision: give the CRM either as --crm or as a positional, not both\n\n",
    };
  }
  if (positionals.length > 1) return { ok: false, message: "" };
  const read = readCrmOption(option ?? positionals[0], "provision");
  if (!read.ok) return { ok: false, message: `${read.message}\n` };
  return read.crm ? { ok: true, crm: read.crm } : { ok: false, message: "" };
}

async function provision(crm: CrmName, check: boolean): Promise<number> {
  const built = buildConnector(crm, process.env);
  if (!built.ok) {
    process.stderr.write(
      `${crm} configuration is invalid:\n${built.problems.map((p) => `  - ${p}`).join("\n")}\n`,
    );
    return EXIT.usage;
  }
  try {
    const report = await built.connector.provision({ check });
    process.stdout.write(`${formatReport(crm, report, check).join("\n")}\n`);
    return report.problems.length > 0 ? EXIT.failure : EXIT.ok;
  } catch (error) {
    process.stderr.write(`${crm} provisioning failed: ${(error as Error).message}\n`);
    return EXIT.failure;
  } finally {
    await built.connector.close();
  }
}
