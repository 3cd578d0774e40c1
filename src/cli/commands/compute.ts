// `incentives compute`: a program + data → the statement of one period (spec §4) on stdout.
import { parseArgs } from "node:util";
import { computeStatement, parseData, parseProgram } from "../../engine/index.ts";
import type { CliCommand } from "../command.ts";
import { EXIT } from "../command.ts";
import { formatProblems, readText } from "./engine-input.ts";
import { statementTable } from "./statement-table.ts";

const HELP = `usage: incentives compute --program <file.yaml> --data <file.json|yaml> --period <2026-Q1|2026-03|2026>
                          [--format json|table]

Evaluates every period from the program's start up to --period (tiers, holdbacks, funds and
clawbacks carry over) and prints that period's statement: JSON (spec §4) or a per-partner table.
Invalid input: exit 2, every problem on stderr, nothing on stdout.
`;

async function run(args: string[]): Promise<number> {
  let values: { program?: string; data?: string; period?: string; format?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        program: { type: "string" },
        data: { type: "string" },
        period: { type: "string" },
        format: { type: "string", default: "json" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    process.stderr.write(`incentives compute: ${(error as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const missing = (["program", "data", "period"] as const).filter((k) => !values[k]);
  if (missing.length > 0 || (values.format !== "json" && values.format !== "table")) {
    const why =
      missing.length > 0
        ? `missing ${missing.map((m) => `--${m}`).join(", ")}`
        : "--format must be json or table";
    process.stderr.write(`incentives compute: ${why}\n\n${HELP}`);
    return EXIT.usage;
  }
  const programFile = values.program!;
  const dataFile = values.data!;
  const [programText, dataText] = await Promise.all([
    readText(programFile, "--program"),
    readText(dataFile, "--data"),
  ]);
  let failed = false;
  const report = (file: string, problems: Parameters<typeof formatProblems>[1]) => {
    process.stderr.write(formatProblems(file, problems));
    failed = true;
  };
  if (!programText.ok) report(programFile, programText.problems);
  if (!dataText.ok) report(dataFile, dataText.problems);
  if (!programText.ok || !dataText.ok) return EXIT.usage;
  const program = parseProgram(programText.value);
  const data = parseData(dataText.value);
  if (!program.ok) report(programFile, program.problems);
  if (!data.ok) report(dataFile, data.problems);
  if (!program.ok || !data.ok || failed) return EXIT.usage;
  const statement = computeStatement(program.value, data.value, values.period!);
  if (!statement.ok) {
    report(dataFile, statement.problems);
    return EXIT.usage;
  }
  process.stdout.write(
    values.format === "table"
      ? statementTable(statement.value)
      : `${JSON.stringify(statement.value, null, 2)}\n`,
  );
  return EXIT.ok;
}

export const command: CliCommand = {
  summary: "Compute one period's incentive statement from a program and data",
  run,
};
