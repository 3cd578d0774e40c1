// `incentives demo`: the whole product in one command. Starts both sandbox CRMs seeded with demo
// data (the Salesforce org loaded with the project's metadata, HubSpot provisioned through the
// connector), opens PGlite in DATA_DIR (default ./data), runs a reconcile and prints a summary.
import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { parseArgs } from "node:util";
import { pino } from "pino";
import type { Sandbox, SandboxSeed } from "../../../sandbox/index.ts";
import { composeRuntime } from "../../compose/compose-runtime.ts";
import { DEFAULT_SANDBOX_SEED, runtimeConfigFromEnv } from "../../compose/runtime-config.ts";
import { parseProgram } from "../../engine/index.ts";
import { createLogger } from "../../service/logger.ts";
import type { Store } from "../../store/index.ts";
import type { SyncReport, SyncRuntime } from "../../sync/runtime.ts";
import type { CliCommand } from "../command.ts";
import { EXIT } from "../command.ts";
import { reportCheckLine } from "../demo-report-check.ts";
import { replayYear, type YearReplay } from "../demo-year.ts";
import { progressFor } from "../progress-bar.ts";
import { formatReport } from "../sync-report.ts";

const HELP = `usage: incentives demo [--program FILE] [--partners N] [--deals N] [--mirror-every N] [--verbose]

Starts both sandbox CRMs (Salesforce and HubSpot emulators) in this process, seeded with
deterministic demo data (default 200 partners, 4,000 deals split between the CRMs, every 10th
Salesforce deal mirrored into HubSpot), opens the store (PGlite in DATA_DIR, default ./data,
or DATABASE_URL), runs a full reconcile and prints partners per tier, payouts, API calls per
CRM and quarantined records. Logs go to ./demo.log; --verbose sends them to stderr and
prints the full run report.

--program FILE   compute with this program (default programs/example.yaml), e.g.
                 programs/archetypes.yaml: a ladder per partner type, margin bonus; the
                 summary then shows tiers per archetype. Without DATA_DIR, its store is
                 ./data-<file name> (./data-archetypes), so ./data keeps the default program.
`;

/** What the command line asked for. */
interface DemoOptions {
  seed: SandboxSeed;
  programFile: string | null;
  /** The program file's name, parsed up front; null without --program. */
  program: { ok: true; name: string } | null;
  verbose: boolean;
}

/** One demo in progress: where it prints, what it runs against, and its clock. */
interface Demo {
  options: DemoOptions;
  env: Record<string, string | undefined>;
  out: (s: string) => void;
  runtime: SyncRuntime;
  store: Store;
  sandbox: Sandbox;
  clock: DemoClock;
  firstDay: string;
}

/** Today's reconcile and how long it took. */
interface Today {
  report: SyncReport;
  ms: number;
}

async function run(args: string[]): Promise<number> {
  const options = await parseOptions(args);
  if (typeof options === "number") return options;
  const env = { ...process.env };
  // A store keeps one program's ledger: another program gets its own folder unless told otherwise.
  const { programFile, seed } = options;
  if (programFile && !env.DATA_DIR && !env.DATABASE_URL)
    env.DATA_DIR = `./data-${basename(programFile, extname(programFile))}`;
  if (programFile) env.INCENTIVES_PROGRAM = programFile;
  const config = runtimeConfigFromEnv(env, { seed, sandbox: true });
  if (!config.ok) {
    process.stderr.write(`incentives demo: configuration problems:\n  ${config.problems.join("\n  ")}\n`);
    return EXIT.usage;
  }
  const out = (s: string) => process.stdout.write(s);
  const logs = demoLogger(options.verbose);
  out(`Starting sandbox CRMs (${seed.partners} partners, ${seed.deals} deals)…\n`);
  const firstDay = seed.from ?? "2026-01-01";
  const clock = demoClock(firstDay);
  const composed = await composeRuntime(config.value, {
    logger: logs.logger,
    progress: progressFor(),
    clock: clock.now,
  });
  if (!composed.ok) {
    process.stderr.write(`incentives demo: cannot start:\n  ${composed.problems.join("\n  ")}\n`);
    return EXIT.failure;
  }
  const { runtime, store, close } = composed.value;
  const demo: Demo = { options, env, out, runtime, store, sandbox: composed.value.sandbox!, clock, firstDay };
  try {
    if (await programConflict(demo)) return EXIT.usage;
    printSeeded(demo);
    const replay = await replayIfFresh(demo);
    const today = await reconcileToday(demo);
    await printSummary(demo, today, replay);
    // After the summary: its API call counts are the reconcile's alone. The demo program pays in
    // USD, so "to the cent" is 2 digits.
    const org = demo.sandbox.salesforce;
    out(`\n${await reportCheckLine(store, { url: org.url, accessToken: org.accessToken }, 2)}`);
    if (logs.file) out(`\nLogs: ${logs.file}\n`);
    return today.report.outcome === "failed" ? EXIT.failure : EXIT.ok;
  } finally {
    await close();
  }
}

/** The command line, or the exit code when it is a usage error, --help or a bad program file. */
async function parseOptions(args: string[]): Promise<DemoOptions | number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        program: { type: "string" },
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
  const programFile = typeof values.program === "string" ? values.program : null;
  const program = programFile ? await programOf(programFile) : null;
  if (program && !program.ok) {
    process.stderr.write(`incentives demo: ${program.problem}\n`);
    return EXIT.usage;
  }
  return { seed, programFile, program, verbose: values.verbose === true };
}

interface DemoClock {
  now: () => number;
  /** Moves the clock the emulators and the runtime share to `ms`. */
  setNow: (ms: number) => void;
  /** Back to real time. */
  toRealTime: () => void;
}

/**
 * The demo's clock: it starts on the data's first day, so a fresh store can see the year happen
 * (replayYear), then moves to now for today's reconcile.
 */
function demoClock(firstDay: string): DemoClock {
  let offset = Date.parse(`${firstDay}T09:00:00.000Z`) - Date.now();
  return {
    now: () => Date.now() + offset,
    setNow: (ms) => {
      offset = ms - Date.now();
    },
    toRealTime: () => {
      offset = 0;
    },
  };
}

/** True (and said why) when the store already computes another program than --program's. */
async function programConflict(d: Demo): Promise<boolean> {
  const { program, programFile } = d.options;
  if (!program?.ok) return false;
  const running = (await d.store.programVersions.list()).at(-1)?.name;
  if (running === undefined || running === program.name) return false;
  process.stderr.write(
    `incentives demo: the store already computes "${running}", not "${program.name}" (${programFile}); ` +
      "point DATA_DIR at another folder for this program\n",
  );
  return true;
}

function printSeeded(d: Demo): void {
  const { sandbox } = d;
  const s = sandbox.seeded!;
  d.out(
    `  Salesforce emulator ${sandbox.salesforce.url}: ${s.partners} partner accounts, ${s.salesforceDeals} opportunities\n` +
      `  HubSpot emulator    ${sandbox.hubspot.url}: ${s.partners} partner companies, ${s.hubspotDeals} deals (${s.mirrored} mirrored from Salesforce)\n`,
  );
}

/** On a fresh store, the year's partner history as the CRMs lived it (demo-year.ts). */
async function replayIfFresh(d: Demo): Promise<YearReplay | null> {
  if ((await d.store.partners.list()).length > 0) return null;
  d.out(
    `Replaying the year on a fresh store: reconcile as of ${d.firstDay}, then partner attribute changes made in the CRMs on their dates…\n`,
  );
  return replayYear(d.sandbox, d.runtime, d.firstDay, d.clock.setNow);
}

/** Back to real time, API call counts from zero, then today's reconcile. */
async function reconcileToday(d: Demo): Promise<Today> {
  const { store } = d;
  d.clock.toRealTime();
  d.sandbox.resetCalls();
  d.out(
    `Store: ${store.backend}${store.backend === "pglite" ? ` in ${d.env.DATA_DIR ?? "./data"}` : ""}\n` +
      "Running reconcile…\n",
  );
  const started = Date.now();
  const report = await d.runtime.reconcile({ trigger: "demo" });
  return { report, ms: Date.now() - started };
}

async function printSummary(d: Demo, today: Today, replay: YearReplay | null): Promise<void> {
  const { report } = today;
  if (d.options.verbose) d.out(formatReport(report));
  const calls = d.sandbox.calls();
  const open = await d.store.recordErrors.list({ status: "open", limit: 100_000 });
  await printOutcome(d, today);
  await printTiersAndPayouts(d, report);
  printActivity(d, report, calls, replay);
  const byClass: Record<string, number> = { retryable: 0, permanent: 0, config: 0 };
  for (const e of open) byClass[e.class] = (byClass[e.class] ?? 0) + 1;
  d.out(
    `\nQuarantined records (open): retryable ${byClass.retryable}, permanent ${byClass.permanent}, config ${byClass.config}\n`,
  );
  if (open.length > 0) d.out("  (see `incentives quarantine list`)\n");
}

/** The reconcile's outcome and the program the store computes with. */
async function printOutcome(d: Demo, { report, ms }: Today): Promise<void> {
  d.out(
    `\nReconcile ${report.outcome} in ${(ms / 1000).toFixed(1)} s (period ${report.period ?? "?"})${report.message ? `: ${report.message}` : ""}\n`,
  );
  // The program the store computes with: the file's on a fresh store, else its latest version.
  const version = (await d.store.programVersions.list()).at(-1);
  const { programFile } = d.options;
  if (version)
    d.out(`Program: ${version.name} (version ${version.id}${programFile ? `, from ${programFile}` : ""})\n`);
}

async function printTiersAndPayouts(d: Demo, report: SyncReport): Promise<void> {
  const { out } = d;
  const sum = report.summary;
  out("\nPartners per tier\n");
  for (const [tier, n] of Object.entries(sum?.tiers ?? {}).sort())
    out(`  ${tier.padEnd(12)} ${String(n).padStart(6)}\n`);
  if (sum?.byArchetype) out(archetypeTable(sum.byArchetype));
  out(historyLine(await d.store.partnerHistory.list()));
  out(`\nPayouts (${report.period ?? "current period"})\n`);
  out(`  total payable       ${(sum?.payable ?? "0").padStart(14)}\n`);
  for (const [component, amount] of Object.entries(sum?.byComponent ?? {}).sort()) {
    out(`  ${component.padEnd(19)} ${amount.padStart(14)}\n`);
  }
}

/** API calls per CRM during today's reconcile, and what the records went through. */
function printActivity(
  d: Demo,
  report: SyncReport,
  calls: ReturnType<Sandbox["calls"]>,
  replay: YearReplay | null,
): void {
  const { out } = d;
  const c = report.counts;
  // Records are linked when first read: on a fresh store, in the replay's first reconcile.
  const linked = (e: string) => (replay?.first.counts[`linked.${e}`] ?? 0) + (c[`linked.${e}`] ?? 0);
  out("\nAPI calls (emulator call accounting)\n");
  for (const crm of ["salesforce", "hubspot"] as const) {
    const k = calls[crm];
    out(`  ${crm.padEnd(11)} ${String(k.total).padStart(5)} calls: ${k.reads} reads, ${k.writes} writes\n`);
  }
  out(
    `\nRecords: read ${(c["read.salesforce"] ?? 0) + (c["read.hubspot"] ?? 0)}, linked across CRMs ${linked("partner")} partners / ${linked("deal")} deals, ` +
      `written back ${(c["written.salesforce"] ?? 0) + (c["written.hubspot"] ?? 0)} + ${c["written.payouts"] ?? 0} Incentive_Payout__c, ledger rows ${c["ledger.rows"] ?? 0}\n`,
  );
}

/** Parses the program file up front: a bad file is a usage error before any CRM starts. */
async function programOf(file: string): Promise<{ ok: true; name: string } | { ok: false; problem: string }> {
  let yaml: string;
  try {
    yaml = await readFile(file, "utf8");
  } catch (error) {
    return { ok: false, problem: `cannot read ${file}: ${(error as Error).message}` };
  }
  const parsed = parseProgram(yaml);
  if (!parsed.ok)
    return {
      ok: false,
      problem: `${file} is not a valid program:\n  ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join("\n  ")}`,
    };
  return { ok: true, name: parsed.value.program };
}

/** Spec §6: how many partner attribute changes the store holds, and over which dates. */
function historyLine(entries: ReadonlyArray<{ source: string; effectiveFrom: string }>): string {
  const changes = entries.filter((e) => e.source !== "first_seen" && e.source !== "baseline");
  if (changes.length === 0) return "";
  const dates = changes.map((e) => e.effectiveFrom).sort();
  return `\nPartner attribute changes on record (each period judged by the values in effect then): ${changes.length}, dated ${dates[0]} to ${dates.at(-1)}\n`;
}

/**
 * Spec §5: with a ladder per partner type, "Gold" means different things on different ladders,
 * so the tiers are also shown per archetype (partner type), with the ladder(s) it is on.
 */
export function archetypeTable(
  byArchetype: Record<string, { ladders: string[]; tiers: Record<string, number> }>,
): string {
  let text = "\nTiers per archetype (partner type: ladder)\n";
  for (const [type, a] of Object.entries(byArchetype).sort(([x], [y]) => (x < y ? -1 : 1))) {
    const tiers = Object.entries(a.tiers)
      .sort(([x], [y]) => (x < y ? -1 : 1))
      .map(([t, n]) => `${t} ${n}`)
      .join(", ");
    text += `  ${`${type}: ${[...a.ladders].sort().join(" / ")}`.padEnd(36)} ${tiers}\n`;
  }
  return text;
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
