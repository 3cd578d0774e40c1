// `incentives mappings validate [--crm salesforce|hubspot] [--mapping-dir mappings] [--offline]`
// Loads the field mappings, checks every rule offline, then (when a connector is configured)
// against the CRM's live describe/properties. Prints one table of problems; exit 2 when any.
import { parseArgs } from "node:util";
import type { HubSpotConfigInput } from "../../../connectors/hubspot/index.ts";
import type { CrmConnector, CrmName, ObjectDescription } from "../../../connectors/types.ts";
import { liveProblems } from "../../sync/mapping/live-check.ts";
import { loadMapping, mappingPath } from "../../sync/mapping/load.ts";
import type { Mapping, MappingProblem } from "../../sync/mapping/types.ts";
import { checkMappingPair } from "../../sync/mapping/validate.ts";
import type { CliCommand } from "../command.ts";
import { EXIT } from "../command.ts";
import { CRM_OPTION, readCrmOption } from "../crm-option.ts";

/** Fetches one object's live description; null when no connector is configured for the CRM. */
export type DescribeFor = ((crm: CrmName, object: string) => Promise<ObjectDescription>) | null;

export interface MappingsDeps {
  /** Per CRM: how to describe its objects, or null to skip the live check. May throw (bad config). */
  describeFor: (crm: CrmName) => DescribeFor | Promise<DescribeFor>;
  /** Releases whatever `describeFor` opened (connectors). */
  close?: () => Promise<void>;
  out: (text: string) => void;
  err: (text: string) => void;
}

const USAGE = `usage: incentives mappings validate [--crm salesforce|hubspot] [--mapping-dir mappings] [--offline]

Checks the field mappings (mappings/<crm>.yaml): the format and every rule offline, then each
mapped field against the CRM's live describe/properties when the CRM's credentials are in the
environment (SALESFORCE_AUTH ..., HUBSPOT_ACCESS_TOKEN or HUBSPOT_CLIENT_ID ...).
Prints a table of problems; exit 2 when there is any, 1 when a CRM cannot be described.
`;

const COLUMNS = ["crm", "entity", "field", "crm_field", "problem"] as const;

/** A plain text table: one row per problem, the YAML path after the message. */
export function formatProblemTable(problems: readonly MappingProblem[]): string {
  const rows = problems.map((p) => [
    p.crm ?? "-",
    p.entity ?? "-",
    p.field ?? "-",
    p.crm_field ?? "-",
    p.path ? `${p.message} [${p.path}]` : p.message,
  ]);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return `${[line(COLUMNS), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n")}\n`;
}

export async function runValidate(args: string[], deps: MappingsDeps): Promise<number> {
  let values: { crm?: string; "mapping-dir"?: string; offline?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        ...CRM_OPTION,
        "mapping-dir": { type: "string", default: "mappings" },
        offline: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    deps.err(`incentives mappings: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const crm = readCrmOption(values.crm, "mappings");
  if (!crm.ok) {
    deps.err(crm.message);
    return EXIT.usage;
  }
  const crms: CrmName[] = crm.crm ? [crm.crm] : ["salesforce", "hubspot"];
  const dir = values["mapping-dir"] ?? "mappings";
  const problems: MappingProblem[] = [];
  const loaded: Mapping[] = [];
  for (const crm of crms) {
    const path = mappingPath(dir, crm);
    const result = await loadMapping(path, crm);
    if (!result.ok) {
      problems.push(...result.problems);
      deps.out(`${path}: ${result.problems.length} problem(s)\n`);
      continue;
    }
    loaded.push(result.mapping);
    deps.out(`${path}: format and rules OK\n`);
    if (values.offline) {
      deps.out(`${crm}: live check against the CRM's describe skipped (--offline)\n`);
      continue;
    }
    try {
      const describe = await deps.describeFor(crm);
      if (!describe) {
        deps.out(
          `${crm}: live check against the CRM's describe skipped (no ${crm} connector is configured)\n`,
        );
        continue;
      }
      const live = await liveProblems(result.mapping, describe);
      problems.push(...live);
      deps.out(`${crm}: live check against the CRM's describe: ${live.length} problem(s)\n`);
    } catch (error) {
      deps.err(
        `incentives mappings: cannot describe ${crm}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return EXIT.failure;
    }
  }
  const [a, b] = loaded;
  if (a && b) problems.push(...checkMappingPair(a, b));
  if (problems.length > 0) {
    deps.out(`\n${formatProblemTable(problems)}`);
    return EXIT.usage;
  }
  deps.out("no problems\n");
  return EXIT.ok;
}

/**
 * Live describes through the real connectors, configured from the environment the service uses
 * (SALESFORCE_AUTH ..., HUBSPOT_ACCESS_TOKEN / HUBSPOT_CLIENT_ID ...). A CRM with no credentials
 * set is skipped; the connector modules load only when needed, so offline runs stay fast.
 */
export function connectorDescribers(env: NodeJS.ProcessEnv): Pick<MappingsDeps, "describeFor" | "close"> {
  const open: CrmConnector[] = [];
  const describeWith = (connector: CrmConnector): DescribeFor => {
    open.push(connector);
    return (_crm, object) => connector.describe(object);
  };
  return {
    async describeFor(crm: CrmName): Promise<DescribeFor> {
      if (crm === "salesforce") {
        if (!env.SALESFORCE_AUTH) return null;
        const sf = await import("../../../connectors/salesforce/index.ts");
        const config = sf.salesforceConfigFromEnv(env);
        if (!config.ok) throw new Error(`Salesforce config invalid:\n${config.problems.join("\n")}`);
        return describeWith(sf.createSalesforceConnector(config.config));
      }
      if (!env.HUBSPOT_ACCESS_TOKEN && !env.HUBSPOT_REFRESH_TOKEN && !env.HUBSPOT_CLIENT_ID) return null;
      const hs = await import("../../../connectors/hubspot/index.ts");
      return describeWith(hs.createHubSpotConnector(hs.hubSpotConfigFromEnv(env) as HubSpotConfigInput));
    },
    async close() {
      await Promise.allSettled(open.map((c) => c.close()));
    },
  };
}

export function createMappingsCommand(deps: MappingsDeps): CliCommand {
  return {
    summary: "Validate the CRM field mappings (offline, and against live describes when configured)",
    async run(args: string[]): Promise<number> {
      const [sub, ...rest] = args;
      if (sub === "validate") {
        try {
          return await runValidate(rest, deps);
        } finally {
          await deps.close?.();
        }
      }
      if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
        deps.out(USAGE);
        return sub === undefined ? EXIT.usage : EXIT.ok;
      }
      deps.err(`incentives mappings: unknown subcommand '${sub}'\n\n${USAGE}`);
      return EXIT.usage;
    },
  };
}

export const command: CliCommand = createMappingsCommand({
  ...connectorDescribers(process.env),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
