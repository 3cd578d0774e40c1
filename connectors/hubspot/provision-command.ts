// What `npx incentives provision hubspot [--check]` runs; the CLI module only forwards to it.
// Output goes through the given writer (the CLI passes stdout), never console.log.
import type { Logger } from "pino";
import type { ProvisionReport } from "../types.ts";
import { HubSpotConfigError } from "./config.ts";
import { createHubSpotConnectorFromEnv } from "./index.ts";

export interface ProvisionCommandIo {
  env?: NodeJS.ProcessEnv;
  write: (line: string) => void;
  logger?: Logger;
}

export function formatProvisionReport(report: ProvisionReport, check: boolean): string[] {
  const lines: string[] = [];
  if (report.changes.length === 0 && report.problems.length === 0)
    lines.push("HubSpot properties are up to date.");
  for (const c of report.changes) lines.push(`${check ? "would " : ""}${c}`);
  for (const p of report.problems) lines.push(`problem: ${p.object}.${p.field} ${p.problem}: ${p.detail}`);
  return lines;
}

/** Exit codes: 0 done (or nothing to do), 1 problems found or a HubSpot failure, 2 bad configuration. */
export async function runHubSpotProvision(args: string[], io: ProvisionCommandIo): Promise<number> {
  const check = args.includes("--check");
  let connector: ReturnType<typeof createHubSpotConnectorFromEnv>;
  try {
    connector = createHubSpotConnectorFromEnv(io.env ?? process.env, io.logger ? { logger: io.logger } : {});
  } catch (error) {
    if (error instanceof HubSpotConfigError) {
      io.write(error.message);
      return 2;
    }
    throw error;
  }
  try {
    const report = await connector.provision({ check });
    for (const line of formatProvisionReport(report, check)) io.write(line);
    return report.problems.length > 0 ? 1 : 0;
  } catch (error) {
    io.write(`HubSpot provisioning failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await connector.close();
  }
}
