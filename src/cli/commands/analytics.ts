// `incentives analytics --period P`: the program's analytics for a period (issue #17) from the
// store — a readable table with bar charts, or the full JSON (every figure with the partners and
// deals behind it); `--partner ID` shows one partner's figures as written to the CRMs.
import { parseArgs } from "node:util";
import { computeAnalytics, loadAnalyticsInput, programReport } from "../../analytics/index.ts";
import { fxForConfig } from "../../compose/fx.ts";
import { runtimeConfigFromEnv } from "../../compose/runtime-config.ts";
import { isPeriod } from "../../period/index.ts";
import { tryOpenStoreFromEnv } from "../../store/index.ts";
import { analyticsTable, partnerTable } from "../analytics-table.ts";
import type { CliCommand } from "../command.ts";
import { EXIT } from "../command.ts";

const HELP = `usage: incentives analytics --period PERIOD [--partner ID] [--format table|json]

Program analytics for one period (docs/analytics.md): partners by tier and segment (20-60-20),
the activation funnel, incentive cost by component and tier, cost-to-incentive and ROI,
sourced vs influenced revenue, SPIF budgets and MDF/co-op funds, payout accuracy (adjustments,
clawbacks, holds, disputes) and trends against the previous period. --format json prints every
figure with the ids of the partners and deals behind it. --partner shows one partner's figures.
Store: DATABASE_URL (PostgreSQL) or DATA_DIR (embedded, default ./data); deal amounts in other
currencies are converted with INCENTIVES_FX_FILE (the sandbox's rates without CRM credentials).
`;

async function run(args: string[]): Promise<number> {
  let values: { period?: string; partner?: string; format?: string; help?: boolean };
  try {
    values = parseArgs({
      args,
      options: {
        period: { type: "string" },
        partner: { type: "string" },
        format: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`incentives analytics: ${(error as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const format = values.format ?? "table";
  if (!values.period || !isPeriod(values.period) || (format !== "table" && format !== "json")) {
    process.stderr.write(`incentives analytics: a valid --period is required (e.g. 2026-Q4)\n\n${HELP}`);
    return EXIT.usage;
  }
  const config = runtimeConfigFromEnv(process.env);
  const fx = config.ok ? await fxForConfig(config.value) : config;
  if (!fx.ok) {
    process.stderr.write(`incentives analytics: ${fx.problems.join("; ")}\n`);
    return EXIT.usage;
  }
  const opened = await tryOpenStoreFromEnv();
  if (!opened.ok) {
    process.stderr.write(`incentives analytics: ${opened.error.message}\n`);
    return opened.error.code === "store_config_invalid" ? EXIT.usage : EXIT.failure;
  }
  const store = opened.value;
  try {
    const options = {
      period: values.period,
      fx: fx.value,
      ...(config.ok && config.value.programPath ? { programPath: config.value.programPath } : {}),
    };
    if (values.partner) {
      const input = await loadAnalyticsInput(store, options);
      const analytics = computeAnalytics(input);
      const p = analytics.partners.get(values.partner);
      if (!p) {
        process.stderr.write(`incentives analytics: no partner ${values.partner} in the store\n`);
        return EXIT.usage;
      }
      const name = input.partners.find((x) => x.id === values.partner)?.name ?? values.partner;
      process.stdout.write(
        format === "json"
          ? `${JSON.stringify(p, null, 2)}\n`
          : partnerTable(p, name, values.period, analytics.program.currency),
      );
      return EXIT.ok;
    }
    // A closed period's program figures are kept as first computed (analytics/program-report.ts).
    const { analytics } = await programReport(store, options);
    process.stdout.write(
      format === "json" ? `${JSON.stringify(analytics, null, 2)}\n` : analyticsTable(analytics),
    );
    return EXIT.ok;
  } catch (error) {
    process.stderr.write(`incentives analytics: ${(error as Error).message}\n`);
    return EXIT.failure;
  } finally {
    await store.close();
  }
}

export const command: CliCommand = {
  summary: "Program analytics for a period: activation, segments, cost/ROI, budgets, accuracy, trends",
  run,
};
