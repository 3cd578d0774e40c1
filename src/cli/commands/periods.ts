// `incentives periods list|close <period>`: which periods are open, and freezing one.
import { parseArgs } from "node:util";
import { keepAtClose } from "../../analytics/index.ts";
import { fxForConfig } from "../../compose/fx.ts";
import { runtimeConfigFromEnv } from "../../compose/runtime-config.ts";
import { type Store, tryOpenStoreFromEnv } from "../../store/index.ts";
import type { CliCommand } from "../command.ts";
import { EXIT } from "../command.ts";

const HELP = `usage: incentives periods list [--format table|json]
       incentives periods close <period> [--by NAME]

Closing a period freezes its ledger rows: a later change to it posts an 'adjustment' in the
first open period after it, naming the closed period and the cause. The period's program
analytics are computed at the close and kept (incentives analytics returns them on every run).
Store: DATABASE_URL (PostgreSQL) or DATA_DIR (embedded, default ./data).
`;

async function run(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    process.stderr.write(`incentives periods: ${(error as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const [action, period, ...extra] = positionals;
  const format = values.format ?? "table";
  if (format !== "table" && format !== "json") {
    process.stderr.write(`incentives periods: --format must be table or json\n`);
    return EXIT.usage;
  }
  if (action === "list" && period === undefined) {
    const store = await openStore();
    if (typeof store === "number") return store;
    try {
      const periods = await store.periods.list();
      if (format === "json") {
        process.stdout.write(`${JSON.stringify({ periods }, null, 2)}\n`);
      } else if (periods.length === 0) {
        process.stdout.write("no periods yet (none closed, no ledger rows)\n");
      } else {
        const lines = periods.map(
          (p) =>
            `${p.period.padEnd(10)} ${p.status.padEnd(7)} ${String(p.entries).padStart(8)}  ${p.closedAt ? `${p.closedAt} by ${p.closedBy}` : ""}`,
        );
        process.stdout.write(
          `${"PERIOD".padEnd(10)} ${"STATUS".padEnd(7)} ${"ROWS".padStart(8)}  CLOSED\n${lines.join("\n")}\n`,
        );
      }
      return EXIT.ok;
    } finally {
      await store.close();
    }
  }
  if (action === "close" && period !== undefined && extra.length === 0) {
    const store = await openStore();
    if (typeof store === "number") return store;
    try {
      const by = values.by ?? process.env.USER ?? "cli";
      const result = await store.periods.close(period, by);
      if (!result.ok) {
        process.stderr.write(`incentives periods: ${result.error.message}\n`);
        return EXIT.usage;
      }
      process.stdout.write(
        result.value.alreadyClosed ? `${period} was already closed\n` : `closed ${period}\n`,
      );
      const problem = await keepAnalytics(store, period);
      if (problem)
        process.stderr.write(
          `incentives periods: ${period} is closed, but its analytics were not kept (${problem}); the first 'incentives analytics --period ${period}' keeps them\n`,
        );
      return EXIT.ok;
    } finally {
      await store.close();
    }
  }
  process.stderr.write(`incentives periods: expected 'list' or 'close <period>'\n\n${HELP}`);
  return EXIT.usage;
}

/**
 * Keeps the closed period's program analytics as the store holds them now (docs/analytics.md),
 * with the runs' fx rates. Returns why it could not, or null. The close stands either way.
 */
async function keepAnalytics(store: Store, period: string): Promise<string | null> {
  const config = runtimeConfigFromEnv(process.env);
  const fx = config.ok ? await fxForConfig(config.value) : config;
  if (!fx.ok) return fx.problems.join("; ");
  try {
    await keepAtClose(store, {
      period,
      fx: fx.value,
      ...(config.ok && config.value.programPath ? { programPath: config.value.programPath } : {}),
    });
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: "string" },
      by: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

/** The store, or the exit code after explaining why it could not be opened. */
async function openStore(): Promise<Store | number> {
  const opened = await tryOpenStoreFromEnv();
  if (opened.ok) return opened.value;
  process.stderr.write(`incentives periods: ${opened.error.message}\n`);
  return opened.error.code === "store_config_invalid" ? EXIT.usage : EXIT.failure;
}

export const command: CliCommand = { summary: "List ledger periods or close one", run };
