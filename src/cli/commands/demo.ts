// `incentives demo`: the whole product in one command. Starts both sandbox CRMs seeded with demo
// data (the Salesforce org loaded with the project's metadata, HubSpot provisioned through the
// connector), opens PGlite in DATA_DIR (default ./data), runs a reconcile and prints a summary.
import { parseArgs } from "node:util";
import { pino } from "pino";
import { composeRuntime } from "../../compose/compose-runtime.ts";
import { DEFAULT_SANDBOX_SEED, runtimeConfigFromEnv } from "../../compose/runtime-config.ts";
import { createLogger } from "../../service/logger.ts";
import type { CliCommand } from "../command.ts";
import { EXIT } from "../command.ts";
import { progressFor } from "../progress-bar.ts";
import { formatReport } from "../sync-report.ts";

const HELP = `usage: incentives demo [--partners N] [--deals N] [--mirror-every N] [--verbose]

Starts both sandbox CRMs (Salesforce and HubSpot emulators) in this process, seeded with
deterministic demo data (default 200 partners, 4,000 deals split between the CRMs, every 10th
Salesforce deal mirrored into HubSpot), opens the store (PGlite in DATA_DIR, default ./data,
or DATABASE_URL), runs a full reconcile and prints partners per tier, payouts, API calls per
CRM and quarantined records. Logs go to ./demo.log; --verbose sends them to stderr and
prints the full run report.
`;

async function run(args: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        partners: { type: "string" },
        deals: { type: "string" },
        "mirror-every": { type: "string" },
        verbose: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`incentives demo: ${(error as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const int = (v: unknown, d: number) => (typeof v === "string" && /^\d+$/.test(v) ? Number(v) : d);
  const seed = {
    ...DEFAULT_SANDBOX_SEED,
    partners: int(values.partners, DEFAULT_SANDBOX_SEED.partners),
    deals: int(values.deals, DEFAULT_SANDBOX_SEED.deals),
    mirrorEvery: int(values["mirror-every"], DEFAULT_SANDBOX_SEED.mirrorEvery ?? 10),
  };
  const config = runtimeConfigFromEnv(process.env, { seed, sandbox: true });
  if (!config.ok) {
    process.stderr.write(`incentives demo: configuration problems:\n  ${config.problems.join("\n  ")}\n`);
    return EXIT.usage;
  }
  const out = (s: string) => process.stdout.write(s);
  const logs = demoLogger(values.verbose === true);
  out(`Starting sandbox CRMs (${seed.partners} partners, ${seed.deals} deals)…\n`);
  const composed = await composeRuntime(config.value, { logger: logs.logger, progress: progressFor() });
  if (!composed.ok) {
    process.stderr.write(`incentives demo: cannot start:\n  ${composed.problems.join("\n  ")}\n`);
    return EXIT.failure;
  }
  const { runtime, store, close } = composed.value;
  const sandbox = composed.value.sandbox!;
  try {
    const s = sandbox.seeded!;
    out(
      `  Salesforce emulator ${sandbox.salesforce.url}: ${s.partners} partner accounts, ${s.salesforceDeals} opportunities\n` +
        `  HubSpot emulator    ${sandbox.hubspot.url}: ${s.partners} partner companies, ${s.hubspotDeals} deals (${s.mirrored} mirrored from Salesforce)\n`,
    );
    out(
      `Store: ${store.backend}${store.backend === "pglite" ? ` in ${process.env.DATA_DIR ?? "./data"}` : ""}\nRunning reconcile…\n`,
    );
    const started = Date.now();
    const report = await runtime.reconcile();
    const ms = Date.now() - started;
    if (values.verbose) out(formatReport(report));
    const calls = sandbox.calls();
    const open = await store.recordErrors.list({ status: "open", limit: 100_000 });
    const byClass: Record<string, number> = { retryable: 0, permanent: 0, config: 0 };
    for (const e of open) byClass[e.class] = (byClass[e.class] ?? 0) + 1;
    const sum = report.summary;
    out(
      `\nReconcile ${report.outcome} in ${(ms / 1000).toFixed(1)} s (period ${report.period ?? "?"})${report.message ? `: ${report.message}` : ""}\n`,
    );
    out("\nPartners per tier\n");
    for (const [tier, n] of Object.entries(sum?.tiers ?? {}).sort())
      out(`  ${tier.padEnd(12)} ${String(n).padStart(6)}\n`);
    out(`\nPayouts (${report.period ?? "current period"})\n`);
    out(`  total payable       ${(sum?.payable ?? "0").padStart(14)}\n`);
    for (const [component, amount] of Object.entries(sum?.byComponent ?? {}).sort()) {
      out(`  ${component.padEnd(19)} ${amount.padStart(14)}\n`);
    }
    const c = report.counts;
    out("\nAPI calls (emulator call accounting)\n");
    for (const crm of ["salesforce", "hubspot"] as const) {
      const k = calls[crm];
      out(`  ${crm.padEnd(11)} ${String(k.total).padStart(5)} calls: ${k.reads} reads, ${k.writes} writes\n`);
    }
    out(
      `\nRecords: read ${(c["read.salesforce"] ?? 0) + (c["read.hubspot"] ?? 0)}, linked across CRMs ${c["linked.partner"] ?? 0} partners / ${c["linked.deal"] ?? 0} deals, ` +
        `written back ${(c["written.salesforce"] ?? 0) + (c["written.hubspot"] ?? 0)} + ${c["written.payouts"] ?? 0} Incentive_Payout__c, ledger rows ${c["ledger.rows"] ?? 0}\n`,
    );
    out(
      `\nQuarantined records (open): retryable ${byClass.retryable}, permanent ${byClass.permanent}, config ${byClass.config}\n`,
    );
    if (open.length > 0) out("  (see `incentives quarantine list`)\n");
    if (logs.file) out(`\nLogs: ${logs.file}\n`);
    return report.outcome === "failed" ? EXIT.failure : EXIT.ok;
  } finally {
    await close();
  }
}

/**
 * The summary is for a person: log lines (JSON) would interleave with it, so they go to
 * ./demo.log (not into DATA_DIR, which is PGlite's own folder), or to stderr with --verbose.
 * LOG_LEVEL sets the level either way.
 */
function demoLogger(verbose: boolean) {
  const level = process.env.LOG_LEVEL ?? "info";
  if (verbose) return { logger: createLogger({ level }, pino.destination(2)), file: null };
  const file = "demo.log";
  return { logger: createLogger({ level }, pino.destination({ dest: file, sync: true })), file };
}

export const command: CliCommand = { summary: "sandbox CRMs + demo data + reconcile, with a summary", run };
