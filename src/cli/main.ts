#!/usr/bin/env node
// The `incentives` CLI. Each command lives in its own module under ./commands and is loaded
// only when invoked, so `incentives validate` never pays for the CRM clients or the store.
import type { CliCommand } from "./command.ts";
import { EXIT } from "./command.ts";

const commands: Record<string, () => Promise<{ command: CliCommand }>> = {
  // Registry: one line per command. Keep alphabetical.
  analytics: () => import("./commands/analytics.ts"),
  compute: () => import("./commands/compute.ts"),
  demo: () => import("./commands/demo.ts"),
  disputes: () => import("./commands/disputes.ts"),
  ledger: () => import("./commands/ledger.ts"),
  mappings: () => import("./commands/mappings.ts"),
  payouts: () => import("./commands/payouts.ts"),
  periods: () => import("./commands/periods.ts"),
  provision: () => import("./commands/provision.ts"),
  quarantine: () => import("./commands/quarantine.ts"),
  reconcile: () => import("./commands/reconcile.ts"),
  sandbox: () => import("./commands/sandbox.ts"),
  serve: () => import("./commands/serve.ts"),
  sync: () => import("./commands/sync.ts"),
  validate: () => import("./commands/validate.ts"),
};

function usage(): string {
  const names = Object.keys(commands).sort();
  return `usage: incentives <command> [options]\n\ncommands:\n${names.map((n) => `  ${n}`).join("\n")}\n\nRun 'incentives <command> --help' for a command's options.\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`incentives: unknown command '${name}'\n\n${usage()}`);
    return EXIT.usage;
  }
  const { command } = await load();
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `incentives: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = EXIT.failure;
  },
);
