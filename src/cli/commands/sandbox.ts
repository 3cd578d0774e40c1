// `incentives sandbox`: both CRM emulators on fixed ports, seeded, until Ctrl-C; prints the
// environment that points `incentives sync` / `reconcile` at them.
import { rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import { startSandbox } from "../../../sandbox/index.ts";
import type { CliCommand } from "../command.ts";
import { EXIT } from "../command.ts";

const HELP = `usage: incentives sandbox [--salesforce-port 8701] [--hubspot-port 8702] [--partners 200] [--deals 4000] [--empty]

Starts the Salesforce and HubSpot emulators (org loaded with the project's metadata, portal
provisioned), seeded with the demo data unless --empty, and runs until Ctrl-C.
`;

async function run(args: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        "salesforce-port": { type: "string" },
        "hubspot-port": { type: "string" },
        partners: { type: "string" },
        deals: { type: "string" },
        empty: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`incentives sandbox: ${(error as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const int = (v: unknown, d: number) => (typeof v === "string" && /^\d+$/.test(v) ? Number(v) : d);
  const sandbox = await startSandbox({
    salesforcePort: int(values["salesforce-port"], Number(process.env.SANDBOX_SALESFORCE_PORT ?? 8701)),
    hubspotPort: int(values["hubspot-port"], Number(process.env.SANDBOX_HUBSPOT_PORT ?? 8702)),
    seed: values.empty ? null : { partners: int(values.partners, 200), deals: int(values.deals, 4000) },
  });
  // The demo data is multi-currency and CRMs carry no exchange rates: hand the sync a file.
  const fxFile = join(tmpdir(), `incentives-sandbox-fx-${process.pid}.yaml`);
  // The fx file is this process's: removed however it ends (a crash included), not left in tmp.
  const removeFx = () => rmSync(fxFile, { force: true });
  process.once("exit", removeFx);
  // Listening before the fx file is written and the environment printed: whoever reads it may
  // stop us at once, and a signal with no listener yet would kill before anything is cleaned up.
  const stopped = stopSignal();
  await writeFile(fxFile, stringify(sandbox.fx));
  const env = { ...sandbox.env, INCENTIVES_FX_FILE: fxFile };
  process.stdout.write(
    `Salesforce emulator: ${sandbox.salesforce.url}\nHubSpot emulator:    ${sandbox.hubspot.url}\n` +
      // The package's reports run on the sandbox org (Reports REST API, with the access token below).
      `Salesforce reports:  ${sandbox.salesforce.url}/services/data/v62.0/analytics/reports\n` +
      (sandbox.seeded
        ? `Seeded: ${sandbox.seeded.partners} partners in both, ${sandbox.seeded.salesforceDeals} Salesforce opportunities, ${sandbox.seeded.hubspotDeals} HubSpot deals (${sandbox.seeded.mirrored} mirrored)\n`
        : "") +
      `\nPoint the CLI at it:\n${Object.entries(env)
        .map(([k, v]) => `  export ${k}='${v}'`)
        .join("\n")}\n` +
      `\nthen: npx incentives reconcile   (Ctrl-C here stops the sandbox)\n`,
  );
  await stopped;
  await sandbox.close();
  removeFx();
  return EXIT.ok;
}

/**
 * Resolves on SIGINT, SIGTERM or SIGHUP, or when the parent process goes away. Started through
 * `npx` / `npm exec`, a TERM sent to npm can stop npm and the shell between without reaching this
 * process, which would then keep the emulators' ports; orphaned, it is reparented, and stops too.
 */
function stopSignal(): Promise<void> {
  const parent = process.ppid;
  return new Promise<void>((resolve) => {
    const done = () => {
      clearInterval(watch);
      for (const s of SIGNALS) process.off(s, done);
      resolve();
    };
    const watch = setInterval(() => {
      if (process.ppid !== parent) done();
    }, 250);
    for (const s of SIGNALS) process.once(s, done);
  });
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

export const command: CliCommand = { summary: "run both sandbox CRMs on fixed ports until Ctrl-C", run };
